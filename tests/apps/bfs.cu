// Rodinia bfs: level-synchronous breadth-first search over a CSR graph with a frontier
// mask, an updating mask, a visited array and a "stop" flag the host polls after each
// pair of kernels (many small launches with a cudaMemcpy in between).
#include "apps.h"

struct Node {
  int starting;
  int no_of_edges;
};

__global__ void Kernel(const Node *g_graph_nodes, const int *g_graph_edges, bool *g_graph_mask,
                       bool *g_updating_graph_mask, const bool *g_graph_visited, int *g_cost, int no_of_nodes) {
  int tid = blockIdx.x * blockDim.x + threadIdx.x;
  if (tid < no_of_nodes && g_graph_mask[tid]) {
    g_graph_mask[tid] = false;
    for (int i = g_graph_nodes[tid].starting; i < (g_graph_nodes[tid].no_of_edges + g_graph_nodes[tid].starting); i++) {
      int id = g_graph_edges[i];
      if (!g_graph_visited[id]) {
        g_cost[id] = g_cost[tid] + 1;
        g_updating_graph_mask[id] = true;
      }
    }
  }
}

__global__ void Kernel2(bool *g_graph_mask, bool *g_updating_graph_mask, bool *g_graph_visited, bool *g_over,
                        int no_of_nodes) {
  int tid = blockIdx.x * blockDim.x + threadIdx.x;
  if (tid < no_of_nodes && g_updating_graph_mask[tid]) {
    g_graph_mask[tid] = true;
    g_graph_visited[tid] = true;
    *g_over = true;
    g_updating_graph_mask[tid] = false;
  }
}

int main() {
  const int n = 200000, maxDeg = 6;
  uint32_t seed = 4242;
  Node *nodes = (Node *)malloc(n * sizeof(Node));
  int *edges = (int *)malloc((size_t)n * maxDeg * sizeof(int));
  int ne = 0;
  // A long chain (deep BFS: many levels) plus random shortcuts.
  for (int v = 0; v < n; v++) {
    nodes[v].starting = ne;
    if (v + 1 < n) edges[ne++] = v + 1;
    if (v > 0) edges[ne++] = v - 1;
    int extra = app_rand(&seed) % 3;
    for (int e = 0; e < extra; e++) {
      uint32_t r = app_rand(&seed);
      // Mostly local edges so the depth stays in the hundreds.
      int to = (r & 1) ? (int)((v + 1 + (r >> 1) % 2000) % n) : (int)((r >> 1) % n);
      if ((r & 6) == 0) edges[ne++] = to;
      else if (v + 2 < n) edges[ne++] = v + 2;
    }
    nodes[v].no_of_edges = ne - nodes[v].starting;
  }
  const int source = 0;
  bool *mask = (bool *)calloc(n, 1), *updating = (bool *)calloc(n, 1), *visited = (bool *)calloc(n, 1);
  int *cost = (int *)malloc(n * 4);
  for (int i = 0; i < n; i++) cost[i] = -1;
  mask[source] = visited[source] = true;
  cost[source] = 0;
  Node *d_nodes;
  int *d_edges, *d_cost;
  bool *d_mask, *d_updating, *d_visited, *d_over;
  CUDA_CHECK(cudaMalloc(&d_nodes, n * sizeof(Node)));
  CUDA_CHECK(cudaMalloc(&d_edges, ne * sizeof(int)));
  CUDA_CHECK(cudaMalloc(&d_mask, n));
  CUDA_CHECK(cudaMalloc(&d_updating, n));
  CUDA_CHECK(cudaMalloc(&d_visited, n));
  CUDA_CHECK(cudaMalloc(&d_cost, n * 4));
  CUDA_CHECK(cudaMalloc(&d_over, 1));
  CUDA_CHECK(cudaMemcpy(d_nodes, nodes, n * sizeof(Node), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_edges, edges, ne * sizeof(int), cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_mask, mask, n, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_updating, updating, n, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_visited, visited, n, cudaMemcpyHostToDevice));
  CUDA_CHECK(cudaMemcpy(d_cost, cost, n * 4, cudaMemcpyHostToDevice));
  const int threads = 512;
  dim3 grid((n + threads - 1) / threads), block(threads);
  bool stop;
  int k = 0;
  do {
    stop = false;
    CUDA_CHECK(cudaMemcpy(d_over, &stop, 1, cudaMemcpyHostToDevice));
    Kernel<<<grid, block>>>(d_nodes, d_edges, d_mask, d_updating, d_visited, d_cost, n);
    Kernel2<<<grid, block>>>(d_mask, d_updating, d_visited, d_over, n);
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaMemcpy(&stop, d_over, 1, cudaMemcpyDeviceToHost));
    k++;
  } while (stop && k < 100000);
  int *got = (int *)malloc(n * 4);
  CUDA_CHECK(cudaMemcpy(got, d_cost, n * 4, cudaMemcpyDeviceToHost));

  // Host BFS with a queue.
  int *want = (int *)malloc(n * 4), *queue = (int *)malloc(n * 4);
  for (int i = 0; i < n; i++) want[i] = -1;
  int head = 0, tailq = 0;
  want[source] = 0;
  queue[tailq++] = source;
  int depth = 0;
  while (head < tailq) {
    int v = queue[head++];
    for (int e = nodes[v].starting; e < nodes[v].starting + nodes[v].no_of_edges; e++) {
      int w = edges[e];
      if (want[w] < 0) {
        want[w] = want[v] + 1;
        depth = want[w] > depth ? want[w] : depth;
        queue[tailq++] = w;
      }
    }
  }
  EXPECT(k == depth + 1, "%d iterations, want %d (depth %d)", k, depth + 1, depth);
  for (int i = 0; i < n; i++) EXPECT(got[i] == want[i], "cost[%d] = %d, want %d", i, got[i], want[i]);
  cudaFree(d_nodes); cudaFree(d_edges); cudaFree(d_mask); cudaFree(d_updating); cudaFree(d_visited);
  cudaFree(d_cost); cudaFree(d_over);
  free(nodes); free(edges); free(mask); free(updating); free(visited); free(cost); free(got); free(want); free(queue);
  printf("bfs: %d nodes, %d edges, depth %d\n", n, ne, depth);
  return app_finish("bfs");
}

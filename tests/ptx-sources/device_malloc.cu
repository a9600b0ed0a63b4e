// Device-side heap: malloc/free, new/delete of objects and arrays, a per-block buffer
// shared through a __shared__ pointer, and a linked list built in the device heap.
struct Node {
  int value;
  Node *next;
};

__global__ void heap_list(int *out, int n) {
  Node *head = nullptr;
  for (int k = 0; k < n; k++) {
    Node *node = (Node *)malloc(sizeof(Node));
    if (!node) break;
    node->value = k * (int)threadIdx.x;
    node->next = head;
    head = node;
  }
  int sum = 0;
  while (head) {
    Node *next = head->next;
    sum += head->value;
    free(head);
    head = next;
  }
  out[blockIdx.x * blockDim.x + threadIdx.x] = sum;
}

__global__ void heap_shared_buffer(float *out) {
  __shared__ float *buf;
  if (threadIdx.x == 0) buf = new float[blockDim.x];
  __syncthreads();
  if (!buf) return;
  buf[threadIdx.x] = threadIdx.x * 0.5f;
  __syncthreads();
  out[blockIdx.x * blockDim.x + threadIdx.x] = buf[blockDim.x - 1 - threadIdx.x];
  __syncthreads();
  if (threadIdx.x == 0) delete[] buf;
}

struct Counter {
  int count;
  __device__ Counter() : count(7) {}
  __device__ ~Counter() { count = -1; }
};

__global__ void heap_new_delete(int *out) {
  Counter *c = new Counter();
  out[threadIdx.x] = c->count;
  delete c;
  void *big = malloc(1 << 20);
  out[threadIdx.x + blockDim.x] = big != nullptr;
  free(big);
}

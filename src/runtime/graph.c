/* runtime: CUDA graphs, built explicitly (cudaGraphAdd*Node) or by stream capture, and
 * launched by replaying their nodes in creation order. Creation order is a topological
 * order of the dependencies (a node can only depend on nodes that exist already), and
 * since every operation completes before the next starts, the replay honours every edge.
 * Stream capture records the kernels, copies, memsets and host functions issued to a
 * capturing stream instead of running them; streams that wait on an event recorded in a
 * capturing stream join its capture (fork/join), as CUDA's cross-stream capture does. */
#include "runtime_internal.h"

enum { GRAPH_MAGIC = 0x47524150u, EXEC_MAGIC = 0x47455845u };

typedef enum RtNodeKind {
  RT_NODE_EMPTY,
  RT_NODE_KERNEL,
  RT_NODE_MEMCPY,
  RT_NODE_MEMCPY3D,
  RT_NODE_MEMSET,
  RT_NODE_HOST,
} RtNodeKind;

struct CUgraphNode_st {
  RtNodeKind kind;
  struct CUgraphNode_st *origin; /* in an instantiated graph: the node it was copied from */
  union {
    struct {
      RtKernel *k;
      dim3 grid, block;
      unsigned shared;
      uint8_t *args;      /* the argument values, laid out as the parameter buffer */
      uint32_t *offsets;  /* where each argument starts in `args` */
      uint32_t nargs, size;
    } kernel;
    struct {
      void *dst;
      const void *src;
      size_t count;
      enum cudaMemcpyKind kind;
    } memcpy;
    struct cudaMemcpy3DParms memcpy3d;
    struct cudaMemsetParams memset;
    struct cudaHostNodeParams host;
  };
};

struct CUgraph_st {
  uint32_t magic;
  VEC(struct CUgraphNode_st *) nodes;
};

struct CUgraphExec_st {
  uint32_t magic;
  struct CUgraph_st graph; /* a deep copy: the source graph may be destroyed */
};

typedef struct RtCapture {
  cudaStream_t stream;
  struct CUgraph_st *graph;
  cudaStream_t origin; /* the stream that began the capture */
  unsigned long long id;
} RtCapture;

typedef struct RtEventCapture {
  cudaEvent_t event;
  struct CUgraph_st *graph;
} RtEventCapture;

static pthread_mutex_t graph_lock = PTHREAD_MUTEX_INITIALIZER;
static VEC(RtCapture) captures;
static VEC(RtEventCapture) event_captures;
static unsigned long long next_capture_id = 1;
static __thread enum cudaStreamCaptureMode capture_mode = cudaStreamCaptureModeGlobal;

/* ---- Nodes. ---- */

static void node_free(struct CUgraphNode_st *n) {
  if (!n) return;
  if (n->kind == RT_NODE_KERNEL) {
    free(n->kernel.args);
    free(n->kernel.offsets);
  }
  free(n);
}

static struct CUgraphNode_st *node_clone(const struct CUgraphNode_st *n) {
  struct CUgraphNode_st *c = xmalloc(sizeof *c);
  *c = *n;
  c->origin = (struct CUgraphNode_st *)n;
  if (n->kind == RT_NODE_KERNEL) {
    c->kernel.args = xmalloc(n->kernel.size ? n->kernel.size : 1);
    memcpy(c->kernel.args, n->kernel.args, n->kernel.size);
    c->kernel.offsets = xmalloc((n->kernel.nargs + 1) * sizeof(uint32_t));
    memcpy(c->kernel.offsets, n->kernel.offsets, n->kernel.nargs * sizeof(uint32_t));
  }
  return c;
}

/* Fills a kernel node from a launch: the arguments are copied now, as CUDA does, so the
 * caller's variables may change before the graph runs. */
static cudaError_t kernel_node_init(struct CUgraphNode_st *n, const void *func, RtKernel *k, dim3 grid,
                                    dim3 block, unsigned shared, void **args, void **extra) {
  if (!k) k = rt_kernel_find(func);
  if (!k) return cudaErrorInvalidDeviceFunction;
  CUfunction f;
  cudaError_t e = rt_kernel_function(k, &f);
  if (e != cudaSuccess) return e;
  VEC(uint32_t) offs = {0};
  VEC(uint32_t) sizes = {0};
  uint32_t total = 0;
  for (size_t i = 0;; i++) {
    size_t off = 0, size = 0;
    if (cuFuncGetParamInfo(f, i, &off, &size) != CUDA_SUCCESS) break;
    vec_push(&offs, (uint32_t)off);
    vec_push(&sizes, (uint32_t)size);
    total = MAX(total, (uint32_t)(off + size));
  }
  uint8_t *blob = xcalloc(1, total ? total : 1);
  if (extra) {
    const void *ptr = NULL;
    size_t size = 0;
    for (size_t i = 0; extra[i] != CU_LAUNCH_PARAM_END; i += 2) {
      if (extra[i] == CU_LAUNCH_PARAM_BUFFER_POINTER) ptr = extra[i + 1];
      else if (extra[i] == CU_LAUNCH_PARAM_BUFFER_SIZE && extra[i + 1]) size = *(size_t *)extra[i + 1];
    }
    if (total && (!ptr || size < total)) e = cudaErrorInvalidValue;
    else if (total) memcpy(blob, ptr, total);
  } else if (offs.len && !args) {
    e = cudaErrorInvalidValue;
  } else {
    for (size_t i = 0; i < offs.len; i++) memcpy(blob + offs.data[i], args[i], sizes.data[i]);
  }
  vec_free(&sizes);
  if (e != cudaSuccess) {
    free(blob);
    vec_free(&offs);
    return e;
  }
  n->kind = RT_NODE_KERNEL;
  n->kernel.k = k;
  n->kernel.grid = grid;
  n->kernel.block = block;
  n->kernel.shared = shared;
  n->kernel.args = blob;
  n->kernel.size = total;
  n->kernel.nargs = (uint32_t)offs.len;
  n->kernel.offsets = offs.data ? offs.data : xcalloc(1, sizeof(uint32_t));
  return cudaSuccess;
}

static cudaError_t node_run(const struct CUgraphNode_st *n, cudaStream_t stream) {
  switch (n->kind) {
  case RT_NODE_EMPTY: return cudaSuccess;
  case RT_NODE_KERNEL: {
    void *stack_args[64];
    void **args = n->kernel.nargs <= 64 ? stack_args : xmalloc(n->kernel.nargs * sizeof(void *));
    for (uint32_t i = 0; i < n->kernel.nargs; i++) args[i] = n->kernel.args + n->kernel.offsets[i];
    cudaError_t e = rt_launch(n->kernel.k, n->kernel.grid, n->kernel.block, args, n->kernel.shared, stream);
    if (args != stack_args) free(args);
    return e;
  }
  case RT_NODE_MEMCPY:
    return rt_copy(n->memcpy.dst, n->memcpy.src, n->memcpy.count, n->memcpy.kind, stream);
  case RT_NODE_MEMCPY3D: return rt_copy_3d(&n->memcpy3d, stream);
  case RT_NODE_MEMSET: return rt_memset_2d(&n->memset, stream);
  case RT_NODE_HOST: n->host.fn(n->host.userData); return cudaSuccess;
  }
  return cudaErrorInvalidValue;
}

/* ---- Graphs. ---- */

static bool graph_valid(const struct CUgraph_st *g) { return g && g->magic == GRAPH_MAGIC; }

static struct CUgraph_st *graph_new(void) {
  struct CUgraph_st *g = xcalloc(1, sizeof *g);
  g->magic = GRAPH_MAGIC;
  return g;
}

static void graph_clear(struct CUgraph_st *g) {
  for (size_t i = 0; i < g->nodes.len; i++) node_free(g->nodes.data[i]);
  vec_free(&g->nodes);
}

RT_API cudaError_t CUDARTAPI cudaGraphCreate(cudaGraph_t *pGraph, unsigned int flags) {
  if (!pGraph || flags) RT_RETURN(cudaErrorInvalidValue);
  *pGraph = graph_new();
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGraphDestroy(cudaGraph_t graph) {
  if (!graph_valid(graph)) RT_RETURN(cudaErrorInvalidValue);
  graph_clear(graph);
  graph->magic = 0;
  free(graph);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGraphClone(cudaGraph_t *pGraphClone, cudaGraph_t originalGraph) {
  if (!pGraphClone || !graph_valid(originalGraph)) RT_RETURN(cudaErrorInvalidValue);
  struct CUgraph_st *g = graph_new();
  for (size_t i = 0; i < originalGraph->nodes.len; i++) vec_push(&g->nodes, node_clone(originalGraph->nodes.data[i]));
  *pGraphClone = g;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGraphGetNodes(cudaGraph_t graph, cudaGraphNode_t *nodes, size_t *numNodes) {
  if (!graph_valid(graph) || !numNodes) RT_RETURN(cudaErrorInvalidValue);
  if (!nodes) {
    *numNodes = graph->nodes.len;
    return cudaSuccess;
  }
  size_t n = MIN(*numNodes, graph->nodes.len);
  for (size_t i = 0; i < *numNodes; i++) nodes[i] = i < n ? graph->nodes.data[i] : NULL;
  *numNodes = n;
  return cudaSuccess;
}

/* Checks the dependency list (nodes of this graph) and appends the node. */
static cudaError_t add_node(cudaGraphNode_t *out, struct CUgraph_st *g, const cudaGraphNode_t *deps, size_t ndeps,
                            struct CUgraphNode_st *n) {
  if (ndeps && !deps) return cudaErrorInvalidValue;
  for (size_t i = 0; i < ndeps; i++) {
    bool found = false;
    for (size_t j = 0; j < g->nodes.len && !found; j++) found = g->nodes.data[j] == deps[i];
    if (!found) return cudaErrorInvalidValue;
  }
  vec_push(&g->nodes, n);
  if (out) *out = n;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGraphAddEmptyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                                  const cudaGraphNode_t *pDependencies, size_t numDependencies) {
  if (!pGraphNode || !graph_valid(graph)) RT_RETURN(cudaErrorInvalidValue);
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_EMPTY;
  cudaError_t e = add_node(pGraphNode, graph, pDependencies, numDependencies, n);
  if (e != cudaSuccess) node_free(n);
  RT_RETURN(e);
}

RT_API cudaError_t CUDARTAPI cudaGraphAddKernelNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                                   const struct cudaKernelNodeParams *p) {
  if (!pGraphNode || !graph_valid(graph) || !p) RT_RETURN(cudaErrorInvalidValue);
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  cudaError_t e = kernel_node_init(n, p->func, NULL, p->gridDim, p->blockDim, p->sharedMemBytes, p->kernelParams,
                                   p->extra);
  if (e == cudaSuccess) e = add_node(pGraphNode, graph, pDependencies, numDependencies, n);
  if (e != cudaSuccess) node_free(n);
  RT_RETURN(e);
}

RT_API cudaError_t CUDARTAPI cudaGraphAddMemcpyNode1D(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                                     const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                                     void *dst, const void *src, size_t count,
                                                     enum cudaMemcpyKind kind) {
  if (!pGraphNode || !graph_valid(graph)) RT_RETURN(cudaErrorInvalidValue);
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_MEMCPY;
  n->memcpy.dst = dst;
  n->memcpy.src = src;
  n->memcpy.count = count;
  n->memcpy.kind = kind;
  cudaError_t e = add_node(pGraphNode, graph, pDependencies, numDependencies, n);
  if (e != cudaSuccess) node_free(n);
  RT_RETURN(e);
}

RT_API cudaError_t CUDARTAPI cudaGraphAddMemcpyNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                                   const struct cudaMemcpy3DParms *pCopyParams) {
  if (!pGraphNode || !graph_valid(graph) || !pCopyParams) RT_RETURN(cudaErrorInvalidValue);
  if (pCopyParams->srcArray || pCopyParams->dstArray) {
    log_error("cudaGraphAddMemcpyNode with CUDA arrays is not supported by ptxvm");
    RT_RETURN(cudaErrorNotSupported);
  }
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_MEMCPY3D;
  n->memcpy3d = *pCopyParams;
  cudaError_t e = add_node(pGraphNode, graph, pDependencies, numDependencies, n);
  if (e != cudaSuccess) node_free(n);
  RT_RETURN(e);
}

RT_API cudaError_t CUDARTAPI cudaGraphAddMemsetNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                                   const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                                   const struct cudaMemsetParams *pMemsetParams) {
  if (!pGraphNode || !graph_valid(graph) || !pMemsetParams) RT_RETURN(cudaErrorInvalidValue);
  unsigned es = pMemsetParams->elementSize;
  if (es != 1 && es != 2 && es != 4) RT_RETURN(cudaErrorInvalidValue);
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_MEMSET;
  n->memset = *pMemsetParams;
  cudaError_t e = add_node(pGraphNode, graph, pDependencies, numDependencies, n);
  if (e != cudaSuccess) node_free(n);
  RT_RETURN(e);
}

RT_API cudaError_t CUDARTAPI cudaGraphAddHostNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                                 const cudaGraphNode_t *pDependencies, size_t numDependencies,
                                                 const struct cudaHostNodeParams *pNodeParams) {
  if (!pGraphNode || !graph_valid(graph) || !pNodeParams || !pNodeParams->fn) RT_RETURN(cudaErrorInvalidValue);
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_HOST;
  n->host = *pNodeParams;
  cudaError_t e = add_node(pGraphNode, graph, pDependencies, numDependencies, n);
  if (e != cudaSuccess) node_free(n);
  RT_RETURN(e);
}

/* ---- Executable graphs. ---- */

RT_API cudaError_t CUDARTAPI cudaGraphInstantiate(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                                 unsigned long long flags) {
  if (!pGraphExec || !graph_valid(graph)) RT_RETURN(cudaErrorInvalidValue);
  struct CUgraphExec_st *x = xcalloc(1, sizeof *x);
  x->magic = EXEC_MAGIC;
  x->graph.magic = GRAPH_MAGIC;
  for (size_t i = 0; i < graph->nodes.len; i++) vec_push(&x->graph.nodes, node_clone(graph->nodes.data[i]));
  *pGraphExec = x;
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGraphInstantiateWithFlags(cudaGraphExec_t *pGraphExec, cudaGraph_t graph,
                                                          unsigned long long flags) {
  return cudaGraphInstantiate(pGraphExec, graph, flags);
}

RT_API cudaError_t CUDARTAPI cudaGraphExecDestroy(cudaGraphExec_t graphExec) {
  if (!graphExec || graphExec->magic != EXEC_MAGIC) RT_RETURN(cudaErrorInvalidValue);
  graph_clear(&graphExec->graph);
  graphExec->magic = 0;
  free(graphExec);
  return cudaSuccess;
}

RT_API cudaError_t CUDARTAPI cudaGraphExecKernelNodeSetParams(cudaGraphExec_t hGraphExec, cudaGraphNode_t node,
                                                             const struct cudaKernelNodeParams *p) {
  if (!hGraphExec || hGraphExec->magic != EXEC_MAGIC || !p) RT_RETURN(cudaErrorInvalidValue);
  for (size_t i = 0; i < hGraphExec->graph.nodes.len; i++) {
    struct CUgraphNode_st *n = hGraphExec->graph.nodes.data[i];
    if (n->origin != node) continue;
    if (n->kind != RT_NODE_KERNEL) RT_RETURN(cudaErrorInvalidValue);
    struct CUgraphNode_st fresh = {0};
    cudaError_t e = kernel_node_init(&fresh, p->func, NULL, p->gridDim, p->blockDim, p->sharedMemBytes,
                                     p->kernelParams, p->extra);
    if (e != cudaSuccess) RT_RETURN(e);
    free(n->kernel.args);
    free(n->kernel.offsets);
    fresh.origin = n->origin;
    *n = fresh;
    return cudaSuccess;
  }
  RT_RETURN(cudaErrorInvalidValue);
}

RT_API cudaError_t CUDARTAPI cudaGraphUpload(cudaGraphExec_t graphExec, cudaStream_t stream) {
  if (!graphExec || graphExec->magic != EXEC_MAGIC) RT_RETURN(cudaErrorInvalidValue);
  return cudaSuccess;
}
RT_ALIAS(cudaGraphUpload_ptsz, cudaGraphUpload);

RT_API cudaError_t CUDARTAPI cudaGraphLaunch(cudaGraphExec_t graphExec, cudaStream_t stream) {
  if (!graphExec || graphExec->magic != EXEC_MAGIC) RT_RETURN(cudaErrorInvalidValue);
  for (size_t i = 0; i < graphExec->graph.nodes.len; i++) {
    cudaError_t e = node_run(graphExec->graph.nodes.data[i], stream);
    if (e != cudaSuccess) RT_RETURN(e);
  }
  return cudaSuccess;
}
RT_ALIAS(cudaGraphLaunch_ptsz, cudaGraphLaunch);

/* ---- Stream capture. ---- */

static bool is_default_stream(cudaStream_t s) {
  return !s || s == cudaStreamLegacy || s == cudaStreamPerThread;
}

/* rt_lock-free: graph_lock only. */
static RtCapture *capture_find(cudaStream_t s) {
  for (size_t i = 0; i < captures.len; i++)
    if (captures.data[i].stream == s) return &captures.data[i];
  return NULL;
}

bool rt_capturing(cudaStream_t s) {
  if (is_default_stream(s)) return false;
  pthread_mutex_lock(&graph_lock);
  bool yes = capture_find(s) != NULL;
  pthread_mutex_unlock(&graph_lock);
  return yes;
}

static cudaError_t capture_append(cudaStream_t s, struct CUgraphNode_st *n) {
  pthread_mutex_lock(&graph_lock);
  RtCapture *c = capture_find(s);
  if (c) vec_push(&c->graph->nodes, n);
  pthread_mutex_unlock(&graph_lock);
  if (!c) {
    node_free(n);
    return cudaErrorStreamCaptureInvalidated;
  }
  return cudaSuccess;
}

cudaError_t rt_capture_kernel(cudaStream_t s, RtKernel *k, dim3 grid, dim3 block, void **args, size_t shared) {
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  cudaError_t e = kernel_node_init(n, NULL, k, grid, block, (unsigned)shared, args, NULL);
  if (e != cudaSuccess) {
    node_free(n);
    return e;
  }
  return capture_append(s, n);
}

cudaError_t rt_capture_copy(cudaStream_t s, void *dst, const void *src, size_t count, enum cudaMemcpyKind kind) {
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_MEMCPY;
  n->memcpy.dst = dst;
  n->memcpy.src = src;
  n->memcpy.count = count;
  n->memcpy.kind = kind;
  return capture_append(s, n);
}

cudaError_t rt_capture_memset(cudaStream_t s, const struct cudaMemsetParams *p) {
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_MEMSET;
  n->memset = *p;
  return capture_append(s, n);
}

cudaError_t rt_capture_host(cudaStream_t s, cudaHostFn_t fn, void *user) {
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_HOST;
  n->host.fn = fn;
  n->host.userData = user;
  return capture_append(s, n);
}

cudaError_t rt_capture_copy_3d(cudaStream_t s, const struct cudaMemcpy3DParms *p) {
  struct CUgraphNode_st *n = xcalloc(1, sizeof *n);
  n->kind = RT_NODE_MEMCPY3D;
  n->memcpy3d = *p;
  return capture_append(s, n);
}

void rt_capture_event_record(cudaEvent_t e, cudaStream_t s) {
  pthread_mutex_lock(&graph_lock);
  RtCapture *c = is_default_stream(s) ? NULL : capture_find(s);
  size_t i = 0;
  for (; i < event_captures.len && event_captures.data[i].event != e; i++) {
  }
  if (c) {
    RtEventCapture ec = {e, c->graph};
    if (i < event_captures.len)
      event_captures.data[i] = ec;
    else
      vec_push(&event_captures, ec);
  } else if (i < event_captures.len) {
    event_captures.data[i] = event_captures.data[--event_captures.len];
  }
  pthread_mutex_unlock(&graph_lock);
}

bool rt_capture_event_wait(cudaStream_t s, cudaEvent_t e) {
  bool joined = false;
  pthread_mutex_lock(&graph_lock);
  for (size_t i = 0; i < event_captures.len; i++) {
    if (event_captures.data[i].event != e) continue;
    struct CUgraph_st *g = event_captures.data[i].graph;
    if (is_default_stream(s)) break;
    if (!capture_find(s)) {
      RtCapture *origin = NULL;
      for (size_t j = 0; j < captures.len && !origin; j++)
        if (captures.data[j].graph == g) origin = &captures.data[j];
      if (origin) {
        RtCapture c = {s, g, origin->origin, origin->id};
        vec_push(&captures, c);
      }
    }
    joined = true;
    break;
  }
  pthread_mutex_unlock(&graph_lock);
  return joined;
}

RT_API cudaError_t CUDARTAPI cudaStreamBeginCapture(cudaStream_t stream, enum cudaStreamCaptureMode mode) {
  if (is_default_stream(stream)) RT_RETURN(cudaErrorStreamCaptureUnsupported);
  pthread_mutex_lock(&graph_lock);
  cudaError_t e = cudaSuccess;
  if (capture_find(stream)) {
    e = cudaErrorIllegalState;
  } else {
    RtCapture c = {stream, graph_new(), stream, next_capture_id++};
    vec_push(&captures, c);
  }
  pthread_mutex_unlock(&graph_lock);
  RT_RETURN(e);
}
RT_ALIAS(cudaStreamBeginCapture_ptsz, cudaStreamBeginCapture);

RT_API cudaError_t CUDARTAPI cudaStreamEndCapture(cudaStream_t stream, cudaGraph_t *pGraph) {
  if (!pGraph) RT_RETURN(cudaErrorInvalidValue);
  pthread_mutex_lock(&graph_lock);
  RtCapture *c = is_default_stream(stream) ? NULL : capture_find(stream);
  cudaError_t e = cudaSuccess;
  if (!c) {
    e = cudaErrorIllegalState;
  } else if (c->origin != stream) {
    e = cudaErrorStreamCaptureUnmatched;
  } else {
    struct CUgraph_st *g = c->graph;
    size_t j = 0;
    for (size_t i = 0; i < captures.len; i++)
      if (captures.data[i].graph != g) captures.data[j++] = captures.data[i];
    captures.len = j;
    j = 0;
    for (size_t i = 0; i < event_captures.len; i++)
      if (event_captures.data[i].graph != g) event_captures.data[j++] = event_captures.data[i];
    event_captures.len = j;
    *pGraph = g;
  }
  pthread_mutex_unlock(&graph_lock);
  RT_RETURN(e);
}
RT_ALIAS(cudaStreamEndCapture_ptsz, cudaStreamEndCapture);

RT_API cudaError_t CUDARTAPI cudaStreamGetCaptureInfo(cudaStream_t stream, enum cudaStreamCaptureStatus *status,
                                                     unsigned long long *id, cudaGraph_t *graph,
                                                     const cudaGraphNode_t **deps, const cudaGraphEdgeData **edges,
                                                     size_t *ndeps) {
  if (!status) RT_RETURN(cudaErrorInvalidValue);
  pthread_mutex_lock(&graph_lock);
  RtCapture *c = is_default_stream(stream) ? NULL : capture_find(stream);
  *status = c ? cudaStreamCaptureStatusActive : cudaStreamCaptureStatusNone;
  if (id) *id = c ? c->id : 0;
  if (graph) *graph = c ? c->graph : NULL;
  /* Dependencies: the last node captured (replay is in order, so it stands for all). */
  static __thread cudaGraphNode_t last;
  last = c && c->graph->nodes.len ? vec_last(&c->graph->nodes) : NULL;
  if (deps) *deps = last ? &last : NULL;
  if (edges) *edges = NULL;
  if (ndeps) *ndeps = last ? 1 : 0;
  pthread_mutex_unlock(&graph_lock);
  return cudaSuccess;
}
RT_ALIAS(cudaStreamGetCaptureInfo_ptsz, cudaStreamGetCaptureInfo);

RT_API cudaError_t CUDARTAPI cudaThreadExchangeStreamCaptureMode(enum cudaStreamCaptureMode *mode) {
  if (!mode) RT_RETURN(cudaErrorInvalidValue);
  enum cudaStreamCaptureMode old = capture_mode;
  capture_mode = *mode;
  *mode = old;
  return cudaSuccess;
}

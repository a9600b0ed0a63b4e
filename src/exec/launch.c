/* A launch: checks the configuration, cuts the grid into chunks of CTAs that the workers
 * claim from an atomic counter, and gathers the first fault. Launches are serialised. */
#include "exec_internal.h"

static pthread_mutex_t launch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t launch_atfork_once = PTHREAD_ONCE_INIT;

/* fork() waits for a running launch to end; the child starts with no pool threads. */
static void launch_atfork_prepare(void) { pthread_mutex_lock(&launch_lock); }
static void launch_atfork_parent(void) { pthread_mutex_unlock(&launch_lock); }
static void launch_atfork_child(void) {
  pthread_mutex_unlock(&launch_lock);
  exec_pool_forget();
}
static void launch_atfork_install(void) {
  pthread_atfork(launch_atfork_prepare, launch_atfork_parent, launch_atfork_child);
}
void exec_launch_atfork_register(void) { pthread_once(&launch_atfork_once, launch_atfork_install); }

void exec_launch_serialize(bool lock) {
  if (lock) pthread_mutex_lock(&launch_lock);
  else pthread_mutex_unlock(&launch_lock);
}

/* Chunks: about 8 per worker so that uneven CTAs balance, but at most 64 CTAs so that a
 * fault stops the grid soon, and at least 1. */
static uint64_t launch_chunk_size(uint64_t total, unsigned workers) {
  uint64_t chunk = total / ((uint64_t)workers * 8);
  return MAX(1, MIN(chunk, 64));
}

static ExecStatus launch_invalid(ExecFault *fault, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static ExecStatus launch_invalid(ExecFault *fault, const char *name, const char *fmt, ...) {
  memset(fault, 0, sizeof *fault);
  fault->status = EXEC_ERR_INVALID_CONFIG;
  fault->kernel = name;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(fault->message, sizeof fault->message, fmt, ap);
  va_end(ap);
  LOG(LOG_LAUNCH, "launch of '%s' refused: %s", name ? name : "?", fault->message);
  return EXEC_ERR_INVALID_CONFIG;
}

/* CUDA's limits (compute capability 7.x-9.x): the checks cudaLaunchKernel makes. */
static ExecStatus launch_check(const ExecLaunch *l, ExecFault *fault) {
  const KKernel *k = l->kernel;
  if (!k || !k->run) return launch_invalid(fault, NULL, "no kernel");
  const char *n = k->name;
  KDim3 g = l->grid, b = l->block;
  if (!g.x || !g.y || !g.z)
    return launch_invalid(fault, n, "grid (%u,%u,%u) has a zero dimension", g.x, g.y, g.z);
  if (g.x > 0x7fffffffu || g.y > 65535 || g.z > 65535)
    return launch_invalid(fault, n, "grid (%u,%u,%u) exceeds (2147483647,65535,65535)", g.x,
                          g.y, g.z);
  if (!b.x || !b.y || !b.z)
    return launch_invalid(fault, n, "block (%u,%u,%u) has a zero dimension", b.x, b.y, b.z);
  if (b.x > 1024 || b.y > 1024 || b.z > 64 ||
      (uint64_t)b.x * b.y * b.z > EXEC_MAX_THREADS_PER_BLOCK)
    return launch_invalid(fault, n, "block (%u,%u,%u) exceeds %u threads or (1024,1024,64)",
                          b.x, b.y, b.z, EXEC_MAX_THREADS_PER_BLOCK);
  if (b.x != k->block.x || b.y != k->block.y || b.z != k->block.z)
    return launch_invalid(fault, n, "block (%u,%u,%u) differs from the (%u,%u,%u) the kernel "
                          "was compiled for", b.x, b.y, b.z, k->block.x, k->block.y, k->block.z);
  if (k->group_size < 1 || k->group_size > 64)
    return launch_invalid(fault, n, "kernel group size %u is not 1..64", k->group_size);
  if (k->static_shared > EXEC_MAX_SHARED_PER_BLOCK)
    return launch_invalid(fault, n, "%u bytes of static shared memory exceed %u",
                          k->static_shared, EXEC_MAX_SHARED_PER_BLOCK);
  if ((uint64_t)k->static_shared + l->dynamic_shared > EXEC_MAX_SHARED_PER_BLOCK_OPTIN)
    return launch_invalid(fault, n, "%u static + %u dynamic bytes of shared memory exceed %u",
                          k->static_shared, l->dynamic_shared, EXEC_MAX_SHARED_PER_BLOCK_OPTIN);
  if (k->param_size && !l->params)
    return launch_invalid(fault, n, "no parameter buffer for %u bytes of parameters",
                          k->param_size);
  return EXEC_OK;
}

void exec_job_fault(ExecJob *job, const ExecFault *fault) {
  atomic_store(&job->stop, true);
  pthread_mutex_lock(&job->fault_lock);
  /* Keep the fault of the lowest CTA: the report then does not depend on scheduling. */
  uint64_t cta = ((uint64_t)fault->block.z * job->launch->grid.y + fault->block.y) *
                     job->launch->grid.x + fault->block.x;
  uint64_t have = ((uint64_t)job->fault.block.z * job->launch->grid.y + job->fault.block.y) *
                      job->launch->grid.x + job->fault.block.x;
  if (!job->faulted || cta < have) {
    job->fault = *fault;
    job->faulted = true;
  }
  pthread_mutex_unlock(&job->fault_lock);
}

void exec_job_work(ExecJob *job, KWorker *w) {
  ExecFault fault;
  if (!exec_worker_prepare(w, job, &fault)) {
    exec_job_fault(job, &fault);
    return;
  }
  w->job = job;
  /* One sigsetjmp per worker and launch (it costs a system call): a fault ends this
   * worker's share of the launch, and the whole launch stops anyway. */
  if (sigsetjmp(w->jmp, 1)) {
    exec_kernel_leave();
    exec_fault_from_signal(w, &fault);
    exec_job_fault(job, &fault);
    w->job = NULL;
    return;
  }
  while (!atomic_load_explicit(&job->stop, memory_order_relaxed)) {
    uint64_t first = atomic_fetch_add_explicit(&job->next, job->chunk, memory_order_relaxed);
    if (first >= job->total) break;
    uint64_t end = MIN(first + job->chunk, job->total);
    for (uint64_t cta = first; cta < end; cta++) {
      ExecStatus st = exec_cta_run(w, job, cta, &fault);
      if (st != EXEC_OK) {
        exec_job_fault(job, &fault);
        break;
      }
      if (atomic_load_explicit(&job->stop, memory_order_relaxed)) break;
    }
  }
  w->job = NULL;
}

static void launch_log_fault(const ExecFault *f) {
  if (f->ptx_line)
    log_error("kernel '%s' block (%u,%u,%u) thread (%u,%u,%u) PTX line %u: %s", f->kernel,
              f->block.x, f->block.y, f->block.z, f->thread.x, f->thread.y, f->thread.z,
              f->ptx_line, f->message);
  else
    log_error("kernel '%s' block (%u,%u,%u) thread (%u,%u,%u): %s", f->kernel, f->block.x,
              f->block.y, f->block.z, f->thread.x, f->thread.y, f->thread.z, f->message);
}

ExecStatus exec_launch(const ExecLaunch *launch, ExecFault *fault) {
  ExecFault local_fault;
  if (!fault) fault = &local_fault;
  if (exec_tls_kernel_worker)
    return launch_invalid(fault, launch->kernel ? launch->kernel->name : NULL,
                          "launch from device code (dynamic parallelism) is unsupported");
  ExecStatus st = launch_check(launch, fault);
  if (st != EXEC_OK) return st;
  exec_init();
  pthread_mutex_lock(&launch_lock);
  exec_fault_install(); /* again, in case the host replaced our handlers since */
  exec_fault_thread_init();

  const KKernel *k = launch->kernel;
  ExecJob job;
  memset(&job, 0, sizeof job);
  job.launch = launch;
  job.kernel = k;
  job.total = (uint64_t)launch->grid.x * launch->grid.y * launch->grid.z;
  job.threads = launch->block.x * launch->block.y * launch->block.z;
  job.group_size = k->group_size;
  job.groups = (job.threads + k->group_size - 1) / k->group_size;
  job.shared_size = k->static_shared + launch->dynamic_shared;
  /* Lane frames of one group are contiguous (lane-major, as codegen addresses them);
   * groups start on 64-byte boundaries. Without barriers the groups take turns in one. */
  job.local_stride = ALIGN_UP((size_t)k->local_size * k->group_size, 64);
  job.local_total = job.local_stride * (k->has_barriers ? job.groups : 1);
  unsigned workers = exec_worker_count();
  job.chunk = launch_chunk_size(job.total, workers);
  atomic_init(&job.next, 0);
  atomic_init(&job.stop, false);
  pthread_mutex_init(&job.fault_lock, NULL);

  uint64_t chunks = (job.total + job.chunk - 1) / job.chunk;
  unsigned helpers = (unsigned)MIN((uint64_t)workers - 1, chunks - 1);
  LOG(LOG_LAUNCH, "launch '%s' grid (%u,%u,%u) block (%u,%u,%u) G=%u shared=%u: %llu CTAs "
      "in chunks of %llu on %u workers", k->name, launch->grid.x, launch->grid.y,
      launch->grid.z, launch->block.x, launch->block.y, launch->block.z, k->group_size,
      job.shared_size, (unsigned long long)job.total, (unsigned long long)job.chunk,
      helpers + 1);
  exec_pool_run(&job, helpers);
  exec_printf_flush(workers);

  st = EXEC_OK;
  if (job.faulted) {
    *fault = job.fault;
    st = fault->status;
    launch_log_fault(fault);
  }
  pthread_mutex_destroy(&job.fault_lock);
  pthread_mutex_unlock(&launch_lock);
  return st;
}

void exec_flush_printf(void) {
  /* exec_launch flushes before it returns; this only pushes stdio's buffer out. */
  pthread_mutex_lock(&launch_lock);
  fflush(stdout);
  pthread_mutex_unlock(&launch_lock);
}

/* The worker pool: PTXVM_THREADS workers (default: the cores), the thread that calls
 * exec_launch being worker 0, so PTXVM_THREADS=1 runs everything on the caller. After a
 * job, pool threads spin briefly for the next one (back-to-back launches are common and a
 * wake-up costs tens of microseconds), unless there are more workers than cores; then they
 * sleep on a semaphore each, which a launch posts only for the workers it needs. */
#include "exec_internal.h"

#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define POOL_CPU_RELAX() _mm_pause()
#else
#define POOL_CPU_RELAX() ((void)0)
#endif

#define POOL_MAX_WORKERS 1024u
#define POOL_STACK_SIZE (16u << 20) /* kernels may recurse deeply: give them room */
#define POOL_SPIN_NS 50000u         /* how long a worker looks for the next job before sleeping */

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_done = PTHREAD_COND_INITIALIZER;
static KWorker **pool_workers;
static unsigned pool_count;
static bool pool_started;
static ExecJob *pool_job;     /* the job being run, published by pool_state */
/* Published jobs: a generation count times POOL_STATE_SCALE plus the number of helpers
 * the job wants (workers 1..n), in one word so that a worker never pairs one job's
 * generation with another's helper count. */
#define POOL_STATE_SCALE 2048u
_Static_assert(POOL_MAX_WORKERS < POOL_STATE_SCALE, "helper count fits below the scale");
static _Atomic uint64_t pool_state;
static atomic_uint pool_busy; /* helpers still working on pool_job */
static atomic_bool pool_quit;
static bool pool_spin;        /* no more workers than cores: spinning costs nobody */

static uint64_t pool_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One step of a spin-wait: a pause at first, then yielding, so that a spinning thread
 * gives its core to whoever needs it when the machine is busier than we assumed. */
static void pool_relax(unsigned i) {
  if (i < 256) POOL_CPU_RELAX();
  else sched_yield();
}

/* Waits until a job newer than `seen` is published (or the pool quits); returns its
 * pool_state. The sleeping flag and the state are checked in opposite orders by the
 * worker and the launcher (both sequentially consistent), so a post is never missed; a
 * spare post only makes the loop go round once more. */
static uint64_t pool_wait_job(KWorker *w, uint64_t seen) {
  if (pool_spin) {
    uint64_t end = pool_now_ns() + POOL_SPIN_NS;
    for (unsigned i = 1;; i++) {
      uint64_t g = atomic_load_explicit(&pool_state, memory_order_acquire);
      if (g != seen || atomic_load_explicit(&pool_quit, memory_order_relaxed)) return g;
      pool_relax(i);
      if (i % 64 == 0 && pool_now_ns() > end) break;
    }
  }
  for (;;) {
    atomic_store(&w->sleeping, true);
    uint64_t g = atomic_load(&pool_state);
    if (g != seen || atomic_load(&pool_quit)) {
      atomic_store(&w->sleeping, false);
      return g;
    }
    while (sem_wait(&w->wake) != 0) {
    }
  }
}

static unsigned pool_count_from_env(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned count = cores > 0 ? (unsigned)cores : 1;
  const char *env = getenv("PTXVM_THREADS");
  if (env && *env) {
    char *end;
    errno = 0;
    long n = strtol(env, &end, 10);
    if (errno || *end || n < 1 || n > (long)POOL_MAX_WORKERS)
      log_warn("PTXVM_THREADS='%s' is not a number from 1 to %u; using %u workers", env,
               POOL_MAX_WORKERS, count);
    else
      count = (unsigned)n;
  }
  return MIN(count, POOL_MAX_WORKERS);
}

static void *pool_worker_main(void *arg) {
  KWorker *w = arg;
  exec_fault_thread_init();
  uint64_t seen = w->seen_state; /* jobs before this worker existed are not its own */
  for (;;) {
    seen = pool_wait_job(w, seen);
    if (atomic_load(&pool_quit)) break;
    if (w->index > seen % POOL_STATE_SCALE) continue; /* a small launch: not needed */
    exec_job_work(pool_job, w);
    if (atomic_fetch_sub(&pool_busy, 1) == 1) {
      /* Signal under the lock so the caller cannot miss it between its check and wait. */
      pthread_mutex_lock(&pool_lock);
      pthread_cond_signal(&pool_done);
      pthread_mutex_unlock(&pool_lock);
    }
  }
  exec_fault_thread_fini();
  return NULL;
}

static KWorker *pool_worker_create(unsigned index) {
  KWorker *w = aligned_alloc(64, ALIGN_UP(sizeof(KWorker), 64));
  if (!w) {
    log_error("exec: out of memory creating worker %u", index);
    abort();
  }
  memset(w, 0, sizeof *w);
  w->index = index;
  sem_init(&w->wake, 0, 0);
  atomic_init(&w->sleeping, false);
  w->seen_state = atomic_load(&pool_state);
  return w;
}

void exec_init(void) {
  pthread_mutex_lock(&pool_lock);
  if (pool_started) {
    pthread_mutex_unlock(&pool_lock);
    return;
  }
  unsigned count = pool_count_from_env();
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  pool_spin = cores > 0 && count <= (unsigned long)cores;
  pool_workers = xcalloc(count, sizeof *pool_workers);
  atomic_store(&pool_quit, false);
  exec_launch_atfork_register();
  exec_fault_install();
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, POOL_STACK_SIZE);
  /* Pool threads inherit a mask that blocks every asynchronous signal, so that the host's
   * SIGINT, SIGALRM or profiler signals keep going to the host's own threads; the faults
   * that kernels raise stay deliverable. */
  sigset_t all, saved;
  sigfillset(&all);
  sigdelset(&all, SIGSEGV);
  sigdelset(&all, SIGBUS);
  sigdelset(&all, SIGFPE);
  sigdelset(&all, SIGILL);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  pool_workers[0] = pool_worker_create(0);
  pool_count = 1;
  for (unsigned i = 1; i < count; i++) {
    KWorker *w = pool_worker_create(i);
    int err = pthread_create(&w->thread, &attr, pool_worker_main, w);
    if (err) {
      log_warn("exec: could not start worker thread %u (%s); running with %u workers", i,
               strerror(err), pool_count);
      sem_destroy(&w->wake);
      free(w);
      break;
    }
    pool_workers[pool_count++] = w;
  }
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  pthread_attr_destroy(&attr);
  pool_started = true;
  LOG(LOG_EXEC, "exec: %u workers", pool_count);
  pthread_mutex_unlock(&pool_lock);
}

void exec_shutdown(void) {
  exec_launch_serialize(true); /* never under a running launch */
  pthread_mutex_lock(&pool_lock);
  if (!pool_started) {
    pthread_mutex_unlock(&pool_lock);
    exec_launch_serialize(false);
    return;
  }
  atomic_store(&pool_quit, true);
  for (unsigned i = 1; i < pool_count; i++) sem_post(&pool_workers[i]->wake);
  for (unsigned i = 1; i < pool_count; i++) pthread_join(pool_workers[i]->thread, NULL);
  for (unsigned i = 0; i < pool_count; i++) {
    exec_worker_free(pool_workers[i]);
    sem_destroy(&pool_workers[i]->wake);
    free(pool_workers[i]);
  }
  free(pool_workers);
  pool_workers = NULL;
  pool_count = 0;
  pool_started = false;
  exec_heap_release();
  exec_fault_uninstall();
  pthread_mutex_unlock(&pool_lock);
  exec_launch_serialize(false);
}

unsigned exec_worker_count(void) {
  exec_init();
  return pool_count;
}

void exec_pool_forget(void) {
  /* In a child after fork only the forking thread exists: the pool threads are gone, so
   * their records are dropped (leaked, as their memory may be in any state) and the next
   * launch starts a new pool. The signal handlers stay installed, which is right. */
  pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
  pool_lock = fresh;
  pool_workers = NULL;
  pool_count = 0;
  pool_started = false;
  pool_job = NULL;
  atomic_store(&pool_busy, 0);
}

KWorker *exec_pool_worker(unsigned index) {
  ASSERT(index < pool_count);
  return pool_workers[index];
}

void exec_pool_run(ExecJob *job, unsigned helpers) {
  helpers = MIN(helpers, pool_count - 1);
  if (helpers) {
    pool_job = job;
    atomic_store(&pool_busy, helpers);
    uint64_t gen = atomic_load(&pool_state) / POOL_STATE_SCALE + 1;
    atomic_store(&pool_state, gen * POOL_STATE_SCALE + helpers); /* publishes the job */
    for (unsigned i = 1; i <= helpers; i++)
      if (atomic_exchange(&pool_workers[i]->sleeping, false)) sem_post(&pool_workers[i]->wake);
  }
  exec_job_work(job, pool_workers[0]);
  if (helpers) {
    /* The helpers usually finish about when the caller does: look before sleeping. */
    uint64_t end = pool_spin ? pool_now_ns() + POOL_SPIN_NS : 0;
    for (unsigned i = 1; pool_spin && atomic_load(&pool_busy) != 0; i++) {
      pool_relax(i);
      if (i % 64 == 0 && pool_now_ns() > end) break;
    }
    pthread_mutex_lock(&pool_lock);
    while (atomic_load(&pool_busy) != 0) pthread_cond_wait(&pool_done, &pool_lock);
    pthread_mutex_unlock(&pool_lock);
    pool_job = NULL;
  }
}

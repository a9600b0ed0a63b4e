/* Faults in kernel code never kill the host: SIGSEGV, SIGBUS, SIGFPE and SIGILL raised
 * while a worker runs kernel code jump back to the worker's launch loop (siglongjmp), on
 * an alternate signal stack so that a kernel's stack overflow is caught too. A signal
 * outside kernel code goes to whatever handler the host program had, or the default. */
#define _GNU_SOURCE /* pthread_getattr_np */
#include "exec_internal.h"

__thread KWorker *exec_tls_kernel_worker __attribute__((tls_model("initial-exec")));

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
static struct sigaction fault_previous[ARRAY_LEN(fault_signals)];
static bool fault_installed[ARRAY_LEN(fault_signals)];
static pthread_mutex_t fault_lock = PTHREAD_MUTEX_INITIALIZER;

#define FAULT_ALTSTACK_SIZE (64u << 10)
static __thread void *fault_altstack; /* ours, when this thread had none */
static pthread_key_t fault_key;
static pthread_once_t fault_key_once = PTHREAD_ONCE_INIT;

static void fault_chain(int sig, siginfo_t *info, void *uctx) {
  size_t i = 0;
  while (i < ARRAY_LEN(fault_signals) && fault_signals[i] != sig) i++;
  if (i == ARRAY_LEN(fault_signals)) return;
  struct sigaction *prev = &fault_previous[i];
  if ((prev->sa_flags & SA_SIGINFO) && prev->sa_sigaction) {
    prev->sa_sigaction(sig, info, uctx);
  } else if (prev->sa_handler == SIG_IGN) {
    return;
  } else if (prev->sa_handler == SIG_DFL) {
    /* Restore the default: a hardware fault recurs when we return and kills the process
     * as it would have without us; a signal someone sent is raised again. */
    signal(sig, SIG_DFL);
    if (info->si_code <= 0) raise(sig);
  } else {
    prev->sa_handler(sig);
  }
}

static void fault_handler(int sig, siginfo_t *info, void *uctx) {
  KWorker *w = exec_tls_kernel_worker;
  if (w && info->si_code > 0) { /* a fault of the kernel's own, not a kill() */
    exec_tls_kernel_worker = NULL;
    w->fault_signal = sig;
    w->fault_code = info->si_code;
    w->fault_addr = info->si_addr;
    siglongjmp(w->jmp, 1);
  }
  fault_chain(sig, info, uctx);
}

void exec_fault_install(void) {
  pthread_mutex_lock(&fault_lock);
  for (size_t i = 0; i < ARRAY_LEN(fault_signals); i++) {
    struct sigaction cur;
    if (sigaction(fault_signals[i], NULL, &cur) != 0) continue;
    if ((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == fault_handler) continue;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaction(fault_signals[i], &sa, &fault_previous[i]) == 0) fault_installed[i] = true;
  }
  pthread_mutex_unlock(&fault_lock);
}

void exec_fault_uninstall(void) {
  pthread_mutex_lock(&fault_lock);
  for (size_t i = 0; i < ARRAY_LEN(fault_signals); i++) {
    struct sigaction cur;
    if (!fault_installed[i] || sigaction(fault_signals[i], NULL, &cur) != 0) continue;
    /* Only if ours is still the one installed: never undo a later handler's choice. */
    if ((cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == fault_handler)
      sigaction(fault_signals[i], &fault_previous[i], NULL);
    fault_installed[i] = false;
  }
  pthread_mutex_unlock(&fault_lock);
}

static void fault_thread_exit(void *arg) {
  (void)arg;
  exec_fault_thread_fini();
}

static void fault_key_create(void) { pthread_key_create(&fault_key, fault_thread_exit); }

void exec_fault_thread_init(void) {
  if (fault_altstack) return;
  stack_t old;
  if (sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_DISABLE)) return; /* host's */
  void *mem = xmalloc(FAULT_ALTSTACK_SIZE);
  stack_t ss = {.ss_sp = mem, .ss_size = FAULT_ALTSTACK_SIZE, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0) {
    free(mem);
    return;
  }
  fault_altstack = mem;
  /* A caller thread that exits must not leave its stack installed and leaked. */
  pthread_once(&fault_key_once, fault_key_create);
  pthread_setspecific(fault_key, mem);
}

void exec_fault_thread_fini(void) {
  if (!fault_altstack) return;
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == fault_altstack) {
    stack_t off = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
  }
  free(fault_altstack);
  fault_altstack = NULL;
}

void exec_fault_locate(KWorker *w, uint32_t lane, ExecFault *fault) {
  const ExecJob *job = w->job;
  fault->kernel = job ? job->kernel->name : NULL;
  fault->block = w->ctaid;
  if (!job || !w->ctx) return;
  uint32_t tid = w->ctx->group_index * job->group_size + lane;
  KDim3 b = job->launch->block;
  fault->thread.x = tid % b.x;
  fault->thread.y = (tid / b.x) % b.y;
  fault->thread.z = tid / (b.x * b.y);
}

/* Whether addr lies in or just below the calling thread's stack: a fault there is the
 * kernel overflowing it (deep recursion, big local frames), worth saying so. */
static bool fault_in_stack_guard(void *addr) {
  pthread_attr_t attr;
  void *lo;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return false;
  bool ok = pthread_attr_getstack(&attr, &lo, &size) == 0;
  pthread_attr_destroy(&attr);
  uintptr_t a = (uintptr_t)addr, l = (uintptr_t)lo;
  return ok && a < l + 4096 && a + (1u << 20) >= l;
}

void exec_fault_from_signal(KWorker *w, ExecFault *fault) {
  memset(fault, 0, sizeof *fault);
  exec_fault_locate(w, 0, fault);
  int sig = w->fault_signal, code = w->fault_code;
  void *addr = w->fault_addr;
  const char *what;
  switch (sig) {
  case SIGSEGV:
    fault->status = EXEC_ERR_ILLEGAL_ADDRESS;
    what = "illegal memory access";
    break;
  case SIGBUS:
    fault->status = code == BUS_ADRALN ? EXEC_ERR_MISALIGNED : EXEC_ERR_ILLEGAL_ADDRESS;
    what = code == BUS_ADRALN ? "misaligned address" : "illegal memory access";
    break;
  case SIGFPE:
    fault->status = EXEC_ERR_ARITHMETIC;
    what = code == FPE_INTDIV ? "integer division by zero"
           : code == FPE_INTOVF ? "integer overflow" : "arithmetic exception";
    break;
  default:
    fault->status = EXEC_ERR_ILLEGAL_INSTRUCTION;
    what = "illegal instruction";
    break;
  }
  if (sig == SIGSEGV && fault_in_stack_guard(addr))
    snprintf(fault->message, sizeof fault->message,
             "%s at address 0x%llx (SIGSEGV): stack overflow in kernel code (deep recursion or "
             "large local arrays)", what, (unsigned long long)(uintptr_t)addr);
  else if (sig == SIGSEGV || sig == SIGBUS)
    snprintf(fault->message, sizeof fault->message, "%s at address 0x%llx (%s)", what,
             (unsigned long long)(uintptr_t)addr, sig == SIGSEGV ? "SIGSEGV" : "SIGBUS");
  else
    snprintf(fault->message, sizeof fault->message, "%s at code address 0x%llx (%s)", what,
             (unsigned long long)(uintptr_t)addr, sig == SIGFPE ? "SIGFPE" : "SIGILL");
}

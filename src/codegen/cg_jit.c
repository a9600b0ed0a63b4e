/* The LLVM side of codegen that knows no PTX: native target set-up, the one ORC LLJIT of
 * the process, the optimisation pipeline, IR/assembly dumps (PTXVM_LOG=ir,asm) and the
 * binding of the k_rt_* support functions that generated code calls. */
#include "cg_jit.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <pthread.h>

#include "kernel_abi.h"

/* Weak references: exec defines the k_rt_* functions, but codegen may not depend on exec
 * (layering), and unit tests link codegen with their own definitions. A symbol that is
 * absent here is looked up in the process by the JIT's generator instead. */
#pragma weak k_rt_frame_alloc
#pragma weak k_rt_frame_free
#pragma weak k_rt_vprintf
#pragma weak k_rt_malloc
#pragma weak k_rt_free
#pragma weak k_rt_globaltimer
#pragma weak k_rt_clock64
#pragma weak k_rt_tex

static pthread_mutex_t jit_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t jit_once = PTHREAD_ONCE_INIT;
static LLVMOrcLLJITRef jit;
static LLVMTargetMachineRef jit_tm; /* for the pass pipeline and assembly dumps */
static LLVMTargetMachineRef obj_tm; /* position-independent objects for the disk cache */
static char *jit_cpu, *jit_features, *jit_triple;
static char *jit_init_error;
static unsigned long jit_counter;

static char *cg_error_take(LLVMErrorRef err) {
  char *msg = LLVMGetErrorMessage(err);
  char *copy = xstrdup(msg);
  LLVMDisposeErrorMessage(msg);
  return copy;
}

static LLVMTargetMachineRef cg_tm_create(void) {
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(jit_triple, &target, &err)) {
    jit_init_error = xstrdup(err ? err : "no target");
    LLVMDisposeMessage(err);
    return NULL;
  }
  /* Static relocation and the JIT's default (large-enough) code model: generated code
   * refers to host addresses as absolute constants. */
  return LLVMCreateTargetMachine(target, jit_triple, jit_cpu, jit_features,
                                 LLVMCodeGenLevelAggressive, LLVMRelocDefault,
                                 LLVMCodeModelJITDefault);
}

/* Cached objects refer to module variables through the GOT, so they link wherever the
 * variables were allocated in this run. */
static LLVMTargetMachineRef cg_tm_create_pic(void) {
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(jit_triple, &target, &err)) {
    LLVMDisposeMessage(err);
    return NULL;
  }
  return LLVMCreateTargetMachine(target, jit_triple, jit_cpu, jit_features, LLVMCodeGenLevelAggressive,
                                 LLVMRelocPIC, LLVMCodeModelDefault);
}

static void cg_jit_bind_runtime(LLVMOrcJITDylibRef jd) {
  struct {
    const char *name;
    void *addr;
  } syms[] = {
      {"k_rt_frame_alloc", (void *)k_rt_frame_alloc},
      {"k_rt_frame_free", (void *)k_rt_frame_free},
      {"k_rt_vprintf", (void *)k_rt_vprintf},
      {"k_rt_malloc", (void *)k_rt_malloc},
      {"k_rt_free", (void *)k_rt_free},
      {"k_rt_globaltimer", (void *)k_rt_globaltimer},
      {"k_rt_clock64", (void *)k_rt_clock64},
      {"k_rt_tex", (void *)k_rt_tex},
  };
  LLVMOrcCSymbolMapPair pairs[ARRAY_LEN(syms)];
  size_t n = 0;
  for (size_t i = 0; i < ARRAY_LEN(syms); i++) {
    if (!syms[i].addr) continue;
    pairs[n].Name = LLVMOrcLLJITMangleAndIntern(jit, syms[i].name);
    pairs[n].Sym.Address = (LLVMOrcExecutorAddress)(uintptr_t)syms[i].addr;
    pairs[n].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
    pairs[n].Sym.Flags.TargetFlags = 0;
    n++;
  }
  if (n) {
    LLVMErrorRef err = LLVMOrcJITDylibDefine(jd, LLVMOrcAbsoluteSymbols(pairs, n));
    if (err) log_warn("codegen: binding k_rt_* failed: %s", cg_error_take(err));
  }
  /* libm and anything else the lowering may call, from the process. */
  LLVMOrcDefinitionGeneratorRef gen;
  LLVMErrorRef err = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
      &gen, LLVMOrcLLJITGetGlobalPrefix(jit), NULL, NULL);
  if (err)
    log_warn("codegen: process symbol generator: %s", cg_error_take(err));
  else
    LLVMOrcJITDylibAddGenerator(jd, gen);
}

static void cg_jit_init_once(void) {
  if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter() ||
      LLVMInitializeNativeAsmParser()) {
    jit_init_error = xstrdup("LLVM has no native target for this host");
    return;
  }
  char *triple = LLVMGetDefaultTargetTriple();
  jit_triple = xstrdup(triple);
  LLVMDisposeMessage(triple);
  char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
  jit_cpu = xstrdup(cpu);
  jit_features = xstrdup(features);
  LLVMDisposeMessage(cpu);
  LLVMDisposeMessage(features);

  jit_tm = cg_tm_create();
  LLVMTargetMachineRef owned_tm = cg_tm_create(); /* consumed by the JIT builder */
  if (!jit_tm || !owned_tm) return;
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(
      builder, LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(owned_tm));
  LLVMErrorRef err = LLVMOrcCreateLLJIT(&jit, builder);
  if (err) {
    jit_init_error = cg_error_take(err);
    jit = NULL;
    return;
  }
  cg_jit_bind_runtime(LLVMOrcLLJITGetMainJITDylib(jit));
  obj_tm = cg_tm_create_pic();
  LOG(LOG_IR, "codegen: JIT for %s, cpu %s", jit_triple, jit_cpu);
}

bool cg_jit_init(const char **error) {
  pthread_once(&jit_once, cg_jit_init_once);
  if (!jit) {
    if (error) *error = jit_init_error ? jit_init_error : "LLVM JIT initialisation failed";
    return false;
  }
  return true;
}

void cg_jit_lock(void) { pthread_mutex_lock(&jit_lock); }
void cg_jit_unlock(void) { pthread_mutex_unlock(&jit_lock); }

const char *cg_jit_cpu(void) { return jit_cpu ? jit_cpu : ""; }
const char *cg_jit_features(void) { return jit_features ? jit_features : ""; }

unsigned long cg_jit_unique(void) { return ++jit_counter; }

void cg_jit_configure_module(LLVMModuleRef mod) {
  LLVMSetTarget(mod, jit_triple);
  LLVMTargetDataRef td = LLVMCreateTargetDataLayout(jit_tm);
  char *layout = LLVMCopyStringRepOfTargetData(td);
  LLVMSetDataLayout(mod, layout);
  LLVMDisposeMessage(layout);
  LLVMDisposeTargetData(td);
}

/* Verifies (debug builds), optimises and dumps; on failure releases module and context. */
bool cg_jit_optimize(LLVMContextRef ctx, LLVMModuleRef mod, const char *what, char **error) {
  *error = NULL;
#ifndef NDEBUG
  char *msg = NULL;
  if (LLVMVerifyModule(mod, LLVMReturnStatusAction, &msg)) {
    if (log_enabled(LOG_IR)) {
      char *ir = LLVMPrintModuleToString(mod);
      log_msg(LOG_IR, "codegen: invalid IR for %s:\n%s", what, ir);
      LLVMDisposeMessage(ir);
    }
    *error = xstrdup(msg ? msg : "invalid LLVM IR");
    LLVMDisposeMessage(msg);
    LLVMDisposeModule(mod);
    cg_jit_context_discard(ctx);
    return false;
  }
  LLVMDisposeMessage(msg);
#endif
  if (log_enabled(LOG_IR) && getenv("PTXVM_LOG_IR_RAW")) {
    char *ir = LLVMPrintModuleToString(mod);
    log_msg(LOG_IR, "codegen: LLVM IR of %s before optimisation:\n%s", what, ir);
    LLVMDisposeMessage(ir);
  }
  LLVMPassBuilderOptionsRef popts = LLVMCreatePassBuilderOptions();
  const char *pipeline = getenv("PTXVM_PASSES");
  LLVMErrorRef err = LLVMRunPasses(mod, pipeline && *pipeline ? pipeline : "default<O2>",
                                   jit_tm, popts);
  LLVMDisposePassBuilderOptions(popts);
  if (err) {
    *error = cg_error_take(err);
    LLVMDisposeModule(mod);
    cg_jit_context_discard(ctx);
    return false;
  }
  if (log_enabled(LOG_IR)) {
    char *ir = LLVMPrintModuleToString(mod);
    log_msg(LOG_IR, "codegen: LLVM IR of %s:\n%s", what, ir);
    LLVMDisposeMessage(ir);
  }
  if (log_enabled(LOG_ASM)) {
    LLVMMemoryBufferRef buf = NULL;
    char *emsg = NULL;
    if (!LLVMTargetMachineEmitToMemoryBuffer(jit_tm, mod, LLVMAssemblyFile, &emsg, &buf)) {
      log_msg(LOG_ASM, "codegen: assembly of %s:\n%.*s", what,
              (int)LLVMGetBufferSize(buf), LLVMGetBufferStart(buf));
      LLVMDisposeMemoryBuffer(buf);
    } else {
      log_warn("codegen: assembly dump failed: %s", emsg ? emsg : "?");
      LLVMDisposeMessage(emsg);
    }
  }
  return true;
}

/* Verifies, optimises and hands the module to the JIT (main JITDylib), which takes
 * ownership of it and of its context. Caller holds the JIT lock. */
bool cg_jit_add_module(LLVMContextRef ctx, LLVMModuleRef mod, const char *what, char **error) {
  if (!cg_jit_optimize(ctx, mod, what, error)) return false;
  LLVMErrorRef err;
  LLVMOrcThreadSafeContextRef tsc = cg_jit_tsc_wrap(ctx);
  LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(mod, tsc);
  LLVMOrcDisposeThreadSafeContext(tsc);
  err = LLVMOrcLLJITAddLLVMIRModule(jit, LLVMOrcLLJITGetMainJITDylib(jit), tsm);
  if (err) {
    LLVMOrcDisposeThreadSafeModule(tsm);
    *error = cg_error_take(err);
    return false;
  }
  return true;
}

/* The LLVM C API has no way to wrap an existing LLVMContext in a ThreadSafeContext, so
 * contexts are created through one: cg_jit_context_create returns the context of a fresh
 * ThreadSafeContext, remembered here until the module is added. */
static LLVMOrcThreadSafeContextRef pending_tsc;

LLVMContextRef cg_jit_context_create(void) {
  ASSERT(!pending_tsc);
  pending_tsc = LLVMOrcCreateNewThreadSafeContext();
  return LLVMOrcThreadSafeContextGetContext(pending_tsc);
}

LLVMOrcThreadSafeContextRef cg_jit_tsc_wrap(LLVMContextRef ctx) {
  ASSERT(pending_tsc && LLVMOrcThreadSafeContextGetContext(pending_tsc) == ctx);
  LLVMOrcThreadSafeContextRef tsc = pending_tsc;
  pending_tsc = NULL;
  return tsc;
}

void cg_jit_context_discard(LLVMContextRef ctx) {
  if (pending_tsc && LLVMOrcThreadSafeContextGetContext(pending_tsc) == ctx) {
    LLVMOrcDisposeThreadSafeContext(pending_tsc);
    pending_tsc = NULL;
  }
}

void *cg_jit_lookup(const char *name, char **error) {
  LLVMOrcExecutorAddress addr = 0;
  LLVMErrorRef err = LLVMOrcLLJITLookup(jit, &addr, name);
  if (err) {
    *error = cg_error_take(err);
    return NULL;
  }
  return (void *)(uintptr_t)addr;
}

/* ---- Per-module JITDylibs and objects (the disk cache's path). ---- */

LLVMOrcJITDylibRef cg_jit_dylib_create(void) {
  char name[64];
  snprintf(name, sizeof name, "ptxvm.module.%lu", cg_jit_unique());
  LLVMOrcJITDylibRef jd =
      LLVMOrcExecutionSessionCreateBareJITDylib(LLVMOrcLLJITGetExecutionSession(jit), name);
  cg_jit_bind_runtime(jd);
  return jd;
}

bool cg_jit_dylib_define(LLVMOrcJITDylibRef jd, const char *const *names, const uint64_t *addrs, size_t n) {
  if (!n) return true;
  LLVMOrcCSymbolMapPair *pairs = xcalloc(n, sizeof *pairs);
  for (size_t i = 0; i < n; i++) {
    pairs[i].Name = LLVMOrcLLJITMangleAndIntern(jit, names[i]);
    pairs[i].Sym.Address = addrs[i];
    pairs[i].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported;
    pairs[i].Sym.Flags.TargetFlags = 0;
  }
  LLVMErrorRef err = LLVMOrcJITDylibDefine(jd, LLVMOrcAbsoluteSymbols(pairs, n));
  free(pairs);
  if (err) {
    char *m = cg_error_take(err);
    log_warn("codegen: defining module symbols: %s", m);
    free(m);
    return false;
  }
  return true;
}

bool cg_jit_emit_object(LLVMModuleRef mod, LLVMMemoryBufferRef *out, char **error) {
  char *emsg = NULL;
  *error = NULL;
  if (!obj_tm) {
    *error = xstrdup("no target machine for objects");
    return false;
  }
  if (LLVMTargetMachineEmitToMemoryBuffer(obj_tm, mod, LLVMObjectFile, &emsg, out)) {
    *error = xstrdup(emsg ? emsg : "object emission failed");
    LLVMDisposeMessage(emsg);
    return false;
  }
  return true;
}

bool cg_jit_add_object(LLVMOrcJITDylibRef jd, LLVMMemoryBufferRef buf, char **error) {
  LLVMErrorRef err = LLVMOrcLLJITAddObjectFile(jit, jd, buf);
  if (err) {
    *error = cg_error_take(err);
    return false;
  }
  return true;
}

typedef struct LookupResult {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  bool done;
  char *error;
  uint64_t addr;
} LookupResult;

static void lookup_done(LLVMErrorRef err, LLVMOrcCSymbolMapPairs result, size_t n, void *ctx) {
  LookupResult *r = ctx;
  pthread_mutex_lock(&r->lock);
  if (err)
    r->error = cg_error_take(err);
  else if (n)
    r->addr = result[0].Sym.Address;
  r->done = true;
  pthread_cond_signal(&r->cond);
  pthread_mutex_unlock(&r->lock);
}

void *cg_jit_lookup_in(LLVMOrcJITDylibRef jd, const char *name, char **error) {
  LookupResult r = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, NULL, 0};
  LLVMOrcCJITDylibSearchOrderElement so = {jd, LLVMOrcJITDylibLookupFlagsMatchAllSymbols};
  LLVMOrcCLookupSetElement sym = {LLVMOrcLLJITMangleAndIntern(jit, name), LLVMOrcSymbolLookupFlagsRequiredSymbol};
  LLVMOrcExecutionSessionLookup(LLVMOrcLLJITGetExecutionSession(jit), LLVMOrcLookupKindStatic, &so, 1, &sym, 1,
                                lookup_done, &r);
  pthread_mutex_lock(&r.lock);
  while (!r.done) pthread_cond_wait(&r.cond, &r.lock);
  pthread_mutex_unlock(&r.lock);
  if (r.error) {
    *error = r.error;
    return NULL;
  }
  return (void *)(uintptr_t)r.addr;
}

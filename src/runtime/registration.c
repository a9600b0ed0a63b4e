/* runtime: nvcc's registration ABI. The start-up code of every translation unit calls
 * __cudaRegisterFatBinary with its fatbinary wrapper, then __cudaRegisterFunction and
 * __cudaRegisterVar per kernel and variable, then __cudaRegisterFatBinaryEnd. Nothing is
 * parsed then: a module is loaded into a context on the first use of one of its kernels
 * or variables (__cudaInitModule forces it for managed variables). */
#include "runtime_internal.h"

pthread_mutex_t rt_lock = PTHREAD_MUTEX_INITIALIZER;

static struct {
  VEC(RtFatbin *) fatbins;
  VEC(RtKernel *) kernels;
  Map kernel_by_host; /* host stub address (bytes of the pointer) -> RtKernel */
  Map var_by_host;    /* host shadow address -> RtVar */
  bool maps_ready;
} reg;

static void maps_init(void) {
  if (reg.maps_ready) return;
  map_init(&reg.kernel_by_host, NULL);
  map_init(&reg.var_by_host, NULL);
  reg.maps_ready = true;
}

/* Declarations as in crt/host_runtime.h and crt/device_functions.h (C++ only there). */
RT_API void **__cudaRegisterFatBinary(void *fatCubin);
RT_API void __cudaRegisterFatBinaryEnd(void **fatCubinHandle);
RT_API void __cudaUnregisterFatBinary(void **fatCubinHandle);
RT_API void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun, char *deviceFun,
                                   const char *deviceName, int thread_limit, uint3 *tid, uint3 *bid,
                                   dim3 *bDim, dim3 *gDim, int *wSize);
RT_API void __cudaRegisterVar(void **fatCubinHandle, char *hostVar, char *deviceAddress,
                              const char *deviceName, int ext, size_t size, int constant, int global);
RT_API void __cudaRegisterManagedVar(void **fatCubinHandle, void **hostVarPtrAddress,
                                     char *deviceAddress, const char *deviceName, int ext, size_t size,
                                     int constant, int global);
RT_API char __cudaInitModule(void **fatCubinHandle);
RT_API void __cudaRegisterTexture(void **fatCubinHandle, const void *hostVar, const void **deviceAddress,
                                  const char *deviceName, int dim, int norm, int ext);
RT_API void __cudaRegisterSurface(void **fatCubinHandle, const void *hostVar, const void **deviceAddress,
                                  const char *deviceName, int dim, int ext);
RT_API cudaError_t __cudaGetKernel(cudaKernel_t *kernel, const void *hostFun);

void **__cudaRegisterFatBinary(void *fatCubin) {
  RtFatbin *fb = xcalloc(1, sizeof *fb);
  fb->wrapper = fatCubin;
  pthread_mutex_lock(&rt_lock);
  maps_init();
  vec_push(&reg.fatbins, fb);
  pthread_mutex_unlock(&rt_lock);
  LOG(LOG_API, "__cudaRegisterFatBinary(%p) -> handle %p", fatCubin, (void *)fb);
  return (void **)fb;
}

void __cudaRegisterFatBinaryEnd(void **fatCubinHandle) {}

/* At exit: the modules die with their contexts; the records stay so that a destructor
 * running later and launching a kernel gets an error rather than a crash. */
void __cudaUnregisterFatBinary(void **fatCubinHandle) {
  RtFatbin *fb = (RtFatbin *)fatCubinHandle;
  if (!fb) return;
  pthread_mutex_lock(&rt_lock);
  fb->unregistered = true;
  pthread_mutex_unlock(&rt_lock);
}

void __cudaRegisterFunction(void **fatCubinHandle, const char *hostFun, char *deviceFun,
                            const char *deviceName, int thread_limit, uint3 *tid, uint3 *bid,
                            dim3 *bDim, dim3 *gDim, int *wSize) {
  if (!fatCubinHandle || !hostFun || !deviceName) return;
  RtKernel *k = xcalloc(1, sizeof *k);
  k->host_fun = hostFun;
  k->name = xstrdup(deviceName);
  k->fatbin = (RtFatbin *)fatCubinHandle;
  k->max_dynamic_shared = -1;
  k->carveout = -1;
  pthread_mutex_lock(&rt_lock);
  maps_init();
  vec_push(&reg.kernels, k);
  map_put(&reg.kernel_by_host, (const char *)&k->host_fun, sizeof k->host_fun, k);
  pthread_mutex_unlock(&rt_lock);
  LOG(LOG_API, "__cudaRegisterFunction(%p -> %s)", (const void *)hostFun, deviceName);
}

static void register_var(void **handle, const void *host, const char *name, size_t size,
                         bool managed, void **managed_ptr) {
  if (!handle || !host || !name) return;
  RtVar *v = xcalloc(1, sizeof *v);
  v->host_var = host;
  v->name = xstrdup(name);
  v->fatbin = (RtFatbin *)handle;
  v->size = size;
  v->managed = managed;
  v->managed_ptr = managed_ptr;
  pthread_mutex_lock(&rt_lock);
  maps_init();
  map_put(&reg.var_by_host, (const char *)&v->host_var, sizeof v->host_var, v);
  pthread_mutex_unlock(&rt_lock);
  LOG(LOG_API, "__cudaRegisterVar(%p -> %s, %zu bytes)", host, name, size);
}

void __cudaRegisterVar(void **fatCubinHandle, char *hostVar, char *deviceAddress,
                       const char *deviceName, int ext, size_t size, int constant, int global) {
  register_var(fatCubinHandle, hostVar, deviceName, size, false, NULL);
}

/* A __managed__ variable: host code reaches it through *hostVarPtrAddress, which
 * __cudaInitModule points at the module's storage. The host-side key is that address. */
void __cudaRegisterManagedVar(void **fatCubinHandle, void **hostVarPtrAddress, char *deviceAddress,
                              const char *deviceName, int ext, size_t size, int constant, int global) {
  register_var(fatCubinHandle, hostVarPtrAddress, deviceName, size, true, hostVarPtrAddress);
}

void __cudaRegisterTexture(void **fatCubinHandle, const void *hostVar, const void **deviceAddress,
                           const char *deviceName, int dim, int norm, int ext) {
  LOG(LOG_API, "texture reference %s registered (texture references are not supported)", deviceName);
}

void __cudaRegisterSurface(void **fatCubinHandle, const void *hostVar, const void **deviceAddress,
                           const char *deviceName, int dim, int ext) {
  LOG(LOG_API, "surface reference %s registered (surface references are not supported)", deviceName);
}

RtKernel *rt_kernel_find(const void *host_fun) {
  pthread_mutex_lock(&rt_lock);
  RtKernel *k = reg.maps_ready ? map_find(&reg.kernel_by_host, (const char *)&host_fun, sizeof host_fun) : NULL;
  pthread_mutex_unlock(&rt_lock);
  return k;
}

RtVar *rt_var_find(const void *host_var) {
  pthread_mutex_lock(&rt_lock);
  RtVar *v = reg.maps_ready ? map_find(&reg.var_by_host, (const char *)&host_var, sizeof host_var) : NULL;
  pthread_mutex_unlock(&rt_lock);
  return v;
}

/* The fatbinary's module in ctx; rt_lock held. */
static cudaError_t module_in(RtFatbin *fb, CUcontext ctx, CUmodule *out) {
  for (size_t i = 0; i < fb->mods.len; i++) {
    if (fb->mods.data[i].ctx != ctx) continue;
    *out = fb->mods.data[i].mod;
    return fb->mods.data[i].error;
  }
  if (fb->unregistered) return cudaErrorCudartUnloading;
  CUmodule mod = NULL;
  CUresult r = cuModuleLoadData(&mod, fb->wrapper);
  cudaError_t e = cudaSuccess;
  if (r != CUDA_SUCCESS) {
    /* NVIDIA's runtime reports a fatbinary without code for the device this way. */
    e = r == CUDA_ERROR_NO_BINARY_FOR_GPU ? cudaErrorNoKernelImageForDevice : rt_error(r);
    mod = NULL;
  }
  RtModuleRef ref = {ctx, mod, e};
  vec_push(&fb->mods, ref);
  *out = mod;
  return e;
}

cudaError_t rt_kernel_function(RtKernel *k, CUfunction *out) {
  CUcontext ctx;
  cudaError_t e = rt_context(&ctx);
  if (e != cudaSuccess) return e;
  pthread_mutex_lock(&rt_lock);
  for (size_t i = 0; i < k->funcs.len; i++) {
    if (k->funcs.data[i].ctx == ctx) {
      *out = k->funcs.data[i].func;
      pthread_mutex_unlock(&rt_lock);
      return cudaSuccess;
    }
  }
  CUmodule mod = NULL;
  e = module_in(k->fatbin, ctx, &mod);
  if (e == cudaSuccess) {
    CUfunction f = NULL;
    CUresult r = cuModuleGetFunction(&f, mod, k->name);
    if (r == CUDA_SUCCESS) {
      if (k->max_dynamic_shared >= 0)
        cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, k->max_dynamic_shared);
      if (k->carveout >= 0)
        cuFuncSetAttribute(f, CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT, k->carveout);
      RtFuncRef ref = {ctx, f};
      vec_push(&k->funcs, ref);
      *out = f;
    } else {
      log_error("kernel %s is not in its module", k->name);
      e = r == CUDA_ERROR_NOT_FOUND ? cudaErrorInvalidDeviceFunction : rt_error(r);
    }
  }
  pthread_mutex_unlock(&rt_lock);
  return e;
}

cudaError_t rt_var_address(RtVar *v, void **addr, size_t *size) {
  CUcontext ctx;
  cudaError_t e = rt_context(&ctx);
  if (e != cudaSuccess) return e;
  pthread_mutex_lock(&rt_lock);
  CUmodule mod = NULL;
  e = module_in(v->fatbin, ctx, &mod);
  if (e == cudaSuccess) {
    CUdeviceptr p = 0;
    size_t n = 0;
    CUresult r = cuModuleGetGlobal_v2(&p, &n, mod, v->name);
    if (r == CUDA_SUCCESS) {
      *addr = (void *)(uintptr_t)p;
      if (size) *size = n;
    } else {
      e = r == CUDA_ERROR_NOT_FOUND ? cudaErrorInvalidSymbol : rt_error(r);
    }
  }
  pthread_mutex_unlock(&rt_lock);
  return e;
}

/* Loads the module now and points the host's view of each managed variable at its
 * storage (device memory is host memory). Returns 1 on success, as NVIDIA's does. */
char __cudaInitModule(void **fatCubinHandle) {
  RtFatbin *fb = (RtFatbin *)fatCubinHandle;
  if (!fb) return 0;
  CUcontext ctx;
  if (rt_context(&ctx) != cudaSuccess) return 0;
  pthread_mutex_lock(&rt_lock);
  CUmodule mod = NULL;
  cudaError_t e = module_in(fb, ctx, &mod);
  pthread_mutex_unlock(&rt_lock);
  if (e != cudaSuccess) return 0;
  pthread_mutex_lock(&rt_lock);
  for (size_t i = 0; i < reg.var_by_host.cap; i++) {
    RtVar *v = reg.var_by_host.slots ? reg.var_by_host.slots[i].value : NULL;
    if (!v || v->fatbin != fb || !v->managed) continue;
    CUdeviceptr p = 0;
    if (cuModuleGetGlobal_v2(&p, NULL, mod, v->name) == CUDA_SUCCESS) *v->managed_ptr = (void *)(uintptr_t)p;
  }
  pthread_mutex_unlock(&rt_lock);
  return 1;
}

cudaError_t __cudaGetKernel(cudaKernel_t *kernel, const void *hostFun) {
  if (!kernel) RT_RETURN(cudaErrorInvalidValue);
  RtKernel *k = rt_kernel_find(hostFun);
  if (!k) RT_RETURN(cudaErrorInvalidDeviceFunction);
  *kernel = (cudaKernel_t)k;
  return cudaSuccess;
}

void rt_forget_context(CUcontext ctx) {
  pthread_mutex_lock(&rt_lock);
  for (size_t i = 0; i < reg.fatbins.len; i++) {
    RtFatbin *fb = reg.fatbins.data[i];
    size_t j = 0;
    for (size_t m = 0; m < fb->mods.len; m++)
      if (fb->mods.data[m].ctx != ctx) fb->mods.data[j++] = fb->mods.data[m];
    fb->mods.len = j;
  }
  for (size_t i = 0; i < reg.kernels.len; i++) {
    RtKernel *k = reg.kernels.data[i];
    size_t j = 0;
    for (size_t m = 0; m < k->funcs.len; m++)
      if (k->funcs.data[m].ctx != ctx) k->funcs.data[j++] = k->funcs.data[m];
    k->funcs.len = j;
  }
  pthread_mutex_unlock(&rt_lock);
}

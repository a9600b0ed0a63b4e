/* driver: virtual memory management (cuMemAddressReserve / cuMemCreate / cuMemMap /
 * cuMemSetAccess). A reservation is an inaccessible anonymous mapping; a physical
 * allocation is a memfd, so it can be mapped at several addresses and exported to another
 * process as a POSIX file descriptor; mapping it replaces part of a reservation, and
 * access flags become page protections, so a kernel touching memory it was not granted
 * faults with CUDA_ERROR_ILLEGAL_ADDRESS as it would on a GPU. */
#include <sys/mman.h>
#include <unistd.h>

#include "driver_internal.h"

/* What a GPU reports (2 MiB): programs size their allocations from it. */
#define VMM_GRANULARITY ((size_t)2 << 20)

typedef struct VmmAlloc {
  uint32_t magic;
  int fd;
  size_t size;
  CUmemAllocationProp prop;
} VmmAlloc;

typedef struct VmmRange {
  uintptr_t base;
  size_t size;
} VmmRange;

enum { VMM_MAGIC = 0x564d4d21u };

static struct {
  pthread_mutex_t lock;
  VEC(VmmRange) reserved;
} vmm = {.lock = PTHREAD_MUTEX_INITIALIZER};

static VmmAlloc *alloc_of(CUmemGenericAllocationHandle h) {
  VmmAlloc *a = (VmmAlloc *)(uintptr_t)h;
  return a && a->magic == VMM_MAGIC ? a : NULL;
}

/* True when [p, p+size) lies inside one reservation. */
static bool in_reservation(uintptr_t p, size_t size) {
  bool ok = false;
  pthread_mutex_lock(&vmm.lock);
  for (size_t i = 0; i < vmm.reserved.len && !ok; i++) {
    VmmRange *r = &vmm.reserved.data[i];
    ok = p >= r->base && size <= r->size && p - r->base <= r->size - size;
  }
  pthread_mutex_unlock(&vmm.lock);
  return ok;
}

static CUresult check_prop(const CUmemAllocationProp *prop) {
  if (!prop || prop->type != CU_MEM_ALLOCATION_TYPE_PINNED) return CUDA_ERROR_INVALID_VALUE;
  if (prop->location.type != CU_MEM_LOCATION_TYPE_DEVICE || prop->location.id < 0 ||
      prop->location.id >= drv.device_count)
    return CUDA_ERROR_INVALID_DEVICE;
  if (prop->requestedHandleTypes & ~(unsigned)CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR)
    return drv_unsupported("cuMemCreate with a handle type other than POSIX file descriptors");
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemGetAllocationGranularity(size_t *granularity, const CUmemAllocationProp *prop,
                                                     CUmemAllocationGranularity_flags option) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!granularity) return CUDA_ERROR_INVALID_VALUE;
  r = check_prop(prop);
  if (r != CUDA_SUCCESS) return r;
  *granularity = VMM_GRANULARITY;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemAddressReserve(CUdeviceptr *ptr, size_t size, size_t alignment, CUdeviceptr addr,
                                           unsigned long long flags) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!ptr || !size || size % VMM_GRANULARITY) return CUDA_ERROR_INVALID_VALUE;
  if (alignment == 0) alignment = VMM_GRANULARITY;
  if (alignment & (alignment - 1) || alignment % (size_t)sysconf(_SC_PAGESIZE)) return CUDA_ERROR_INVALID_VALUE;
  /* Over-reserve, then trim to the alignment. The address is a hint, as CUDA's is. */
  size_t span = size + alignment;
  uint8_t *p = mmap((void *)(uintptr_t)addr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return CUDA_ERROR_OUT_OF_MEMORY;
  uintptr_t base = ALIGN_UP((uintptr_t)p, alignment);
  if (base > (uintptr_t)p) munmap(p, base - (uintptr_t)p);
  uintptr_t end = (uintptr_t)p + span;
  if (end > base + size) munmap((void *)(base + size), end - (base + size));
  pthread_mutex_lock(&vmm.lock);
  VmmRange range = {base, size};
  vec_push(&vmm.reserved, range);
  pthread_mutex_unlock(&vmm.lock);
  *ptr = (CUdeviceptr)base;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemAddressFree(CUdeviceptr ptr, size_t size) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  pthread_mutex_lock(&vmm.lock);
  bool found = false;
  for (size_t i = 0; i < vmm.reserved.len; i++) {
    if (vmm.reserved.data[i].base != (uintptr_t)ptr || vmm.reserved.data[i].size != size) continue;
    vmm.reserved.data[i] = vmm.reserved.data[--vmm.reserved.len];
    found = true;
    break;
  }
  pthread_mutex_unlock(&vmm.lock);
  if (!found) return CUDA_ERROR_INVALID_VALUE;
  /* Mappings still inside are dropped with it; forget them in the allocation map. */
  for (uintptr_t p = (uintptr_t)ptr; p < (uintptr_t)ptr + size; p += VMM_GRANULARITY) {
    DrvAlloc a;
    if (drv_alloc_lookup(p, 1, &a) && a.kind == DRV_MEM_MAPPED) drv_alloc_unregister((void *)a.base);
  }
  munmap((void *)(uintptr_t)ptr, size);
  return CUDA_SUCCESS;
}

static CUresult new_alloc(CUmemGenericAllocationHandle *handle, int fd, size_t size,
                          const CUmemAllocationProp *prop) {
  VmmAlloc *a = xcalloc(1, sizeof *a);
  a->magic = VMM_MAGIC;
  a->fd = fd;
  a->size = size;
  a->prop = *prop;
  *handle = (CUmemGenericAllocationHandle)(uintptr_t)a;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemCreate(CUmemGenericAllocationHandle *handle, size_t size,
                                   const CUmemAllocationProp *prop, unsigned long long flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  if (!handle || !size || size % VMM_GRANULARITY || flags) return CUDA_ERROR_INVALID_VALUE;
  r = check_prop(prop);
  if (r != CUDA_SUCCESS) return r;
  int fd = memfd_create("ptxvm-cuMemCreate", MFD_CLOEXEC);
  if (fd < 0) return CUDA_ERROR_OUT_OF_MEMORY;
  if (ftruncate(fd, (off_t)size) != 0) {
    close(fd);
    return CUDA_ERROR_OUT_OF_MEMORY;
  }
  return new_alloc(handle, fd, size, prop);
}

/* The memory stays while it is mapped (the mappings hold the memfd), as CUDA's does. */
CU_API CUresult CUDAAPI cuMemRelease(CUmemGenericAllocationHandle handle) {
  VmmAlloc *a = alloc_of(handle);
  if (!a) return CUDA_ERROR_INVALID_VALUE;
  close(a->fd);
  a->fd = -1;
  a->magic = DRV_MAGIC_DEAD; /* kept allocated so a stale handle is detected */
  drv_keep_dead(a);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemMap(CUdeviceptr ptr, size_t size, size_t offset,
                                CUmemGenericAllocationHandle handle, unsigned long long flags) {
  CUcontext ctx;
  CUresult r = drv_ctx_get(&ctx);
  if (r != CUDA_SUCCESS) return r;
  VmmAlloc *a = alloc_of(handle);
  if (!a || flags || !size || size % VMM_GRANULARITY || offset % VMM_GRANULARITY ||
      offset > a->size || size > a->size - offset || !in_reservation((uintptr_t)ptr, size))
    return CUDA_ERROR_INVALID_VALUE;
  if (drv_alloc_lookup((uintptr_t)ptr, 1, NULL) || drv_alloc_lookup((uintptr_t)ptr + size - 1, 1, NULL))
    return CUDA_ERROR_INVALID_VALUE; /* already mapped */
  void *p = mmap((void *)(uintptr_t)ptr, size, PROT_NONE, MAP_SHARED | MAP_FIXED, a->fd, (off_t)offset);
  if (p == MAP_FAILED) return CUDA_ERROR_OUT_OF_MEMORY;
  drv_alloc_register(p, size, DRV_MEM_MAPPED, ctx, 0);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemUnmap(CUdeviceptr ptr, size_t size) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  /* The range is whole mappings laid end to end (vectorAddMMAP maps a chunk per device
   * into one range and unmaps the range at once); no mapping may be cut. Checked for all
   * of them before any is undone. */
  uintptr_t end = (uintptr_t)ptr + size;
  if (!size || end < (uintptr_t)ptr) return CUDA_ERROR_INVALID_VALUE;
  for (uintptr_t p = (uintptr_t)ptr; p < end;) {
    DrvAlloc a;
    if (!drv_alloc_lookup(p, 1, &a) || a.kind != DRV_MEM_MAPPED || a.base != p || a.size > end - p)
      return CUDA_ERROR_INVALID_VALUE;
    p += a.size;
  }
  for (uintptr_t p = (uintptr_t)ptr; p < end;) {
    DrvAlloc a;
    if (!drv_alloc_lookup(p, 1, &a)) break; /* unmapped by another thread meanwhile */
    drv_alloc_unregister((void *)a.base);
    p += a.size;
  }
  /* Back to reserved: inaccessible, still ours. */
  mmap((void *)(uintptr_t)ptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemSetAccess(CUdeviceptr ptr, size_t size, const CUmemAccessDesc *desc, size_t count) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!desc || !count || !size) return CUDA_ERROR_INVALID_VALUE;
  /* Every device shares the host's page tables: the most permissive grant wins. */
  int prot = PROT_NONE;
  for (size_t i = 0; i < count; i++) {
    if (desc[i].location.type != CU_MEM_LOCATION_TYPE_DEVICE || desc[i].location.id < 0 ||
        desc[i].location.id >= drv.device_count)
      return CUDA_ERROR_INVALID_DEVICE;
    if (desc[i].flags == CU_MEM_ACCESS_FLAGS_PROT_READ) prot |= PROT_READ;
    else if (desc[i].flags == CU_MEM_ACCESS_FLAGS_PROT_READWRITE) prot |= PROT_READ | PROT_WRITE;
    else if (desc[i].flags != CU_MEM_ACCESS_FLAGS_PROT_NONE) return CUDA_ERROR_INVALID_VALUE;
  }
  /* The whole range must be mapped. */
  for (uintptr_t p = (uintptr_t)ptr; p < (uintptr_t)ptr + size;) {
    DrvAlloc a;
    if (!drv_alloc_lookup(p, 1, &a) || a.kind != DRV_MEM_MAPPED) return CUDA_ERROR_INVALID_VALUE;
    p = a.base + a.size;
  }
  if (mprotect((void *)(uintptr_t)ptr, size, prot) != 0) return CUDA_ERROR_INVALID_VALUE;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemGetAccess(unsigned long long *flags, const CUmemLocation *location, CUdeviceptr ptr) {
  if (!flags || !location) return CUDA_ERROR_INVALID_VALUE;
  DrvAlloc a;
  if (!drv_alloc_lookup((uintptr_t)ptr, 1, &a)) return CUDA_ERROR_INVALID_VALUE;
  *flags = CU_MEM_ACCESS_FLAGS_PROT_READWRITE; /* best effort: protections are not read back */
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemGetAllocationPropertiesFromHandle(CUmemAllocationProp *prop,
                                                              CUmemGenericAllocationHandle handle) {
  VmmAlloc *a = alloc_of(handle);
  if (!prop || !a) return CUDA_ERROR_INVALID_VALUE;
  *prop = a->prop;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemExportToShareableHandle(void *shareableHandle, CUmemGenericAllocationHandle handle,
                                                    CUmemAllocationHandleType handleType,
                                                    unsigned long long flags) {
  VmmAlloc *a = alloc_of(handle);
  if (!shareableHandle || !a || flags) return CUDA_ERROR_INVALID_VALUE;
  if (handleType != CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR)
    return drv_unsupported("cuMemExportToShareableHandle with a non-POSIX handle type");
  /* Only the handle types asked for at cuMemCreate can be exported, as with CUDA. */
  if (!(a->prop.requestedHandleTypes & handleType)) {
    log_error("cuMemExportToShareableHandle: the allocation was created without "
              "CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR in requestedHandleTypes");
    return CUDA_ERROR_INVALID_VALUE;
  }
  int fd = dup(a->fd);
  if (fd < 0) return CUDA_ERROR_OUT_OF_MEMORY;
  *(int *)shareableHandle = fd;
  return CUDA_SUCCESS;
}

CU_API CUresult CUDAAPI cuMemImportFromShareableHandle(CUmemGenericAllocationHandle *handle, void *osHandle,
                                                      CUmemAllocationHandleType shHandleType) {
  CUresult r = drv_check_init();
  if (r != CUDA_SUCCESS) return r;
  if (!handle) return CUDA_ERROR_INVALID_VALUE;
  if (shHandleType != CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR)
    return drv_unsupported("cuMemImportFromShareableHandle with a non-POSIX handle type");
  /* The fd travels in the pointer's bits, as CUDA's POSIX handles do. */
  int fd = dup((int)(intptr_t)osHandle);
  if (fd < 0) return CUDA_ERROR_INVALID_VALUE;
  off_t size = lseek(fd, 0, SEEK_END);
  if (size <= 0) {
    close(fd);
    return CUDA_ERROR_INVALID_VALUE;
  }
  CUmemAllocationProp prop = {.type = CU_MEM_ALLOCATION_TYPE_PINNED,
                              .requestedHandleTypes = CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR,
                              .location = {.type = CU_MEM_LOCATION_TYPE_DEVICE, .id = 0}};
  return new_alloc(handle, fd, (size_t)size, &prop);
}

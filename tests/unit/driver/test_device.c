/* Driver API: initialisation and device queries. */
#include <cuda.h>
#include <string.h>

#include "test.h"

TEST(device_init_and_count) {
  int v = 0;
  CHECK_EQ_INT(cuDriverGetVersion(&v), CUDA_SUCCESS);
  CHECK_EQ_INT(v, 13000);
  CHECK_EQ_INT(cuInit(1), CUDA_ERROR_INVALID_VALUE); /* flags must be 0 */
  CHECK_EQ_INT(cuInit(0), CUDA_SUCCESS);
  int n = 0;
  CHECK_EQ_INT(cuDeviceGetCount(&n), CUDA_SUCCESS);
  CHECK(n >= 1);
  CUdevice d = -1;
  CHECK_EQ_INT(cuDeviceGet(&d, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(d, 0);
  CHECK_EQ_INT(cuDeviceGet(&d, n), CUDA_ERROR_INVALID_DEVICE);
  CHECK_EQ_INT(cuDeviceGet(&d, -1), CUDA_ERROR_INVALID_DEVICE);
  CHECK_EQ_INT(cuDeviceGet(NULL, 0), CUDA_ERROR_INVALID_VALUE);
}

TEST(device_name_memory_uuid) {
  cuInit(0);
  char name[256];
  CHECK_EQ_INT(cuDeviceGetName(name, sizeof name, 0), CUDA_SUCCESS);
  CHECK(strncmp(name, "ptxvm CPU (", 11) == 0);
  CHECK(name[strlen(name) - 1] == ')');
  char tiny[6];
  CHECK_EQ_INT(cuDeviceGetName(tiny, sizeof tiny, 0), CUDA_SUCCESS);
  CHECK_EQ_STR(tiny, "ptxvm"); /* truncated, still terminated */
  size_t mem = 0;
  CHECK_EQ_INT(cuDeviceTotalMem(&mem, 0), CUDA_SUCCESS);
  CHECK(mem >= (size_t)64 << 20);
  CUuuid a, b;
  CHECK_EQ_INT(cuDeviceGetUuid(&a, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(cuDeviceGetUuid(&b, 0), CUDA_SUCCESS);
  CHECK(memcmp(a.bytes, b.bytes, 16) == 0);
  int major = 0, minor = -1;
  CHECK_EQ_INT(cuDeviceComputeCapability(&major, &minor, 0), CUDA_SUCCESS);
  CHECK_EQ_INT(major, 8);
  CHECK_EQ_INT(minor, 0);
}

TEST(device_attributes) {
  cuInit(0);
  struct {
    CUdevice_attribute a;
    int want;
  } fixed[] = {
      {CU_DEVICE_ATTRIBUTE_WARP_SIZE, 32},
      {CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, 1024},
      {CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X, 1024},
      {CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Y, 1024},
      {CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_Z, 64},
      {CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X, 2147483647},
      {CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Y, 65535},
      {CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_Z, 65535},
      {CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK, 48 * 1024},
      {CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, 227 * 1024},
      {CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, 8},
      {CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, 0},
      {CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING, 1},
      {CU_DEVICE_ATTRIBUTE_MANAGED_MEMORY, 1},
  };
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
    int v = -12345;
    CHECK_EQ_INT(cuDeviceGetAttribute(&v, fixed[i].a, 0), CUDA_SUCCESS);
    CHECK_EQ_INT(v, fixed[i].want);
  }
  int sms = 0, clock = 0;
  CHECK_EQ_INT(cuDeviceGetAttribute(&sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, 0), CUDA_SUCCESS);
  CHECK(sms >= 1);
  CHECK_EQ_INT(cuDeviceGetAttribute(&clock, CU_DEVICE_ATTRIBUTE_CLOCK_RATE, 0), CUDA_SUCCESS);
  CHECK(clock > 0);
  /* Every attribute CUDA 13 defines has a value (139 is GPU_PCI_DEVICE_ID). */
  for (int a = 1; a < CU_DEVICE_ATTRIBUTE_MAX; a++) {
    int v;
    CUresult r = cuDeviceGetAttribute(&v, (CUdevice_attribute)a, 0);
    if (r != CUDA_SUCCESS) fprintf(stderr, "  attribute %d: %d\n", a, (int)r);
    CHECK_EQ_INT(r, CUDA_SUCCESS);
  }
  int v;
  CHECK_EQ_INT(cuDeviceGetAttribute(&v, (CUdevice_attribute)100000, 0), CUDA_ERROR_INVALID_VALUE);
  CHECK_EQ_INT(cuDeviceGetAttribute(&v, CU_DEVICE_ATTRIBUTE_WARP_SIZE, 99), CUDA_ERROR_INVALID_DEVICE);
  CHECK_EQ_INT(cuDeviceGetAttribute(NULL, CU_DEVICE_ATTRIBUTE_WARP_SIZE, 0), CUDA_ERROR_INVALID_VALUE);
}

/* driver: cuInit and the process-wide device description it builds from the host
 * (cores, RAM, CPU model) and the environment (PTXVM_DEVICES, PTXVM_COMPUTE_CAPABILITY,
 * CUDA_VISIBLE_DEVICES). */
#include <ctype.h>
#include <unistd.h>

#include "driver_internal.h"

DrvState drv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static struct {
  pthread_mutex_t lock;
  VEC(void *) objs;
} dead = {.lock = PTHREAD_MUTEX_INITIALIZER};

void drv_keep_dead(void *obj) {
  pthread_mutex_lock(&dead.lock);
  vec_push(&dead.objs, obj);
  pthread_mutex_unlock(&dead.lock);
}
static CUresult init_result = CUDA_ERROR_NOT_INITIALIZED;
static atomic_bool init_done;

static void read_cpu_model(char *out, size_t cap, int *khz) {
  snprintf(out, cap, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return;
  char line[512];
  bool have_model = false;
  while (fgets(line, sizeof line, f)) {
    double mhz;
    if (!*khz && sscanf(line, "cpu MHz : %lf", &mhz) == 1 && mhz > 0) *khz = (int)(mhz * 1000);
    if (have_model) {
      if (*khz) break;
      continue;
    }
    /* x86 says "model name", others "Model" or "cpu model". */
    if (strncmp(line, "model name", 10) && strncmp(line, "Model", 5) &&
        strncmp(line, "cpu model", 9))
      continue;
    char *colon = strchr(line, ':');
    if (!colon) continue;
    char *s = colon + 1;
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    if (n) snprintf(out, cap, "%s", s);
    have_model = true;
    if (*khz) break;
  }
  fclose(f);
}

/* CUDA_VISIBLE_DEVICES: a comma list of ordinals; the list stops at the first entry that
 * is not a valid ordinal, as CUDA's does. Unset means all devices. */
static int visible_devices(int available) {
  const char *env = getenv("CUDA_VISIBLE_DEVICES");
  if (!env) return available;
  int count = 0;
  const char *p = env;
  while (*p) {
    while (isspace((unsigned char)*p)) p++;
    char *end;
    long v = strtol(p, &end, 10);
    if (end == p || v < 0 || v >= available) break;
    count++;
    p = end;
    while (isspace((unsigned char)*p)) p++;
    if (*p != ',') break;
    p++;
  }
  return count;
}

static void init_state(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  drv.cores = cores > 0 ? (unsigned)cores : 1;
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  drv.total_mem = pages > 0 && page > 0 ? (size_t)pages * (size_t)page : (size_t)1 << 32;
  char model[200];
  drv.clock_khz = 0;
  read_cpu_model(model, sizeof model, &drv.clock_khz);
  if (drv.clock_khz <= 0) drv.clock_khz = 1500000;
  long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE), l2 = sysconf(_SC_LEVEL2_CACHE_SIZE);
  long llc = l3 > 0 ? l3 : l2;
  drv.l2_bytes = llc > 0 && llc < (1l << 30) ? (int)llc : 4 << 20;
  snprintf(drv.name, sizeof drv.name, "ptxvm CPU (%s)", model);

  drv.cc_major = 8;
  drv.cc_minor = 0;
  const char *cc = getenv("PTXVM_COMPUTE_CAPABILITY");
  if (cc && *cc) {
    int major, minor;
    if (sscanf(cc, "%d.%d", &major, &minor) == 2 && major >= 1 && major <= 20 && minor >= 0 &&
        minor <= 9) {
      drv.cc_major = major;
      drv.cc_minor = minor;
    } else {
      log_warn("PTXVM_COMPUTE_CAPABILITY='%s' is not MAJOR.MINOR; using 8.0", cc);
    }
  }

  int ndev = 1;
  const char *nd = getenv("PTXVM_DEVICES");
  if (nd && *nd) {
    char *end;
    long v = strtol(nd, &end, 10);
    if (*end || v < 0 || v > DRV_MAX_DEVICES)
      log_warn("PTXVM_DEVICES='%s' is not a number from 0 to %d; using 1", nd, DRV_MAX_DEVICES);
    else
      ndev = (int)v;
  }
  drv.device_count = visible_devices(ndev);

  for (int i = 0; i < DRV_MAX_DEVICES; i++) {
    struct CUctx_st *p = &drv.devices[i].primary;
    p->magic = DRV_MAGIC_CTX;
    p->device = i;
    p->is_primary = true;
    pthread_mutex_init(&p->lock, NULL);
  }
  init_result = drv.device_count > 0 ? CUDA_SUCCESS : CUDA_ERROR_NO_DEVICE;
  LOG(LOG_API, "cuInit: %d device(s) \"%s\", compute capability %d.%d, %u SMs", drv.device_count,
      drv.name, drv.cc_major, drv.cc_minor, drv.cores);
  atomic_store(&init_done, true);
}

CU_API CUresult CUDAAPI cuInit(unsigned int Flags) {
  if (Flags != 0) return CUDA_ERROR_INVALID_VALUE;
  pthread_once(&init_once, init_state);
  return init_result;
}

CUresult drv_check_init(void) {
  if (!atomic_load(&init_done)) return CUDA_ERROR_NOT_INITIALIZED;
  return init_result;
}

CUresult drv_unsupported(const char *api) {
  log_error("%s is not supported by ptxvm", api);
  return CUDA_ERROR_NOT_SUPPORTED;
}

CU_API CUresult CUDAAPI cuDriverGetVersion(int *driverVersion) {
  if (!driverVersion) return CUDA_ERROR_INVALID_VALUE;
  *driverVersion = DRV_DRIVER_VERSION;
  return CUDA_SUCCESS;
}

/* cuGetExportTable hands out NVIDIA's private function tables, identified by UUID and
 * undocumented. ptxvm has none to give: saying so (rather than not exporting the name)
 * lets callers such as NVRTC take their error path instead of dereferencing nothing. */
CU_API CUresult CUDAAPI cuGetExportTable(const void **ppExportTable, const CUuuid *pExportTableId) {
  if (ppExportTable) *ppExportTable = NULL;
  if (!ppExportTable || !pExportTableId) return CUDA_ERROR_INVALID_VALUE;
  const unsigned char *b = (const unsigned char *)pExportTableId->bytes;
  LOG(LOG_API,
      "cuGetExportTable(%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x): "
      "private NVIDIA table, not provided",
      b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
      b[14], b[15]);
  return CUDA_ERROR_NOT_SUPPORTED;
}

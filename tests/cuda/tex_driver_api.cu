// LINK: -lcuda
// Textures and surfaces through the driver API with hand-written PTX: cuArray3DCreate,
// cuMemcpy2D host->array, cuArrayGetDescriptor, cuTexObjectCreate (8-bit texels read as
// normalized floats, the driver API's default), txq, suq, suld.b with .zero and .clamp, sust.b
// with .zero, cuMemcpyAtoH, and an out-of-range sust.b .trap that stops the kernel with
// CUDA_ERROR_ILLEGAL_ADDRESS (last: the error is sticky).
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cuda.h>

static int failures;

#define CU_CHECK(call)                                                                    \
  do {                                                                                    \
    CUresult r_ = (call);                                                                 \
    if (r_ != CUDA_SUCCESS) {                                                             \
      const char *s_ = "?";                                                               \
      cuGetErrorName(r_, &s_);                                                            \
      printf("%s:%d: %s: %s\nFAILED\n", __FILE__, __LINE__, #call, s_);                   \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

#define EXPECT(cond, ...)                                                                 \
  do {                                                                                    \
    if (!(cond) && failures++ < 20) {                                                     \
      printf("%s:%d: expected %s: ", __FILE__, __LINE__, #cond);                          \
      printf(__VA_ARGS__);                                                                \
      printf("\n");                                                                       \
    }                                                                                     \
  } while (0)

static const char *ptx = R"(
.version 8.0
.target sm_80
.address_size 64

.visible .entry probe(.param .u64 tex, .param .u64 surf, .param .u64 surf2, .param .u64 out)
{
  .reg .b32 %r<16>;
  .reg .f32 %f<8>;
  .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [tex];
  ld.param.u64 %rd2, [surf];
  ld.param.u64 %rd5, [surf2];
  ld.param.u64 %rd3, [out];
  cvta.to.global.u64 %rd3, %rd3;
  mov.u32 %r1, %tid.x;
  mul.wide.u32 %rd4, %r1, 64;
  add.s64 %rd3, %rd3, %rd4;
  txq.width.b32 %r2, [%rd1];
  txq.height.b32 %r3, [%rd1];
  txq.normalized_coords.b32 %r4, [%rd1];
  txq.filter_mode.b32 %r5, [%rd1];
  cvt.rn.f32.u32 %f1, %r1;
  add.f32 %f1, %f1, 0f3F000000;
  mov.f32 %f2, 0f3FC00000;
  tex.2d.v4.f32.f32 {%f3, %f4, %f5, %f6}, [%rd1, {%f1, %f2}];
  shl.b32 %r6, %r1, 2;
  sub.s32 %r6, %r6, 8;
  suld.b.2d.b32.zero {%r7}, [%rd2, {%r6, %r1}];
  suld.b.2d.b32.clamp {%r8}, [%rd2, {%r6, %r1}];
  add.u32 %r9, %r1, 1000;
  mov.u32 %r10, 0;
  sust.b.2d.b32.zero [%rd5, {%r6, %r10}], {%r9};
  st.global.u32 [%rd3], %r2;
  st.global.u32 [%rd3+4], %r3;
  st.global.u32 [%rd3+8], %r4;
  st.global.u32 [%rd3+12], %r5;
  st.global.f32 [%rd3+16], %f3;
  st.global.u32 [%rd3+20], %r7;
  st.global.u32 [%rd3+24], %r8;
  st.global.f32 [%rd3+28], %f6;
  suq.width.b32 %r11, [%rd2];
  st.global.u32 [%rd3+32], %r11;
  ret;
}

.visible .entry oob(.param .u64 surf)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [surf];
  mov.u32 %r1, %tid.x;
  shl.b32 %r2, %r1, 2;
  sust.b.2d.b32.trap [%rd1, {%r2, %r1}], {%r1};
  ret;
}
)";

int main() {
  const int W = 8, H = 4, T = 16;
  CU_CHECK(cuInit(0));
  CUdevice dev;
  CU_CHECK(cuDeviceGet(&dev, 0));
  CUcontext ctx;
  CU_CHECK(cuDevicePrimaryCtxRetain(&ctx, dev));
  CU_CHECK(cuCtxSetCurrent(ctx));
  CUmodule mod;
  CU_CHECK(cuModuleLoadData(&mod, ptx));
  CUfunction probe, oob;
  CU_CHECK(cuModuleGetFunction(&probe, mod, "probe"));
  CU_CHECK(cuModuleGetFunction(&oob, mod, "oob"));

  // An 8-bit texture, copied in with cuMemcpy2D.
  unsigned char img[H][W];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) img[y][x] = (unsigned char)(x * 31 + y * 7);
  CUDA_ARRAY3D_DESCRIPTOR ad;
  memset(&ad, 0, sizeof ad);
  ad.Width = W;
  ad.Height = H;
  ad.Format = CU_AD_FORMAT_UNSIGNED_INT8;
  ad.NumChannels = 1;
  CUarray ta;
  CU_CHECK(cuArray3DCreate(&ta, &ad));
  CUDA_MEMCPY2D cp;
  memset(&cp, 0, sizeof cp);
  cp.srcMemoryType = CU_MEMORYTYPE_HOST;
  cp.srcHost = img;
  cp.srcPitch = W;
  cp.dstMemoryType = CU_MEMORYTYPE_ARRAY;
  cp.dstArray = ta;
  cp.WidthInBytes = W;
  cp.Height = H;
  CU_CHECK(cuMemcpy2D(&cp));
  CUDA_ARRAY_DESCRIPTOR got;
  CU_CHECK(cuArrayGetDescriptor(&got, ta));
  EXPECT(got.Width == W && got.Height == H && got.Format == CU_AD_FORMAT_UNSIGNED_INT8 && got.NumChannels == 1,
         "descriptor %zu x %zu format %d", got.Width, got.Height, (int)got.Format);
  CUDA_RESOURCE_DESC rd;
  memset(&rd, 0, sizeof rd);
  rd.resType = CU_RESOURCE_TYPE_ARRAY;
  rd.res.array.hArray = ta;
  CUDA_TEXTURE_DESC td;
  memset(&td, 0, sizeof td);
  td.addressMode[0] = td.addressMode[1] = CU_TR_ADDRESS_MODE_CLAMP;
  td.filterMode = CU_TR_FILTER_MODE_POINT;
  CUtexObject tex;
  CU_CHECK(cuTexObjectCreate(&tex, &rd, &td, NULL));
  CUDA_RESOURCE_DESC rd2;
  CU_CHECK(cuTexObjectGetResourceDesc(&rd2, tex));
  EXPECT(rd2.resType == CU_RESOURCE_TYPE_ARRAY && rd2.res.array.hArray == ta, "resource desc round trip");

  // Two 32-bit surfaces.
  int simg[H][W];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) simg[y][x] = 100 * y + x;
  ad.Format = CU_AD_FORMAT_SIGNED_INT32;
  ad.Flags = CUDA_ARRAY3D_SURFACE_LDST;
  CUarray sa, sb;
  CU_CHECK(cuArray3DCreate(&sa, &ad));
  CU_CHECK(cuArray3DCreate(&sb, &ad));
  CU_CHECK(cuMemcpyHtoA(sa, 0, simg, sizeof simg));
  int zeros[H][W];
  memset(zeros, 0, sizeof zeros);
  CU_CHECK(cuMemcpyHtoA(sb, 0, zeros, sizeof zeros));
  CUsurfObject s1, s2;
  rd.res.array.hArray = sa;
  CU_CHECK(cuSurfObjectCreate(&s1, &rd));
  rd.res.array.hArray = sb;
  CU_CHECK(cuSurfObjectCreate(&s2, &rd));

  CUdeviceptr out;
  CU_CHECK(cuMemAlloc(&out, T * 64));
  void *args[] = {&tex, &s1, &s2, &out};
  CU_CHECK(cuLaunchKernel(probe, 1, 1, 1, T, 1, 1, 0, NULL, args, NULL));
  CU_CHECK(cuCtxSynchronize());
  unsigned res[T][16];
  CU_CHECK(cuMemcpyDtoH(res, out, sizeof res));
  for (int t = 0; t < T; t++) {
    EXPECT(res[t][0] == W && res[t][1] == H && res[t][2] == 0 && res[t][3] == 0, "txq: %u %u %u %u", res[t][0],
           res[t][1], res[t][2], res[t][3]);
    EXPECT(res[t][8] == W, "suq.width: %u", res[t][8]);
    float f, a;
    memcpy(&f, &res[t][4], 4);
    memcpy(&a, &res[t][7], 4);
    int tx = t < W ? t : W - 1;
    EXPECT(f == img[1][tx] / 255.0f && a == 1.0f, "tex of thread %d: %g (want %g), alpha %g", t, f,
           img[1][tx] / 255.0f, a);
    int x = t - 2, y = t;
    int want_zero = x >= 0 && x < W && y < H ? simg[y][x] : 0;
    int cx = x < 0 ? 0 : x >= W ? W - 1 : x, cy = y >= H ? H - 1 : y;
    EXPECT((int)res[t][5] == want_zero, "suld.zero thread %d: %d want %d", t, (int)res[t][5], want_zero);
    EXPECT((int)res[t][6] == simg[cy][cx], "suld.clamp thread %d: %d want %d", t, (int)res[t][6], simg[cy][cx]);
  }
  int back[H][W];
  CU_CHECK(cuMemcpyAtoH(back, sb, 0, sizeof back));
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      int want = y == 0 ? x + 2 + 1000 : 0;
      EXPECT(back[y][x] == want, "sust.zero result at (%d,%d): %d want %d", x, y, back[y][x], want);
    }

  CU_CHECK(cuTexObjectDestroy(tex));
  EXPECT(cuTexObjectDestroy(tex) == CUDA_ERROR_INVALID_VALUE, "a second destroy fails");
  EXPECT(cuArrayDestroy((CUarray)(uintptr_t)0x1234) == CUDA_ERROR_INVALID_HANDLE, "a bogus array is refused");

  // Thread 4 writes past the end of row 4 of a 4-row surface: .trap stops the kernel.
  void *args2[] = {&s1};
  CU_CHECK(cuLaunchKernel(oob, 1, 1, 1, 5, 1, 1, 0, NULL, args2, NULL));
  CUresult r = cuCtxSynchronize();
  EXPECT(r == CUDA_ERROR_ILLEGAL_ADDRESS, "out-of-range sust.trap gives CUDA_ERROR_ILLEGAL_ADDRESS, got %d", (int)r);
  if (failures) {
    printf("tex_driver_api: %d check(s) failed\nFAILED\n", failures);
    return 1;
  }
  printf("tex_driver_api: PASSED\n");
  return 0;
}

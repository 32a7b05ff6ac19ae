// GPU check of the generated CUDA source (scripts/cuda-source-check/run.sh): NVRTC compiles every
// module (sm_90, --fmad=false), then the generic kernels run with 256-thread blocks against host loops.
#include <cuda.h>
#include <nvrtc.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

typedef struct { int rank; long long shape[8]; long long strides[8]; } dz_layout;
static int failures = 0;
#define CHECK(x) do { CUresult r_ = (x); if (r_ != CUDA_SUCCESS) { const char *s; cuGetErrorString(r_, &s); printf("FAIL %s: %s\n", #x, s); exit(1); } } while (0)
#define EXPECT(c, ...) do { if (!(c)) { failures++; printf("FAIL: "); printf(__VA_ARGS__); printf("\n"); } } while (0)

static std::string readFile(const char *p) { std::ifstream f(p); std::stringstream s; s << f.rdbuf(); return s.str(); }

static std::vector<char> compile(const char *path) {
    std::string src = readFile(path);
    nvrtcProgram prog;
    nvrtcCreateProgram(&prog, src.c_str(), path, 0, NULL, NULL);
    const char *opts[] = {"--gpu-architecture=sm_90", "--fmad=false"};
    nvrtcResult r = nvrtcCompileProgram(prog, 2, opts);
    size_t n; nvrtcGetProgramLogSize(prog, &n);
    std::string log(n, 0); nvrtcGetProgramLog(prog, &log[0]);
    printf("nvrtc %s: %s %s\n", path, r == NVRTC_SUCCESS ? "ok" : "FAILED", log.c_str());
    std::vector<char> cubin;
    if (r != NVRTC_SUCCESS) { failures++; return cubin; }
    nvrtcGetCUBINSize(prog, &n); cubin.resize(n); nvrtcGetCUBIN(prog, cubin.data());
    return cubin;
}

static dz_layout L(std::vector<long long> shape, std::vector<long long> strides) {
    dz_layout l = {}; l.rank = (int)shape.size();
    for (size_t d = 0; d < shape.size(); d++) { l.shape[d] = shape[d]; l.strides[d] = strides[d]; }
    return l;
}

static CUmodule mod;
static void launch(const char *name, unsigned gx, unsigned gy, unsigned bx, void **args) {
    CUfunction f; CHECK(cuModuleGetFunction(&f, mod, name));
    CHECK(cuLaunchKernel(f, gx, gy, 1, bx, 1, 1, 0, 0, args, 0));
    CHECK(cuCtxSynchronize());
}
template <class T> static CUdeviceptr up(const std::vector<T> &v) { CUdeviceptr p; CHECK(cuMemAlloc(&p, v.size() * sizeof(T) + 8)); CHECK(cuMemcpyHtoD(p, v.data(), v.size() * sizeof(T))); return p; }
template <class T> static std::vector<T> down(CUdeviceptr p, size_t n) { std::vector<T> v(n); CHECK(cuMemcpyDtoH(v.data(), p, n * sizeof(T))); return v; }

int main(int argc, char **argv) {
    CHECK(cuInit(0)); CUdevice dev; CHECK(cuDeviceGet(&dev, 0)); CUcontext ctx; CHECK(cuCtxCreate(&ctx, 0, dev));
    std::vector<char> generic;
    for (int k = 1; k < argc; k++) { std::vector<char> c = compile(argv[k]); if (std::string(argv[k]).find("generic") != std::string::npos) generic = c; }
    if (generic.empty()) { printf("no generic module\n"); return 1; }
    CHECK(cuModuleLoadData(&mod, generic.data()));
    const long long R = 1000, C = 3000;
    std::vector<float> x(R * C);
    srand(1);
    for (auto &v : x) v = (float)(rand() % 2001 - 1000) / 100.0f;
    x[5 * C + 17] = NAN;
    CUdeviceptr dx = up(x);
    for (int splits : {1, 3}) {
        for (const char *kind : {"sum", "max", "min"}) {
            char name[64]; snprintf(name, sizeof name, "dz_reduce_%s_f32_f32", kind);
            dz_layout kept = L({R}, {C}), red = L({C}, {1});
            CUdeviceptr out; CHECK(cuMemAlloc(&out, R * splits * 4));
            long long outputs = R, count = C; int s = splits;
            void *a1[] = {&dx, &kept, &red, &out, &outputs, &count, &s};
            launch(name, 128, splits, 256, a1);
            CUdeviceptr fin = out;
            if (splits > 1) {
                CHECK(cuMemAlloc(&fin, R * 4));
                dz_layout k2 = L({R}, {splits}), r2 = L({splits}, {1}); long long c2 = splits; int one = 1;
                void *a2[] = {&out, &k2, &r2, &fin, &outputs, &c2, &one};
                launch(name, 128, 1, 256, a2);
            }
            std::vector<float> got = down<float>(fin, R);
            for (long long o = 0; o < R; o++) {
                double sum = 0, abs = 0; float m = x[o * C]; bool nan = false;
                for (long long r = 0; r < C; r++) { float v = x[o * C + r]; sum += v; abs += fabs(v); if (v != v) nan = true; if (kind[1] == 'a' ? v > m : v < m) m = v; }
                if (kind[0] == 's') { if (nan) EXPECT(got[o] != got[o], "%s row %lld not NaN", kind, o); else EXPECT(fabs(got[o] - sum) <= 1e-5 * abs, "%s splits %d row %lld: %g vs %g", kind, splits, o, got[o], sum); }
                else if (nan) EXPECT(got[o] != got[o], "%s row %lld not NaN", kind, o);
                else EXPECT(got[o] == m, "%s splits %d row %lld: %g vs %g", kind, splits, o, got[o], m);
            }
        }
    }
    // column sums (kept axis 1, reduced axis 0: strided reads) of int64 and bool
    std::vector<long long> xi(R * 30); for (auto &v : xi) v = rand() % 1000000 - 500000;
    std::vector<unsigned char> xb(R * 30); for (auto &v : xb) v = rand() % 2;
    CUdeviceptr dxi = up(xi), dxb = up(xb), oi; CHECK(cuMemAlloc(&oi, 30 * 8));
    dz_layout kept = L({30}, {1}), red = L({R}, {30}); long long outputs = 30, count = R; int one = 1;
    void *ai[] = {&dxi, &kept, &red, &oi, &outputs, &count, &one};
    launch("dz_reduce_sum_i64_i64", 7, 1, 256, ai);
    std::vector<long long> gi = down<long long>(oi, 30);
    void *ab[] = {&dxb, &kept, &red, &oi, &outputs, &count, &one};
    launch("dz_reduce_sum_bool_i64", 7, 1, 256, ab);
    std::vector<long long> gb = down<long long>(oi, 30);
    for (int j = 0; j < 30; j++) {
        long long si = 0, sb = 0; for (long long r = 0; r < R; r++) { si += xi[r * 30 + j]; sb += xb[r * 30 + j]; }
        EXPECT(gi[j] == si, "i64 sum %d", j); EXPECT(gb[j] == sb, "bool sum %d", j);
    }
    // argmax/argmin with ties and a NaN
    std::vector<float> t(R * C); for (auto &v : t) v = (float)(rand() % 4);
    t[9 * C + 2000] = NAN; t[9 * C + 2500] = NAN;
    CUdeviceptr dt = up(t), oa; CHECK(cuMemAlloc(&oa, R * 8));
    for (int greater = 0; greater < 2; greater++) {
        dz_layout k = L({R}, {C}), rr = L({C}, {1}); long long o = R, c = C;
        void *aa[] = {&dt, &k, &rr, &oa, &o, &c};
        launch(greater ? "dz_argreduce_greater_f32" : "dz_argreduce_less_f32", 64, 1, 256, aa);
        std::vector<long long> g = down<long long>(oa, R);
        for (long long row = 0; row < R; row++) {
            long long best = 0; float m = t[row * C];
            for (long long r = 1; r < C; r++) { float v = t[row * C + r]; if (m != m) break; if (v != v || (greater ? v > m : v < m)) { m = v; best = r; } }
            EXPECT(g[row] == best, "arg%s row %lld: %lld vs %lld", greater ? "max" : "min", row, g[row], best);
        }
    }
    // copy of a transposed view
    CUdeviceptr oc; CHECK(cuMemAlloc(&oc, R * C * 4));
    dz_layout tl = L({C, R}, {1, C}); long long n = R * C;
    void *ac[] = {&dx, &tl, &oc, &n};
    launch("dz_copy_f32", 1024, 1, 256, ac);
    std::vector<float> gc = down<float>(oc, R * C);
    int bad = 0; for (long long i = 0; i < C; i++) for (long long j = 0; j < R; j++) { float a = gc[i * R + j], b = x[j * C + i]; if (!(a == b || (a != a && b != b))) bad++; }
    EXPECT(bad == 0, "copy: %d wrong", bad);
    printf("%s: %d failures\n", failures ? "FAILED" : "ALL OK", failures);
    return failures != 0;
}

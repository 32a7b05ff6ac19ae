/*
 * Elementwise math kernels (exp, log, tanh, sin, cos, sigmoid) for float and double, and
 * NumPy-order pairwise sums. The kernel bodies live in vecmath_impl.h and are compiled
 * twice: a portable build and, on x86-64, an AVX2+FMA build through per-function target
 * attributes (no global -m flags), chosen once at run time.
 */
#include "CKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "vecmath_coeffs.h"

#if defined(__clang__)
#pragma clang fp contract(off)
/* The 256-bit helper functions are all always_inline, so no call crosses an ABI. */
#pragma clang diagnostic ignored "-Wpsabi"
#endif

#if !defined(__clang__) && !defined(__GNUC__)
#error "CKernels needs GCC/clang vector extensions"
#endif

#if defined(__x86_64__) || defined(__i386__)
#define CK_X86 1
#else
#define CK_X86 0
#endif

typedef float vf __attribute__((vector_size(32)));
typedef float vf4 __attribute__((vector_size(16)));
typedef double vd __attribute__((vector_size(32)));
typedef int vi32 __attribute__((vector_size(32)));
typedef long long vi64 __attribute__((vector_size(32)));
#define CK_VF 8
#define CK_VD 4

/* Portable variant: FMA only where the baseline target has it (e.g. arm64). */
#define CKV(name) ck_portable_##name
#define CK_ATTR
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA) || defined(__aarch64__)
#define CK_FMA 1
#else
#define CK_FMA 0
#endif
#include "vecmath_impl.h"
#undef CKV
#undef CK_ATTR
#undef CK_FMA

#if CK_X86
#define CKV(name) ck_avx2_##name
#define CK_ATTR __attribute__((target("avx2,fma")))
#define CK_FMA 1
#include "vecmath_impl.h"
#undef CKV
#undef CK_ATTR
#undef CK_FMA
#endif

/* ------------------------------------------------------------- dispatch ---- */

static int ck_detect_avx2_fma(void) {
#if CK_X86
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

ck_isa ck_isa_selected(void) {
    /* Racing first calls all store the same value. */
    static volatile int cached = -1;
    int v = cached;
    if (v < 0) {
        v = ck_detect_avx2_fma() ? CK_ISA_AVX2_FMA : CK_ISA_PORTABLE;
        cached = v;
    }
    return (ck_isa)v;
}

int ck_isa_available(ck_isa isa) {
    switch (isa) {
    case CK_ISA_AUTO:
    case CK_ISA_PORTABLE: return 1;
    case CK_ISA_AVX2_FMA: return ck_isa_selected() == CK_ISA_AVX2_FMA;
    }
    return 0;
}

int ck_unary_f32_isa(ck_unary_op op, ck_isa isa, const float *x, float *y, size_t n) {
    if (isa == CK_ISA_AUTO) isa = ck_isa_selected();
    if (!ck_isa_available(isa)) return 0;
#if CK_X86
    if (isa == CK_ISA_AVX2_FMA) {
        ck_avx2_unary_f32(op, x, y, n);
        return 1;
    }
#endif
    ck_portable_unary_f32(op, x, y, n);
    return 1;
}

int ck_unary_f64_isa(ck_unary_op op, ck_isa isa, const double *x, double *y, size_t n) {
    if (isa == CK_ISA_AUTO) isa = ck_isa_selected();
    if (!ck_isa_available(isa)) return 0;
#if CK_X86
    if (isa == CK_ISA_AVX2_FMA) {
        ck_avx2_unary_f64(op, x, y, n);
        return 1;
    }
#endif
    ck_portable_unary_f64(op, x, y, n);
    return 1;
}

void ck_unary_f32(ck_unary_op op, const float *x, float *y, size_t n) {
    ck_unary_f32_isa(op, CK_ISA_AUTO, x, y, n);
}

void ck_unary_f64(ck_unary_op op, const double *x, double *y, size_t n) {
    ck_unary_f64_isa(op, CK_ISA_AUTO, x, y, n);
}

#define CK_STRIDE_BLOCK 512

void ck_unary_f32_strided(ck_unary_op op, const float *x, ptrdiff_t incx, float *y,
                          ptrdiff_t incy, size_t n) {
    if (incx == 1 && incy == 1) {
        ck_unary_f32(op, x, y, n);
        return;
    }
    float buf[CK_STRIDE_BLOCK];
    for (size_t start = 0; start < n; start += CK_STRIDE_BLOCK) {
        size_t cnt = n - start < CK_STRIDE_BLOCK ? n - start : CK_STRIDE_BLOCK;
        for (size_t i = 0; i < cnt; i++) buf[i] = x[(ptrdiff_t)(start + i) * incx];
        ck_unary_f32(op, buf, buf, cnt);
        for (size_t i = 0; i < cnt; i++) y[(ptrdiff_t)(start + i) * incy] = buf[i];
    }
}

void ck_unary_f64_strided(ck_unary_op op, const double *x, ptrdiff_t incx, double *y,
                          ptrdiff_t incy, size_t n) {
    if (incx == 1 && incy == 1) {
        ck_unary_f64(op, x, y, n);
        return;
    }
    double buf[CK_STRIDE_BLOCK];
    for (size_t start = 0; start < n; start += CK_STRIDE_BLOCK) {
        size_t cnt = n - start < CK_STRIDE_BLOCK ? n - start : CK_STRIDE_BLOCK;
        for (size_t i = 0; i < cnt; i++) buf[i] = x[(ptrdiff_t)(start + i) * incx];
        ck_unary_f64(op, buf, buf, cnt);
        for (size_t i = 0; i < cnt; i++) y[(ptrdiff_t)(start + i) * incy] = buf[i];
    }
}

/* --------------------------------------------------------- pairwise sum ---- */

/*
 * NumPy's pairwise_sum, same order of operations. The eight accumulators r[0..7] are one
 * vector: lane k adds x[i + k] exactly as NumPy's r[k] += x[i + k].
 */
#define CK_PW_BLOCK 128

typedef float vf8 __attribute__((vector_size(32)));
typedef double vd8 __attribute__((vector_size(64)));

/* Contiguous: the eight accumulators are one vector V of eight T. */
#define CK_PW(NAME, T, V)                                                              \
    static T NAME(const T *a, size_t n) {                                              \
        if (n < 8) {                                                                   \
            T res = 0;                                                                 \
            for (size_t i = 0; i < n; i++) res += a[i];                                \
            return res;                                                                \
        } else if (n <= CK_PW_BLOCK) {                                                 \
            V r;                                                                       \
            memcpy(&r, a, sizeof r);                                                   \
            size_t i;                                                                  \
            for (i = 8; i < n - (n % 8); i += 8) {                                     \
                V v;                                                                   \
                memcpy(&v, a + i, sizeof v);                                           \
                r += v;                                                                \
            }                                                                          \
            T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])); \
            for (; i < n; i++) res += a[i];                                            \
            return res;                                                                \
        } else {                                                                       \
            size_t n2 = n / 2;                                                         \
            n2 -= n2 % 8;                                                              \
            return NAME(a, n2) + NAME(a + n2, n - n2);                                 \
        }                                                                              \
    }

CK_PW(ck_pw_f32, float, vf8)
CK_PW(ck_pw_f64, double, vd8)

/* Strided: eight scalar accumulators. */
#define CK_PW_STRIDED(NAME, T)                                                         \
    static T NAME(const T *a, size_t n, ptrdiff_t s) {                                 \
        if (n < 8) {                                                                   \
            T res = 0;                                                                 \
            for (size_t i = 0; i < n; i++) res += a[(ptrdiff_t)i * s];                 \
            return res;                                                                \
        } else if (n <= CK_PW_BLOCK) {                                                 \
            T r[8];                                                                    \
            for (int k = 0; k < 8; k++) r[k] = a[k * s];                               \
            size_t i;                                                                  \
            for (i = 8; i < n - (n % 8); i += 8)                                       \
                for (int k = 0; k < 8; k++) r[k] += a[(ptrdiff_t)(i + k) * s];         \
            T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])); \
            for (; i < n; i++) res += a[(ptrdiff_t)i * s];                             \
            return res;                                                                \
        } else {                                                                       \
            size_t n2 = n / 2;                                                         \
            n2 -= n2 % 8;                                                              \
            return NAME(a, n2, s) + NAME(a + (ptrdiff_t)n2 * s, n - n2, s);            \
        }                                                                              \
    }

CK_PW_STRIDED(ck_pw_f32_strided, float)
CK_PW_STRIDED(ck_pw_f64_strided, double)

float ck_pairwise_sum_f32(const float *x, size_t n, ptrdiff_t inc) {
    return inc == 1 ? ck_pw_f32(x, n) : ck_pw_f32_strided(x, n, inc);
}

double ck_pairwise_sum_f64(const double *x, size_t n, ptrdiff_t inc) {
    return inc == 1 ? ck_pw_f64(x, n) : ck_pw_f64_strided(x, n, inc);
}

/* np.sum of a 1-D array: +0, then each block's pairwise sum added in turn. */
float ck_numpy_sum_f32(const float *x, size_t n, ptrdiff_t inc, size_t block) {
    if (block == 0) block = n;
    float res = 0.0f;
    for (size_t start = 0; start < n; start += block) {
        size_t cnt = n - start < block ? n - start : block;
        res += ck_pairwise_sum_f32(x + (ptrdiff_t)start * inc, cnt, inc);
    }
    return res;
}

double ck_numpy_sum_f64(const double *x, size_t n, ptrdiff_t inc, size_t block) {
    if (block == 0) block = n;
    double res = 0.0;
    for (size_t start = 0; start < n; start += block) {
        size_t cnt = n - start < block ? n - start : block;
        res += ck_pairwise_sum_f64(x + (ptrdiff_t)start * inc, cnt, inc);
    }
    return res;
}

/*
 * CKernels: vectorized elementwise math and NumPy-order pairwise sums.
 *
 * Every kernel has a portable build and, on x86-64, an AVX2+FMA build chosen once at run
 * time. Unary kernels read x[0..n) and write y[0..n); x == y (in place) is allowed, any
 * other overlap is not. Special values follow C99 Annex F / glibc: NaN in, NaN out;
 * exp(+inf) = inf, exp(-inf) = 0, overflow to inf, underflow through subnormals to 0;
 * log(+-0) = -inf, log(x < 0) = NaN; tanh(+-inf) = +-1, tanh(-0) = -0; sin(-0) = -0;
 * sin/cos(+-inf) = NaN. Lanes of sin/cos with |x| beyond the vector range reduction
 * (71476 for float, 2^26 for double) are recomputed with libm.
 *
 * Measured max error in ulps of the correctly rounded result (float: all 2^32 inputs for
 * the AVX2+FMA build, every 7th bit pattern for the portable one; double: 16M random
 * inputs against long double libm, plus inputs next to multiples of pi/2 for sin/cos):
 *
 *              float AVX2   float portable   double AVX2   double portable
 *     exp         0.99          0.95            0.97           0.95
 *     log         0.84          0.83            0.79           0.79
 *     tanh        1.33          1.32            1.31           1.31
 *     sin         1.49          0.56            0.77           libm
 *     cos         1.49          0.56            0.77           libm
 *     sigmoid     0.50          0.50            0.90           1.45
 *
 * The portable build uses FMA where its target has it (arm64); on baseline x86-64 it
 * evaluates float sin/cos in double, and calls libm for double sin/cos.
 */
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Which elementwise function a unary kernel computes.
typedef enum ck_unary_op {
    CK_UNARY_EXP = 0,
    CK_UNARY_LOG = 1,
    CK_UNARY_TANH = 2,
    CK_UNARY_SIN = 3,
    CK_UNARY_COS = 4,
    /// The logistic function 1 / (1 + exp(-x)), evaluated accurately (not with that
    /// expression's three roundings): within 1 ulp, and no premature 0 for x < -88 in float.
    CK_UNARY_SIGMOID = 5,
} ck_unary_op;

/// Which compiled variant runs: the run-time choice, the portable one, or AVX2+FMA.
typedef enum ck_isa {
    CK_ISA_AUTO = 0,
    CK_ISA_PORTABLE = 1,
    CK_ISA_AVX2_FMA = 2,
} ck_isa;

/// 1 if `isa` can run on this machine (CK_ISA_AUTO and CK_ISA_PORTABLE always can).
int ck_isa_available(ck_isa isa);

/// The variant CK_ISA_AUTO resolves to on this machine.
ck_isa ck_isa_selected(void);

/// y[i] = op(x[i]) for contiguous buffers.
void ck_unary_f32(ck_unary_op op, const float *x, float *y, size_t n);
void ck_unary_f64(ck_unary_op op, const double *x, double *y, size_t n);

/// y[i * incy] = op(x[i * incx]); strides in elements, may be zero or negative (then the
/// pointers address the first element visited, as in NumPy's strided loops). Works in
/// blocks through a stack buffer; x and y may only overlap when they are the same view.
void ck_unary_f32_strided(ck_unary_op op, const float *x, ptrdiff_t incx, float *y,
                          ptrdiff_t incy, size_t n);
void ck_unary_f64_strided(ck_unary_op op, const double *x, ptrdiff_t incx, double *y,
                          ptrdiff_t incy, size_t n);

/// Like ck_unary_f32/f64 with an explicit variant (for tests). Returns 0 and writes
/// nothing when `isa` cannot run here, 1 otherwise.
int ck_unary_f32_isa(ck_unary_op op, ck_isa isa, const float *x, float *y, size_t n);
int ck_unary_f64_isa(ck_unary_op op, ck_isa isa, const double *x, double *y, size_t n);

/// Sum of x[0], x[inc], ..., x[(n-1) * inc] in exactly the order of NumPy's
/// `pairwise_sum` (numpy/core/src/umath/loops_utils.h.src), in the element type:
/// n < 8: a plain loop from +0; n <= 128: eight accumulators combined as
/// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the remainder; otherwise split at n/2 rounded
/// down to a multiple of 8 and recurse. Contiguous input (inc == 1) is vectorized.
float ck_pairwise_sum_f32(const float *x, size_t n, ptrdiff_t inc);
double ck_pairwise_sum_f64(const double *x, size_t n, ptrdiff_t inc);

/// np.sum of a 1-D array bit for bit: +0.0, then the pairwise sum of each run of `block`
/// elements added in turn (the last run may be shorter); block == 0 means one run.
/// NumPy 1.23 reduces in runs of its buffer size, 8192 elements by default (np.setbufsize);
/// NumPy 2.4 reduces a contiguous array in one run.
float ck_numpy_sum_f32(const float *x, size_t n, ptrdiff_t inc, size_t block);
double ck_numpy_sum_f64(const double *x, size_t n, ptrdiff_t inc, size_t block);

/// Nonzero while DeZeroArray's `StorageBytes` counts the bytes of array storage allocated and
/// freed (a benchmark's peak memory). Checked with one load per allocation and free.
extern int ck_storage_counting;

static inline int ck_storage_is_counting(void) { return ck_storage_counting; }

static inline void ck_set_storage_counting(int on) { ck_storage_counting = on; }

/// Sets the live and peak counts to zero.
void ck_storage_bytes_reset(void);
/// Adds `delta` bytes (negative for a free) to the live count and raises the peak. Thread-safe.
void ck_storage_bytes_add(long long delta);
/// Bytes allocated minus bytes freed since the last reset.
long long ck_storage_bytes_live(void);
/// The highest live count since the last reset.
long long ck_storage_bytes_peak(void);

#ifdef __cplusplus
}
#endif

#endif /* CKERNELS_H */

/// The array primitives' interception flags (DeZeroArray's `Tracing`): bit 0 is set while the
/// DeZero compiler traces a closure, bit 1 once a device backend is registered. Nonzero means
/// every primitive goes through `Tracing.intercept`. A plain C global: Swift reads it with one
/// load, where a Swift global pays a lazy-initialization check on every read from another
/// module. The setters update their bit atomically; readers use a plain load.
extern int ck_intercept_flags;

/// Nonzero when array primitives are to be intercepted (a trace runs or a device backend exists).
static inline int ck_intercept_is_on(void) { return ck_intercept_flags; }

/// Nonzero while a trace runs.
static inline int ck_trace_is_active(void) { return ck_intercept_flags & 1; }

static inline void ck_set_trace_active(int active) {
    if (active) __atomic_fetch_or(&ck_intercept_flags, 1, __ATOMIC_SEQ_CST);
    else __atomic_fetch_and(&ck_intercept_flags, ~1, __ATOMIC_SEQ_CST);
}

/// Sets bit 1: a device backend is registered (never cleared).
static inline void ck_set_devices_registered(void) { __atomic_fetch_or(&ck_intercept_flags, 2, __ATOMIC_SEQ_CST); }

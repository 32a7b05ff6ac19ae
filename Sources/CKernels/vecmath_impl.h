/*
 * Kernel bodies, included once per instruction-set variant by vecmath.c with:
 *   CKV(name)  mangles a name for the variant,
 *   CK_ATTR    the variant's function attributes (e.g. target("avx2,fma")),
 *   CK_FMA     1 when fused multiply-add is a hardware instruction in this variant.
 * Everything here is branch-free on GCC/clang vector extensions (8 floats or 4 doubles a
 * vector), so each variant compiles to straight-line SIMD code for its instruction set.
 * Floating-point contraction is off in vecmath.c: FMAs happen only where written.
 */

#define CK_INL static inline __attribute__((always_inline)) CK_ATTR

/* VF/VD: a vector, or a scalar splatted to one (adding -0 changes no value). */
#define VF(a) ((a) + (vf){-0.f, -0.f, -0.f, -0.f, -0.f, -0.f, -0.f, -0.f})
#define VD(a) ((a) + (vd){-0., -0., -0., -0.})
#if CK_FMA
#define FMAF(a, b, c) __builtin_elementwise_fma(VF(a), VF(b), VF(c))
#define FMAD(a, b, c) __builtin_elementwise_fma(VD(a), VD(b), VD(c))
#else
#define FMAF(a, b, c) (VF(a) * (b) + (c))
#define FMAD(a, b, c) (VD(a) * (b) + (c))
#endif

CK_INL vf CKV(self)(vi32 m, vf a, vf b) { return (vf)((m & (vi32)a) | (~m & (vi32)b)); }
CK_INL vd CKV(seld)(vi64 m, vd a, vd b) { return (vd)((m & (vi64)a) | (~m & (vi64)b)); }
CK_INL vf CKV(absf)(vf x) { return (vf)((vi32)x & 0x7fffffff); }
CK_INL vd CKV(absd)(vd x) { return (vd)((vi64)x & 0x7fffffffffffffffLL); }
/* |mag| with the sign of sgn. */
CK_INL vf CKV(copysignf)(vf mag, vf sgn) {
    return (vf)(((vi32)mag & 0x7fffffff) | ((vi32)sgn & (int)0x80000000));
}
CK_INL vd CKV(copysignd)(vd mag, vd sgn) {
    return (vd)(((vi64)mag & 0x7fffffffffffffffLL) | ((vi64)sgn & (long long)0x8000000000000000ULL));
}
CK_INL int CKV(anyf)(vi32 m) {
    vi32 t = m;
    int r = 0;
    for (int i = 0; i < CK_VF; i++) r |= t[i];
    return r != 0;
}
CK_INL int CKV(anyd)(vi64 m) {
    long long r = 0;
    for (int i = 0; i < CK_VD; i++) r |= m[i];
    return r != 0;
}

/* ---------------------------------------------------------------- float32 ---- */

/* exp for |x| <= ~87 (no clamping, one scaling step). */
CK_INL vf CKV(exp_core_f32)(vf x, vf *out_scale2, int full) {
    const float magic = 0x1.8p23f;
    vf t = FMAF(x, CK_F32_LOG2E, magic);
    vf kf = t - magic;
    vi32 k = (vi32)t - (vi32)((vf){} + magic);
    vf r = FMAF(kf, -CK_F32_LN2_HI, x);
    r = FMAF(kf, -CK_F32_LN2_LO, r);
    vf q = FMAF(r, CK_F32_EXP_Q5, CK_F32_EXP_Q4);
    q = FMAF(q, r, CK_F32_EXP_Q3);
    q = FMAF(q, r, CK_F32_EXP_Q2);
    q = FMAF(q, r, CK_F32_EXP_Q1);
    q = FMAF(q, r, CK_F32_EXP_Q0);
    vf p = 1.0f + FMAF(r * r, q, r);
    if (full) {
        /* 2^k = 2^k1 * 2^k2 with both halves normal, so results may go subnormal. */
        vi32 k1 = k >> 1;
        vi32 k2 = k - k1;
        *out_scale2 = (vf)((k2 + 127) << 23);
        return p * (vf)((k1 + 127) << 23);
    }
    return p * (vf)((k + 127) << 23);
}

CK_INL vf CKV(exp_f32)(vf x) {
    vf xc = CKV(self)(x > 89.0f, (vf){} + 89.0f, x);
    xc = CKV(self)(xc < -104.0f, (vf){} - 104.0f, xc);
    vf s2;
    vf y = CKV(exp_core_f32)(xc, &s2, 1);
    return y * s2; /* NaN stays NaN: every step propagates it */
}

CK_INL vf CKV(log_f32)(vf x) {
    vi32 tiny = x < 0x1p-126f;
    vf xs = CKV(self)(tiny, x * 0x1p25f, x);
    vi32 ix = (vi32)xs + (0x3f800000 - 0x3f3504f3);
    vi32 e = (ix >> 23) - 127;
    vf m = (vf)((ix & 0x007fffff) + 0x3f3504f3);
    vf ef = __builtin_convertvector(e, vf) - (vf)(tiny & (vi32)((vf){} + 25.0f));
    vf f = m - 1.0f;
    vf s = f / (2.0f + f);
    vf z = s * s;
    vf t = FMAF(z, CK_F32_LOG_T2, CK_F32_LOG_T1);
    t = FMAF(t, z, CK_F32_LOG_T0);
    vf R = z * t;
    vf hfsq = 0.5f * f * f;
    vf y = FMAF(ef, CK_F32_LN2_LO, s * (hfsq + R));
    y = FMAF(ef, CK_F32_LN2_HI, f - (hfsq - y));
    const vf inf = (vf){} + __builtin_inff();
    y = CKV(self)(x == inf, inf, y);
    y = CKV(self)(x == 0.0f, -inf, y);
    y = CKV(self)((x < 0.0f) | (x != x), (vf){} + __builtin_nanf(""), y);
    return y;
}

CK_INL vf CKV(tanh_f32)(vf x) {
    vf ax = CKV(absf)(x);
    /* |x| < 0.625: odd polynomial */
    vf z = x * x;
    vf p = FMAF(z, CK_F32_TANH_P5, CK_F32_TANH_P4);
    p = FMAF(p, z, CK_F32_TANH_P3);
    p = FMAF(p, z, CK_F32_TANH_P2);
    p = FMAF(p, z, CK_F32_TANH_P1);
    p = FMAF(p, z, CK_F32_TANH_P0);
    vf ys = FMAF(x * z, p, x);
    /* otherwise 1 - 2 / (exp(2|x|) + 1); tanh rounds to 1 beyond 9.1 */
    vf a = CKV(self)(ax > 10.0f, (vf){} + 10.0f, ax);
    vf unused;
    vf e = CKV(exp_core_f32)(a + a, &unused, 0);
    vf yl = 1.0f - 2.0f / (e + 1.0f);
    vf y = CKV(self)(ax < 0.625f, ys, yl);
    return CKV(copysignf)(y, x);
}


/* --------------------------------------------------------------- float64 ---- */

CK_INL vd CKV(exp_core_f64)(vd x, vd *out_scale2, int full) {
    const double magic = 0x1.8p52;
    vd t = FMAD(x, CK_F64_LOG2E, magic);
    vd kf = t - magic;
    vi64 k = (vi64)t - (vi64)((vd){} + magic);
    vd r = FMAD(kf, -CK_F64_LN2_HI, x);
    r = FMAD(kf, -CK_F64_LN2_LO, r);
    vd q = FMAD(r, CK_F64_EXP_Q10, CK_F64_EXP_Q9);
    q = FMAD(q, r, CK_F64_EXP_Q8);
    q = FMAD(q, r, CK_F64_EXP_Q7);
    q = FMAD(q, r, CK_F64_EXP_Q6);
    q = FMAD(q, r, CK_F64_EXP_Q5);
    q = FMAD(q, r, CK_F64_EXP_Q4);
    q = FMAD(q, r, CK_F64_EXP_Q3);
    q = FMAD(q, r, CK_F64_EXP_Q2);
    q = FMAD(q, r, CK_F64_EXP_Q1);
    q = FMAD(q, r, CK_F64_EXP_Q0);
    vd p = 1.0 + FMAD(r * r, q, r);
    if (full) {
        vi64 k1 = k >> 1;
        vi64 k2 = k - k1;
        *out_scale2 = (vd)((k2 + 1023) << 52);
        return p * (vd)((k1 + 1023) << 52);
    }
    return p * (vd)((k + 1023) << 52);
}

CK_INL vd CKV(exp_f64)(vd x) {
    vd xc = CKV(seld)(x > 710.0, (vd){} + 710.0, x);
    xc = CKV(seld)(xc < -746.0, (vd){} - 746.0, xc);
    vd s2;
    vd y = CKV(exp_core_f64)(xc, &s2, 1);
    return y * s2;
}

CK_INL vd CKV(log_f64)(vd x) {
    vi64 tiny = x < 0x1p-1022;
    vd xs = CKV(seld)(tiny, x * 0x1p54, x);
    vi64 ix = (vi64)xs + (0x3ff0000000000000LL - 0x3fe6a09e667f3bcdLL);
    vi64 e = (ix >> 52) - 1023 - (tiny & 54);
    vd m = (vd)((ix & 0x000fffffffffffffLL) + 0x3fe6a09e667f3bcdLL);
    /* int64 -> double without AVX-512: |e| < 2^11, so add to the bits of 1.5 * 2^52 */
    const double magic = 0x1.8p52;
    vd ef = (vd)(e + (vi64)((vd){} + magic)) - magic;
    vd f = m - 1.0;
    vd s = f / (2.0 + f);
    vd z = s * s;
    vd t = FMAD(z, CK_F64_LOG_T6, CK_F64_LOG_T5);
    t = FMAD(t, z, CK_F64_LOG_T4);
    t = FMAD(t, z, CK_F64_LOG_T3);
    t = FMAD(t, z, CK_F64_LOG_T2);
    t = FMAD(t, z, CK_F64_LOG_T1);
    t = FMAD(t, z, CK_F64_LOG_T0);
    vd R = z * t;
    vd hfsq = 0.5 * f * f;
    vd y = FMAD(ef, CK_F64_LN2_LO, s * (hfsq + R));
    y = FMAD(ef, CK_F64_LN2_HI, f - (hfsq - y));
    const vd inf = (vd){} + __builtin_inf();
    y = CKV(seld)(x == inf, inf, y);
    y = CKV(seld)(x == 0.0, -inf, y);
    y = CKV(seld)((x < 0.0) | (x != x), (vd){} + __builtin_nan(""), y);
    return y;
}

CK_INL vd CKV(tanh_f64)(vd x) {
    vd ax = CKV(absd)(x);
    vd z = x * x;
    vd p = FMAD(z, CK_F64_TANH_P12, CK_F64_TANH_P11);
    p = FMAD(p, z, CK_F64_TANH_P10);
    p = FMAD(p, z, CK_F64_TANH_P9);
    p = FMAD(p, z, CK_F64_TANH_P8);
    p = FMAD(p, z, CK_F64_TANH_P7);
    p = FMAD(p, z, CK_F64_TANH_P6);
    p = FMAD(p, z, CK_F64_TANH_P5);
    p = FMAD(p, z, CK_F64_TANH_P4);
    p = FMAD(p, z, CK_F64_TANH_P3);
    p = FMAD(p, z, CK_F64_TANH_P2);
    p = FMAD(p, z, CK_F64_TANH_P1);
    p = FMAD(p, z, CK_F64_TANH_P0);
    vd ys = FMAD(x * z, p, x);
    vd a = CKV(seld)(ax > 20.0, (vd){} + 20.0, ax);
    vd unused;
    vd e = CKV(exp_core_f64)(a + a, &unused, 0);
    vd yl = 1.0 - 2.0 / (e + 1.0);
    vd y = CKV(seld)(ax < 0.625, ys, yl);
    return CKV(copysignd)(y, x);
}

/* exp(x) for x <= 0 as an unevaluated sum hi + lo (relative error ~2^-60 before scaling). */
CK_INL vd CKV(exp_dd_f64)(vd x, vd *lo) {
    const double magic = 0x1.8p52;
    vd xc = CKV(seld)(x < -746.0, (vd){} - 746.0, x);
    vd t = FMAD(xc, CK_F64_LOG2E, magic);
    vd kf = t - magic;
    vi64 k = (vi64)t - (vi64)((vd){} + magic);
    vd r = FMAD(kf, -CK_F64_LN2_HI, xc);
    r = FMAD(kf, -CK_F64_LN2_LO, r);
    vd q = FMAD(r, CK_F64_EXP_Q10, CK_F64_EXP_Q9);
    q = FMAD(q, r, CK_F64_EXP_Q8);
    q = FMAD(q, r, CK_F64_EXP_Q7);
    q = FMAD(q, r, CK_F64_EXP_Q6);
    q = FMAD(q, r, CK_F64_EXP_Q5);
    q = FMAD(q, r, CK_F64_EXP_Q4);
    q = FMAD(q, r, CK_F64_EXP_Q3);
    q = FMAD(q, r, CK_F64_EXP_Q2);
    q = FMAD(q, r, CK_F64_EXP_Q1);
    q = FMAD(q, r, CK_F64_EXP_Q0);
    vd r2q = r * r * q;
    vd ph = r + r2q; /* Fast2Sum: |r| >= |r2q| */
    vd pl = (r - ph) + r2q;
    vd hi = 1.0 + ph; /* Fast2Sum: 1 >= |ph| */
    vd lo2 = ((1.0 - hi) + ph) + pl;
    vi64 k1 = k >> 1;
    vi64 k2 = k - k1;
    vd s1 = (vd)((k1 + 1023) << 52), s2 = (vd)((k2 + 1023) << 52);
    *lo = lo2 * s1 * s2;
    return hi * s1 * s2;
}

/*
 * 1 / (1 + exp(-x)) without the roundings of that expression: with e = exp(-|x|) <= 1 in
 * double-double, it is 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0, one division and a
 * correction step.
 */
CK_INL vd CKV(sigmoid_f64)(vd x) {
    vd el;
    vd eh = CKV(exp_dd_f64)(-CKV(absd)(x), &el);
    vi64 neg = x < 0.0;
    vd nh = CKV(seld)(neg, eh, (vd){} + 1.0);
    vd nl = (vd)(neg & (vi64)el);
    vd dh = 1.0 + eh; /* Fast2Sum: 1 >= eh */
    vd dl = ((1.0 - dh) + eh) + el;
    vd inv = 1.0 / dh;
    vd y0 = nh * inv;
    vd resid = (FMAD(-y0, dh, nh) - y0 * dl) + nl;
    return FMAD(resid, inv, y0);
}

/*
 * float32 sigmoid in double: e = exp(-|x|) to ~2^-33 (Taylor degree 8, no double-double),
 * then 1 / (1 + e) or e / (1 + e) in double, rounded once to float.
 */
CK_INL vd CKV(sigmoid_f32_in_f64)(vd x) {
    const double magic = 0x1.8p52;
    vd a = -CKV(absd)(x);
    a = CKV(seld)(a < -200.0, (vd){} - 200.0, a); /* sigmoid(-104) already rounds to 0 */
    vd t = FMAD(a, CK_F64_LOG2E, magic);
    vd kf = t - magic;
    vi64 k = (vi64)t - (vi64)((vd){} + magic);
    vd r = FMAD(kf, -CK_F64_LN2_HI, a);
    r = FMAD(kf, -CK_F64_LN2_LO, r);
    vd q = FMAD(r, 1.0 / 40320, 1.0 / 5040);
    q = FMAD(q, r, 1.0 / 720);
    q = FMAD(q, r, 1.0 / 120);
    q = FMAD(q, r, 1.0 / 24);
    q = FMAD(q, r, 1.0 / 6);
    q = FMAD(q, r, 0.5);
    vd e = (1.0 + FMAD(r * r, q, r)) * (vd)((k + 1023) << 52);
    vd num = CKV(seld)(x < 0.0, e, (vd){} + 1.0);
    return num / (1.0 + e);
}

CK_INL vf CKV(sigmoid_f32)(vf x) {
    vf4 lo = __builtin_shufflevector(x, x, 0, 1, 2, 3);
    vf4 hi = __builtin_shufflevector(x, x, 4, 5, 6, 7);
    vf4 rlo = __builtin_convertvector(CKV(sigmoid_f32_in_f64)(__builtin_convertvector(lo, vd)), vf4);
    vf4 rhi = __builtin_convertvector(CKV(sigmoid_f32_in_f64)(__builtin_convertvector(hi, vd)), vf4);
    return __builtin_shufflevector(rlo, rhi, 0, 1, 2, 3, 4, 5, 6, 7);
}

/*
 * sin/cos polynomials on the reduced argument rh + rl (|rh| <= pi/4, |rl| tiny) and the
 * quadrant q (low two bits used). is_cos shifts the quadrant by one.
 */
CK_INL vd CKV(sincos_poly_f64)(vd rh, vd rl, vi64 q, int is_cos) {
    vd z = rh * rh;
    vd s = FMAD(z, CK_F64_SIN_S6, CK_F64_SIN_S5);
    s = FMAD(s, z, CK_F64_SIN_S4);
    s = FMAD(s, z, CK_F64_SIN_S3);
    s = FMAD(s, z, CK_F64_SIN_S2);
    s = FMAD(s, z, CK_F64_SIN_S1);
    s = FMAD(s, z, CK_F64_SIN_S0);
    vd hz = 0.5 * z;
    /* sin(rh + rl) ~ rh + rh^3 S + rl (1 - z/2) */
    vd sinv = rh + FMAD(rh * z, s, FMAD(-hz, rl, rl));
    vd c = FMAD(z, CK_F64_COS_C5, CK_F64_COS_C4);
    c = FMAD(c, z, CK_F64_COS_C3);
    c = FMAD(c, z, CK_F64_COS_C2);
    c = FMAD(c, z, CK_F64_COS_C1);
    c = FMAD(c, z, CK_F64_COS_C0);
    /* cos(rh + rl) ~ (1 - z/2) + z^2 C - rh rl, the first sum with its rounding error */
    vd w = 1.0 - hz;
    vd cosv = w + (((1.0 - w) - hz) + FMAD(z * z, c, -(rh * rl)));
    if (is_cos) q = q + 1;
    vd y = CKV(seld)((q & 1) != 0, cosv, sinv);
    return (vd)((vi64)y ^ ((q & 2) << 62));
}

#if CK_FMA
/* Cody-Waite with three double parts of pi/2 and a double-double remainder. */
CK_INL vd CKV(sincos_f64)(vd x, int is_cos) {
    const double magic = 0x1.8p52;
    vd t = FMAD(x, CK_F64_TWO_OVER_PI, magic);
    vd j = t - magic;
    vi64 q = (vi64)t - (vi64)((vd){} + magic);
    vd r1 = FMAD(j, -CK_F64_PIO2_1, x); /* exact */
    vd th = j * CK_F64_PIO2_2;
    vd tl = FMAD(j, CK_F64_PIO2_2, -th);
    vd rh = r1 - th;
    vd bb = rh - r1;
    vd err = (r1 - (rh - bb)) + (-th - bb);
    vd rl = FMAD(j, -CK_F64_PIO2_3, err - tl);
    vd r = rh + rl;
    rl = rl - (r - rh);
    vd y = CKV(sincos_poly_f64)(r, rl, q, is_cos);
    if (!is_cos) y = CKV(seld)(x == 0.0, x, y); /* sin(-0) = -0 */
    return y;
}
#define CK_F64_SINCOS_LIMIT 0x1p26
#endif

/*
 * float32 sin/cos. With FMA: Cody-Waite with three float parts of pi/2 in float.
 * Without: reduce and evaluate in double (36+36+53-bit parts of pi/2, exact products for
 * |j| < 2^17), then round once to float.
 */
#define CK_F32_SINCOS_LIMIT 71476.0f
#if CK_FMA
CK_INL vf CKV(sincos_f32)(vf x, int is_cos) {
    const float magic = 0x1.8p23f;
    vf t = FMAF(x, CK_F32_TWO_OVER_PI, magic);
    vf j = t - magic;
    vi32 q = (vi32)t - (vi32)((vf){} + magic);
    vf r = FMAF(j, -CK_F32_PIO2_1, x);
    r = FMAF(j, -CK_F32_PIO2_2, r);
    r = FMAF(j, -CK_F32_PIO2_3, r);
    vf z = r * r;
    vf s = FMAF(z, CK_F32_SIN_S3, CK_F32_SIN_S2);
    s = FMAF(s, z, CK_F32_SIN_S1);
    s = FMAF(s, z, CK_F32_SIN_S0);
    vf sinv = FMAF(r * z, s, r);
    vf c = FMAF(z, CK_F32_COS_C2, CK_F32_COS_C1);
    c = FMAF(c, z, CK_F32_COS_C0);
    vf hz = 0.5f * z;
    vf w = 1.0f - hz;
    vf cosv = w + (((1.0f - w) - hz) + z * z * c);
    if (is_cos) q = q + 1;
    vf y = CKV(self)((q & 1) != 0, cosv, sinv);
    y = (vf)((vi32)y ^ ((q & 2) << 30));
    if (!is_cos) y = CKV(self)(x == 0.0f, x, y);
    return y;
}
#else
CK_INL vd CKV(sincos_f32_in_f64)(vd x, int is_cos) {
    const double magic = 0x1.8p52;
    vd t = x * CK_F64_TWO_OVER_PI + magic;
    vd j = t - magic;
    vi64 q = (vi64)t - (vi64)((vd){} + magic);
    vd r = x - j * CK_F64_PIO2_S1;
    r = r - j * CK_F64_PIO2_S2;
    r = r - j * CK_F64_PIO2_S3;
    return CKV(sincos_poly_f64)(r, (vd){}, q, is_cos);
}
CK_INL vf CKV(sincos_f32)(vf x, int is_cos) {
    vf4 lo = __builtin_shufflevector(x, x, 0, 1, 2, 3);
    vf4 hi = __builtin_shufflevector(x, x, 4, 5, 6, 7);
    vd dlo = CKV(sincos_f32_in_f64)(__builtin_convertvector(lo, vd), is_cos);
    vd dhi = CKV(sincos_f32_in_f64)(__builtin_convertvector(hi, vd), is_cos);
    vf4 rlo = __builtin_convertvector(dlo, vf4);
    vf4 rhi = __builtin_convertvector(dhi, vf4);
    vf y = __builtin_shufflevector(rlo, rhi, 0, 1, 2, 3, 4, 5, 6, 7);
    if (!is_cos) y = CKV(self)(x == 0.0f, x, y);
    return y;
}
#endif

/* ------------------------------------------------------------------ loops ---- */

#define CK_LOOP(T, VT, W, FN)                                                          \
    do {                                                                               \
        size_t i = 0;                                                                  \
        for (; i + (W) <= n; i += (W)) {                                               \
            VT v;                                                                      \
            __builtin_memcpy(&v, x + i, sizeof v);                                     \
            v = FN(v);                                                                 \
            __builtin_memcpy(y + i, &v, sizeof v);                                     \
        }                                                                              \
        if (i < n) {                                                                   \
            VT v = {0};                                                                \
            __builtin_memcpy(&v, x + i, (n - i) * sizeof(T));                          \
            v = FN(v);                                                                 \
            __builtin_memcpy(y + i, &v, (n - i) * sizeof(T));                          \
        }                                                                              \
    } while (0)

/* Like CK_LOOP, but lanes with |x| > LIMIT (or non-finite) are redone with libm. */
#define CK_LOOP_FIX(T, VT, W, FN, VI, ABS, LIMIT, LIBM)                                \
    do {                                                                               \
        size_t i = 0;                                                                  \
        for (; i + (W) <= n; i += (W)) {                                               \
            VT v;                                                                      \
            __builtin_memcpy(&v, x + i, sizeof v);                                     \
            VT r = FN(v);                                                              \
            VI big = ~(ABS(v) <= (LIMIT));                                             \
            if (CK_ANY(big)) {                                                         \
                for (int l = 0; l < (W); l++)                                          \
                    if (big[l]) r[l] = LIBM(v[l]);                                     \
            }                                                                          \
            __builtin_memcpy(y + i, &r, sizeof r);                                     \
        }                                                                              \
        if (i < n) {                                                                   \
            VT v = {0};                                                                \
            __builtin_memcpy(&v, x + i, (n - i) * sizeof(T));                          \
            VT r = FN(v);                                                              \
            for (size_t l = 0; l < n - i; l++)                                         \
                if (!(ABS(v)[l] <= (LIMIT))) r[l] = LIBM(v[l]);                        \
            __builtin_memcpy(y + i, &r, (n - i) * sizeof(T));                          \
        }                                                                              \
    } while (0)

CK_INL vf CKV(sin_f32)(vf x) { return CKV(sincos_f32)(x, 0); }
CK_INL vf CKV(cos_f32)(vf x) { return CKV(sincos_f32)(x, 1); }
#if CK_FMA
CK_INL vd CKV(sin_f64)(vd x) { return CKV(sincos_f64)(x, 0); }
CK_INL vd CKV(cos_f64)(vd x) { return CKV(sincos_f64)(x, 1); }
#endif

/* One loop function per operation, so each inner loop is compiled (and inspectable) alone. */
#define CK_ANY CKV(anyf)
#define CK_DEF_F32(NAME, BODY)                                                          \
    static CK_ATTR __attribute__((noinline)) void CKV(NAME)(const float *x, float *y, size_t n) { BODY; }
CK_DEF_F32(loop_exp_f32, CK_LOOP(float, vf, CK_VF, CKV(exp_f32)))
CK_DEF_F32(loop_log_f32, CK_LOOP(float, vf, CK_VF, CKV(log_f32)))
CK_DEF_F32(loop_tanh_f32, CK_LOOP(float, vf, CK_VF, CKV(tanh_f32)))
CK_DEF_F32(loop_sigmoid_f32, CK_LOOP(float, vf, CK_VF, CKV(sigmoid_f32)))
CK_DEF_F32(loop_sin_f32, CK_LOOP_FIX(float, vf, CK_VF, CKV(sin_f32), vi32, CKV(absf), CK_F32_SINCOS_LIMIT, sinf))
CK_DEF_F32(loop_cos_f32, CK_LOOP_FIX(float, vf, CK_VF, CKV(cos_f32), vi32, CKV(absf), CK_F32_SINCOS_LIMIT, cosf))
#undef CK_ANY

#define CK_ANY CKV(anyd)
#define CK_DEF_F64(NAME, BODY)                                                          \
    static CK_ATTR __attribute__((noinline)) void CKV(NAME)(const double *x, double *y, size_t n) { BODY; }
CK_DEF_F64(loop_exp_f64, CK_LOOP(double, vd, CK_VD, CKV(exp_f64)))
CK_DEF_F64(loop_log_f64, CK_LOOP(double, vd, CK_VD, CKV(log_f64)))
CK_DEF_F64(loop_tanh_f64, CK_LOOP(double, vd, CK_VD, CKV(tanh_f64)))
CK_DEF_F64(loop_sigmoid_f64, CK_LOOP(double, vd, CK_VD, CKV(sigmoid_f64)))
#if CK_FMA
CK_DEF_F64(loop_sin_f64, CK_LOOP_FIX(double, vd, CK_VD, CKV(sin_f64), vi64, CKV(absd), CK_F64_SINCOS_LIMIT, sin))
CK_DEF_F64(loop_cos_f64, CK_LOOP_FIX(double, vd, CK_VD, CKV(cos_f64), vi64, CKV(absd), CK_F64_SINCOS_LIMIT, cos))
#else
/* Without FMA an exact double Cody-Waite needs more pieces; use libm per element. */
CK_DEF_F64(loop_sin_f64, for (size_t i = 0; i < n; i++) y[i] = sin(x[i]))
CK_DEF_F64(loop_cos_f64, for (size_t i = 0; i < n; i++) y[i] = cos(x[i]))
#endif
#undef CK_ANY
#undef CK_DEF_F32
#undef CK_DEF_F64

static CK_ATTR void CKV(unary_f32)(ck_unary_op op, const float *x, float *y, size_t n) {
    switch (op) {
    case CK_UNARY_EXP: CKV(loop_exp_f32)(x, y, n); break;
    case CK_UNARY_LOG: CKV(loop_log_f32)(x, y, n); break;
    case CK_UNARY_TANH: CKV(loop_tanh_f32)(x, y, n); break;
    case CK_UNARY_SIN: CKV(loop_sin_f32)(x, y, n); break;
    case CK_UNARY_COS: CKV(loop_cos_f32)(x, y, n); break;
    case CK_UNARY_SIGMOID: CKV(loop_sigmoid_f32)(x, y, n); break;
    }
}

static CK_ATTR void CKV(unary_f64)(ck_unary_op op, const double *x, double *y, size_t n) {
    switch (op) {
    case CK_UNARY_EXP: CKV(loop_exp_f64)(x, y, n); break;
    case CK_UNARY_LOG: CKV(loop_log_f64)(x, y, n); break;
    case CK_UNARY_TANH: CKV(loop_tanh_f64)(x, y, n); break;
    case CK_UNARY_SIN: CKV(loop_sin_f64)(x, y, n); break;
    case CK_UNARY_COS: CKV(loop_cos_f64)(x, y, n); break;
    case CK_UNARY_SIGMOID: CKV(loop_sigmoid_f64)(x, y, n); break;
    }
}

#undef CK_LOOP
#undef CK_LOOP_FIX
#undef CK_INL
#undef FMAF
#undef VF
#undef VD
#undef FMAD
#undef CK_F64_SINCOS_LIMIT
#undef CK_F32_SINCOS_LIMIT

#!/usr/bin/env python3
"""Fits the polynomial coefficients used by Sources/CKernels/vecmath_impl.h.

Needs mpmath (python3 -m pip install mpmath). Each reduced function is fitted on its
interval by Chebyshev interpolation in 60-digit arithmetic (near-minimax), the monomial
coefficients are rounded to float32 or float64, and the relative error of the whole
approximation (coefficient rounding included, evaluation rounding excluded) is printed.

    python3 scripts/vecmath/fit_coeffs.py
"""
import struct
import mpmath as mp

mp.mp.dps = 60


def to_f32(v):
    return struct.unpack("f", struct.pack("f", float(v)))[0]


def fmt(v, single):
    if single:
        return "%.9ef" % to_f32(v)
    return "%.17e" % float(v)


def fit(name, g, interval, degree, whole, single, samples=4000):
    """g: reduced function to fit on interval; whole(poly, t) -> (approx, exact) of the target."""
    coeffs, _ = mp.chebyfit(g, interval, degree + 1, error=True)
    coeffs = list(reversed(coeffs))  # ascending powers
    rnd = (lambda c: mp.mpf(to_f32(c))) if single else (lambda c: mp.mpf(float(c)))
    coeffs = [rnd(c) for c in coeffs]
    poly = lambda t: mp.polyval(list(reversed(coeffs)), t)
    a, b = interval
    worst = mp.mpf(0)
    for i in range(samples + 1):
        t = a + (b - a) * mp.mpf(i) / samples
        approx, exact = whole(poly, t)
        if exact != 0:
            worst = max(worst, abs(approx / exact - 1))
    eps = mp.mpf(2) ** (-24 if single else -53)
    print(f"// {name}: degree {degree}, max rel error {float(worst):.3e} = {float(worst / eps):.4f} ulp-units (2^-{24 if single else 53})")
    for k, c in enumerate(coeffs):
        print(f"#define {name}{k} {fmt(c, single)}")
    print()


def sq(z):
    return mp.sqrt(z)


for single, tag in ((True, "F32"), (False, "F64")):
    # exp(r) = 1 + (r + r^2 Q(r)), |r| <= ln2/2
    h = mp.log(2) / 2 * mp.mpf("1.0001")
    def gq(r):
        if abs(r) < mp.mpf("1e-20"):
            return mp.mpf(1) / 2 + r / 6
        return (mp.exp(r) - 1 - r) / r**2
    fit(f"CK_{tag}_EXP_Q", gq, [-h, h], 5 if single else 10,
        lambda p, r: (1 + r + r * r * p(r), mp.exp(r)), single)

    # log1p(f) = f - (hfsq - s (hfsq + z T(z))), s = f/(2+f), z = s^2
    smax = (mp.sqrt(2) - 1) / (mp.sqrt(2) + 1) * mp.mpf("1.0001")
    def gt(z):
        if z < mp.mpf("1e-30"):
            return mp.mpf(2) / 3
        s = sq(z)
        return (2 * mp.atanh(s) / s - 2) / z
    def whole_log(p, z):
        s = sq(z)
        return (2 * s + s * z * p(z), 2 * mp.atanh(s)) if s > 0 else (mp.mpf(0), mp.mpf(0))
    fit(f"CK_{tag}_LOG_T", gt, [mp.mpf(0), smax**2], 2 if single else 6, whole_log, single)

    # tanh(x) = x + x^3 P(x^2), |x| <= 0.625
    xm = mp.mpf("0.625") * mp.mpf("1.0001")
    def gp(z):
        if z < mp.mpf("1e-30"):
            return mp.mpf(-1) / 3
        x = sq(z)
        return (mp.tanh(x) - x) / (x * z)
    fit(f"CK_{tag}_TANH_P", gp, [mp.mpf(0), xm**2], 5 if single else 12,
        lambda p, z: (sq(z) + sq(z) * z * p(z), mp.tanh(sq(z))), single)

    # sin(r) = r + r^3 S(r^2), cos(r) = 1 - r^2/2 + r^4 C(r^2), |r| <= pi/4
    rm = mp.pi / 4 * mp.mpf("1.001")
    def gs(z):
        if z < mp.mpf("1e-30"):
            return mp.mpf(-1) / 6
        r = sq(z)
        return (mp.sin(r) - r) / (r * z)
    def gc(z):
        if z < mp.mpf("1e-30"):
            return mp.mpf(1) / 24
        r = sq(z)
        return (mp.cos(r) - 1 + z / 2) / (z * z)
    fit(f"CK_{tag}_SIN_S", gs, [mp.mpf(0), rm**2], 3 if single else 6,
        lambda p, z: (sq(z) + sq(z) * z * p(z), mp.sin(sq(z))), single)
    fit(f"CK_{tag}_COS_C", gc, [mp.mpf(0), rm**2], 2 if single else 5,
        lambda p, z: (1 - z / 2 + z * z * p(z), mp.cos(sq(z))), single)

# Split constants: hi parts with trailing zero bits so that k * hi is exact.
def split(v, bits):
    m, e = mp.frexp(v)
    hi = mp.nint(m * 2**bits) / 2**bits * mp.mpf(2) ** e
    return hi, v - hi

for name, v in (("LN2", mp.log(2)),):
    hi, lo = split(v, 9)
    print(f"#define CK_F32_{name}_HI {fmt(hi, True)}\n#define CK_F32_{name}_LO {fmt(lo, True)}")
    hi, lo = split(v, 32)
    print(f"#define CK_F64_{name}_HI {fmt(hi, False)}\n#define CK_F64_{name}_LO {fmt(lo, False)}")

for name, v in (("LOG2E", 1 / mp.log(2)), ("TWO_OVER_PI", 2 / mp.pi)):
    print(f"#define CK_F32_{name} {fmt(v, True)}\n#define CK_F64_{name} {fmt(v, False)}")
# pi/2 for float32 with FMA: three float parts.
v = mp.pi / 2
c1 = mp.mpf(to_f32(v)); c2 = mp.mpf(to_f32(v - c1)); c3 = mp.mpf(to_f32(v - c1 - c2))
print(f"#define CK_F32_PIO2_1 {fmt(c1, True)}\n#define CK_F32_PIO2_2 {fmt(c2, True)}\n#define CK_F32_PIO2_3 {fmt(c3, True)}")
# pi/2 for float64 with FMA: three double parts.
d1 = mp.mpf(float(v)); d2 = mp.mpf(float(v - d1)); d3 = mp.mpf(float(v - d1 - d2))
print(f"#define CK_F64_PIO2_1 {fmt(d1, False)}\n#define CK_F64_PIO2_2 {fmt(d2, False)}\n#define CK_F64_PIO2_3 {fmt(d3, False)}")
# pi/2 for float32 inputs reduced in double without FMA: 36 + 36 + 53 bits.
e1, rest = split(v, 36); e2, rest = split(rest, 36); e3 = mp.mpf(float(rest))
print(f"#define CK_F64_PIO2_S1 {fmt(e1, False)}\n#define CK_F64_PIO2_S2 {fmt(e2, False)}\n#define CK_F64_PIO2_S3 {fmt(e3, False)}")

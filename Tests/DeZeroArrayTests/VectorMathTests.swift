import DeZeroTestSupport
import Foundation
import Testing

@testable import DeZeroArray

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Accuracy, special values, in-place and strided use of `VectorMath`, and its sums against
/// NumPy fixtures.
@Suite struct VectorMathTests {
    /// The variants that can run here: always `.portable`, plus `.avx2FMA` where supported.
    static let variants: [VectorMath.Variant] = [.portable, .avx2FMA].filter(\.isAvailable)

    /// Allowed error, in ulps of the correctly rounded result.
    static let maxULP = 2.0

    // MARK: References

    /// Double-precision libm reference for a `Float` input (its error is ~2^-29 float ulp).
    static func reference(_ f: VectorMath.Function, _ x: Float) -> Double {
        let d = Double(x)
        switch f {
        case .exp: return Foundation.exp(d)
        case .log: return Foundation.log(d)
        case .tanh: return Foundation.tanh(d)
        case .sin: return Foundation.sin(d)
        case .cos: return Foundation.cos(d)
        case .sigmoid: return 1 / (1 + Foundation.exp(-d))
        }
    }

    /// libm reference for a `Double` input, in `Float80` where the platform has it.
    static func reference(_ f: VectorMath.Function, _ x: Double) -> (value: Double, extra: Double) {
        #if arch(x86_64) && canImport(Glibc)
            let d = Float80(x)
            let r: Float80
            switch f {
            case .exp: r = expl(d)
            case .log: r = logl(d)
            case .tanh: r = tanhl(d)
            case .sin: r = sinl(d)
            case .cos: r = cosl(d)
            case .sigmoid: r = 1 / (1 + expl(-d))
            }
            let hi = Double(r)
            return (hi, r.isFinite && hi.isFinite ? Double(r - Float80(hi)) : 0)
        #else
            let v: Double
            switch f {
            case .exp: v = Foundation.exp(x)
            case .log: v = Foundation.log(x)
            case .tanh: v = Foundation.tanh(x)
            case .sin: v = Foundation.sin(x)
            case .cos: v = Foundation.cos(x)
            case .sigmoid: v = 1 / (1 + Foundation.exp(-x))
            }
            return (v, 0)
        #endif
    }

    /// Error of `y` in ulps of the float result nearest `ref`; `.infinity` on a special-value
    /// mismatch (NaN, infinity or zero where the reference has none, or the other way).
    static func ulpError(_ y: Float, _ ref: Double) -> Double {
        if ref.isNaN { return y.isNaN ? 0 : .infinity }
        let rounded = Float(ref)
        if rounded.isInfinite || y.isInfinite || y.isNaN {
            return y == rounded ? 0 : .infinity
        }
        if ref == 0 { return y == 0 && y.sign == ref.sign ? 0 : .infinity }
        // Spacing of floats at |ref|: 2^(exponent - 23), subnormals 2^-149.
        let spacing = Double(sign: .plus, exponent: max(ref.exponent, -126) - 23, significand: 1)
        return abs(Double(y) - ref) / spacing
    }

    /// Error of `y` in ulps of the double nearest `ref.value + ref.extra`.
    static func ulpError(_ y: Double, _ ref: (value: Double, extra: Double)) -> Double {
        let r = ref.value
        if r.isNaN { return y.isNaN ? 0 : .infinity }
        if r.isInfinite || y.isInfinite || y.isNaN { return y == r ? 0 : .infinity }
        if r == 0 { return y == 0 ? 0 : .infinity }
        let ulp = max(r.magnitude.ulp, Double.leastNonzeroMagnitude)
        let scale = r.magnitude.significandBitPattern == 0 && (r > 0 ? ref.extra < 0 : ref.extra > 0)
            ? ulp / 2 : ulp
        return abs((y - r) - ref.extra) / scale
    }

    // MARK: Inputs

    /// A deterministic xorshift generator.
    struct XorShift: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    /// Random finite floats: half uniform over all bit patterns, half in the function's busy range.
    static func floatInputs(_ f: VectorMath.Function, count: Int, seed: UInt64) -> [Float] {
        var rng = XorShift(state: seed)
        let range: ClosedRange<Float> =
            switch f {
            case .exp: -104...89
            case .log: 0...1000
            case .tanh, .sigmoid: -12...12
            case .sin, .cos: -80000...80000
            }
        return (0..<count).map { i in
            if i % 2 == 0 {
                var v: Float
                repeat { v = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) } while !v.isFinite
                return v
            }
            return Float.random(in: range, using: &rng)
        }
    }

    /// Random finite doubles: half over all bit patterns, half in the function's busy range.
    static func doubleInputs(_ f: VectorMath.Function, count: Int, seed: UInt64) -> [Double] {
        var rng = XorShift(state: seed)
        let range: ClosedRange<Double> =
            switch f {
            case .exp: -746...710
            case .log: 0...1000
            case .tanh, .sigmoid: -25...25
            case .sin, .cos: -1e8...1e8
            }
        return (0..<count).map { i in
            if i % 2 == 0 {
                var v: Double
                repeat { v = Double(bitPattern: rng.next()) } while !v.isFinite
                return v
            }
            return Double.random(in: range, using: &rng)
        }
    }

    // MARK: Accuracy

    @Test(arguments: VectorMath.Function.allCases)
    func floatAccuracy(_ f: VectorMath.Function) {
        var x = Self.floatInputs(f, count: 400_000, seed: 0x9E37_79B9_7F4A_7C15)
        // The neighbourhoods of the branch points and range limits.
        for c: Float in [0.625, 0.5493, 9.1, 88.72, 88.7228317, -87.33, -103.97, -88.72, 71476, 1e-30, 0x1p-126] {
            var v = c
            for _ in 0..<64 {
                x += [v, -v]
                v = v.nextUp
            }
        }
        for variant in Self.variants {
            var y = [Float](repeating: .nan, count: x.count)
            #expect(VectorMath.apply(f, x, &y, count: x.count, variant: variant))
            var worst = 0.0
            var worstX: Float = 0
            for i in x.indices {
                let e = Self.ulpError(y[i], Self.reference(f, x[i]))
                if e > worst { (worst, worstX) = (e, x[i]) }
            }
            #expect(worst <= Self.maxULP, "\(f) Float \(variant): \(worst) ulp at x = \(worstX)")
        }
    }

    @Test(arguments: VectorMath.Function.allCases)
    func doubleAccuracy(_ f: VectorMath.Function) {
        var x = Self.doubleInputs(f, count: 200_000, seed: 0xD1B5_4A32_D192_ED03)
        for c: Double in [0.625, 0.5493, 19.06, 709.78, 709.782712893384, -708.39, -745.13, 0x1p26, 1e-300, 0x1p-1022] {
            var v = c
            for _ in 0..<64 {
                x += [v, -v]
                v = v.nextUp
            }
        }
        // Near multiples of pi/2, where the reduced argument cancels.
        if f == .sin || f == .cos {
            for k in stride(from: 1.0, to: 4e7, by: 99_991.0) {
                x.append((k * Double.pi / 2))
            }
        }
        for variant in Self.variants {
            var y = [Double](repeating: .nan, count: x.count)
            #expect(VectorMath.apply(f, x, &y, count: x.count, variant: variant))
            var worst = 0.0
            var worstX = 0.0
            for i in x.indices {
                let e = Self.ulpError(y[i], Self.reference(f, x[i]))
                if e > worst { (worst, worstX) = (e, x[i]) }
            }
            #expect(worst <= Self.maxULP, "\(f) Double \(variant): \(worst) ulp at x = \(worstX)")
        }
    }

    // MARK: Special values

    /// Expected results at special inputs, shared by both element types.
    static let specials: [(VectorMath.Function, Double, Double)] = [
        (.exp, .nan, .nan), (.exp, .infinity, .infinity), (.exp, -.infinity, 0),
        (.exp, 0, 1), (.exp, -0.0, 1), (.exp, 1000, .infinity), (.exp, -1000, 0),
        (.log, .nan, .nan), (.log, 0, -.infinity), (.log, -0.0, -.infinity),
        (.log, -1, .nan), (.log, -.infinity, .nan), (.log, .infinity, .infinity), (.log, 1, 0),
        (.tanh, .nan, .nan), (.tanh, .infinity, 1), (.tanh, -.infinity, -1),
        (.tanh, 0, 0), (.tanh, -0.0, -0.0), (.tanh, 50, 1), (.tanh, -50, -1),
        (.sin, .nan, .nan), (.sin, .infinity, .nan), (.sin, -.infinity, .nan),
        (.sin, 0, 0), (.sin, -0.0, -0.0),
        (.cos, .nan, .nan), (.cos, .infinity, .nan), (.cos, -.infinity, .nan),
        (.cos, 0, 1), (.cos, -0.0, 1),
        (.sigmoid, .nan, .nan), (.sigmoid, .infinity, 1), (.sigmoid, -.infinity, 0),
        (.sigmoid, 0, 0.5),
    ]

    /// True when `a` and `b` are the same value, zero signs and NaN included.
    static func same<T: FloatingPoint>(_ a: T, _ b: T) -> Bool {
        (a.isNaN && b.isNaN) || (a == b && a.sign == b.sign)
    }

    @Test func specialValues() {
        for variant in Self.variants {
            for (f, input, expected) in Self.specials {
                // Pad to several lengths so both the vector body and the tail see the value.
                for n in [1, 5, 8, 13] {
                    let xf = [Float](repeating: 0.25, count: n - 1) + [Float(input)]
                    var yf = [Float](repeating: 7, count: n)
                    VectorMath.apply(f, xf, &yf, count: n, variant: variant)
                    #expect(Self.same(yf[n - 1], Float(expected)), "\(f)(\(input)) Float \(variant) = \(yf[n - 1])")
                    let xd = [Double](repeating: 0.25, count: n - 1) + [input]
                    var yd = [Double](repeating: 7, count: n)
                    VectorMath.apply(f, xd, &yd, count: n, variant: variant)
                    #expect(Self.same(yd[n - 1], expected), "\(f)(\(input)) Double \(variant) = \(yd[n - 1])")
                }
            }
        }
    }

    @Test func overflowUnderflowAndSubnormals() {
        for variant in Self.variants {
            // Float: largest finite exp, first overflow, subnormal results, the last nonzero.
            let xf: [Float] = [88.72283, 88.7228394, -87.5, -100, -103.9, -103.98, 0x1p-149, 0x1p-130]
            var yf = [Float](repeating: 0, count: xf.count)
            VectorMath.apply(.exp, xf, &yf, count: xf.count, variant: variant)
            #expect(yf[0].isFinite && yf[1] == .infinity)
            for i in 2...4 { #expect(Self.ulpError(yf[i], Foundation.exp(Double(xf[i]))) <= 1, "exp(\(xf[i])) = \(yf[i])") }
            #expect(yf[4] > 0 && yf[4] < Float.leastNormalMagnitude && yf[5] == 0)
            VectorMath.apply(.log, xf, &yf, count: xf.count, variant: variant)
            #expect(Self.ulpError(yf[6], Foundation.log(Double(xf[6]))) <= 1)
            #expect(Self.ulpError(yf[7], Foundation.log(Double(xf[7]))) <= 1)

            let xd: [Double] = [709.782712893384, 709.7828, -708.5, -740, -745.1, -745.2, 0x1p-1074, 0x1p-1030]
            var yd = [Double](repeating: 0, count: xd.count)
            VectorMath.apply(.exp, xd, &yd, count: xd.count, variant: variant)
            #expect(yd[0].isFinite && yd[1] == .infinity)
            for i in 2...4 { #expect(Self.ulpError(yd[i], Self.reference(.exp, xd[i])) <= 1, "exp(\(xd[i])) = \(yd[i])") }
            #expect(yd[4] > 0 && yd[5] == 0)
            VectorMath.apply(.log, xd, &yd, count: xd.count, variant: variant)
            #expect(Self.ulpError(yd[6], Self.reference(.log, xd[6])) <= 1)
            #expect(Self.ulpError(yd[7], Self.reference(.log, xd[7])) <= 1)
        }
    }

    @Test func hugeSinCosArgumentsGoToLibm() {
        let xf: [Float] = [71476, 71477, 1e6, -3e7, 1e20, .greatestFiniteMagnitude, 0x1p100, 12345.678]
        let xd: [Double] = [0x1p26, 0x1p26 + 2, 1e10, -1e22, 1e300, .greatestFiniteMagnitude, 0x1p1000, 12345.678]
        for variant in Self.variants {
            for f in [VectorMath.Function.sin, .cos] {
                var yf = [Float](repeating: 0, count: xf.count)
                VectorMath.apply(f, xf, &yf, count: xf.count, variant: variant)
                for i in xf.indices {
                    #expect(Self.ulpError(yf[i], Self.reference(f, xf[i])) <= 1, "\(f)(\(xf[i])) = \(yf[i])")
                }
                var yd = [Double](repeating: 0, count: xd.count)
                VectorMath.apply(f, xd, &yd, count: xd.count, variant: variant)
                for i in xd.indices {
                    #expect(Self.ulpError(yd[i], Self.reference(f, xd[i])) <= 1, "\(f)(\(xd[i])) = \(yd[i])")
                }
            }
        }
    }

    // MARK: Buffers

    @Test(arguments: VectorMath.Function.allCases)
    func inPlaceAndStridedMatchOutOfPlace(_ f: VectorMath.Function) {
        for n in [0, 1, 3, 7, 8, 9, 31, 1000, 1029] {
            let x = (0..<n).map { Float($0 % 37) * 0.37 + 0.01 }
            var expected = [Float](repeating: 0, count: n)
            VectorMath.apply(f, x, &expected, count: n)

            var inPlace = x
            inPlace.withUnsafeMutableBufferPointer { b in
                VectorMath.apply(f, b.baseAddress!, b.baseAddress!, count: n)
            }
            #expect(inPlace == expected)

            // Every other element, into a reversed output (negative stride).
            let spread: [Float] = x.flatMap { [$0, -1] }
            var out = [Float](repeating: .nan, count: max(n, 1))
            spread.withUnsafeBufferPointer { sx in
                out.withUnsafeMutableBufferPointer { sy in
                    VectorMath.apply(
                        f, sx.baseAddress!, sy.baseAddress! + max(n - 1, 0), count: n, xStride: 2, yStride: -1)
                }
            }
            #expect(Array(out.prefix(n).reversed()) == expected)

            let xd = x.map(Double.init)
            var expectedD = [Double](repeating: 0, count: n)
            VectorMath.apply(f, xd, &expectedD, count: n)
            var inPlaceD = xd
            inPlaceD.withUnsafeMutableBufferPointer { b in
                VectorMath.apply(f, b.baseAddress!, b.baseAddress!, count: n, xStride: 1, yStride: 1)
            }
            #expect(inPlaceD == expectedD)
            var strided: [Double] = xd.flatMap { [$0, 42] }
            strided.withUnsafeMutableBufferPointer { b in
                VectorMath.apply(f, b.baseAddress!, b.baseAddress!, count: n, xStride: 2, yStride: 2)
            }
            #expect(stride(from: 0, to: 2 * n, by: 2).map { strided[$0] } == expectedD)
            #expect(stride(from: 1, to: 2 * n, by: 2).allSatisfy { strided[$0] == 42 })
        }
    }

    // MARK: Sums

    /// One case of `Fixtures/sum.json`.
    struct SumCase: Decodable {
        var dtype: String
        var count: Int
        var sum: String
        var sum_one_run: String
    }

    /// `Fixtures/sum.json`, written by `scripts/fixtures/sum_fixtures.py`.
    struct SumFixture: Decodable {
        var numpy_version: String
        var default_buffer_size: Int
        var cases: [SumCase]
    }

    /// The fixture arrays' values, as `sum_fixtures.py` builds them.
    static func fixtureValues(_ n: Int) -> [Double] {
        (0..<n).map { i in
            var u = UInt32(truncatingIfNeeded: i) &* 2_654_435_761 &+ 0x9E37_79B9
            u ^= u >> 15
            u = u &* 2_246_822_519
            u ^= u >> 13
            let mant = Int(u & 0xFFFFF) - 0x80000
            let e = Int((u >> 20) % 40) - 30
            return Double(sign: .plus, exponent: e, significand: Double(mant))
        }
    }

    static func loadSumFixture() throws -> SumFixture {
        fixtures.decode(SumFixture.self, from: "sum.json")
    }

    @Test func sumsMatchNumPyBitForBit() throws {
        let fixture = try Self.loadSumFixture()
        #expect(fixture.default_buffer_size == VectorMath.numpyBufferSize)
        #expect(fixture.cases.count == 22)
        for c in fixture.cases {
            let values = Self.fixtureValues(c.count)
            let expected = try #require(Double(c.sum))
            let expectedOneRun = try #require(Double(c.sum_one_run))
            if c.dtype == "float32" {
                let x = values.map { Float($0) }
                let s = VectorMath.numpySum(x, count: x.count)
                let one = VectorMath.numpySum(x, count: x.count, runLength: nil)
                #expect(s.bitPattern == Float(expected).bitPattern, "float32 n=\(c.count): \(s) vs \(expected)")
                #expect(one.bitPattern == Float(expectedOneRun).bitPattern, "float32 n=\(c.count) one run")
                #expect(VectorMath.pairwiseSum(x, count: x.count).bitPattern == Float(expectedOneRun).bitPattern)
                // The same elements every third slot: the strided path keeps the order.
                let spread: [Float] = x.flatMap { [$0, .nan, .nan] }
                #expect(VectorMath.numpySum(spread, count: x.count, stride: 3).bitPattern == Float(expected).bitPattern)
            } else {
                let s = VectorMath.numpySum(values, count: values.count)
                let one = VectorMath.numpySum(values, count: values.count, runLength: nil)
                #expect(s.bitPattern == expected.bitPattern, "float64 n=\(c.count): \(s) vs \(expected)")
                #expect(one.bitPattern == expectedOneRun.bitPattern, "float64 n=\(c.count) one run")
                #expect(VectorMath.pairwiseSum(values, count: values.count).bitPattern == expectedOneRun.bitPattern)
                let spread: [Double] = values.flatMap { [$0, .nan] }
                #expect(VectorMath.pairwiseSum(spread, count: values.count, stride: 2).bitPattern == expectedOneRun.bitPattern)
            }
        }
    }

    @Test func pairwiseSumFollowsNumPysOrder() {
        // A scalar transcription of NumPy's pairwise_sum, checked on awkward lengths.
        func reference(_ a: ArraySlice<Float>) -> Float {
            let n = a.count
            let base = a.startIndex
            if n < 8 {
                var res: Float = 0
                for v in a { res += v }
                return res
            } else if n <= 128 {
                var r = Array(a[base..<base + 8])
                var i = 8
                while i < n - n % 8 {
                    for k in 0..<8 { r[k] += a[base + i + k] }
                    i += 8
                }
                var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
                while i < n {
                    res += a[base + i]
                    i += 1
                }
                return res
            }
            var n2 = n / 2
            n2 -= n2 % 8
            return reference(a[base..<base + n2]) + reference(a[(base + n2)...])
        }
        let values = Self.fixtureValues(5000).map { Float($0) }
        for n in [0, 1, 2, 7, 8, 15, 16, 17, 120, 129, 136, 255, 256, 257, 1023, 4999] {
            let got = VectorMath.pairwiseSum(values, count: n)
            #expect(got.bitPattern == reference(values[0..<n]).bitPattern, "n = \(n)")
        }
        #expect(VectorMath.pairwiseSum([Float(-0.0)], count: 1).sign == .plus)  // NumPy starts at +0
        #expect(VectorMath.numpySum([Double](), count: 0) == 0)
    }
}

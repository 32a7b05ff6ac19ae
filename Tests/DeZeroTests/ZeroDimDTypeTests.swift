import DeZeroArray
import Testing

@testable import DeZero

/// dtypes of functions of a 0-d float32 value, where NumPy 1.x's value-based casting and its
/// `ndarray ** c` fast paths decide them (issue 11, section 2); the sweep over every function
/// is FunctionDTypeTests.
@Suite struct ZeroDimDTypeTests {
    static func scalar(_ value: Float) -> Variable { Variable(NDArray(scalar: value)) }

    /// NumPy computes `x ** c` for c in (2, 1, 0, -1, 0.5) with `square`, `positive`,
    /// `ones_like`, `reciprocal` and `sqrt`, which keep float32; `np.power` with a float64 0-d
    /// exponent would give float64.
    @Test(arguments: [(2.0, Float(0.3) * Float(0.3)), (1.0, 0.3), (0.0, 1), (-1.0, 1 / Float(0.3)), (0.5, Float(0.3).squareRoot())])
    func powerOfFloat32ScalarKeepsFloat32(_ c: Double, _ expected: Float) {
        let y = Self.scalar(0.3) ** c
        #expect(y.dtype == .float32)
        #expect(y.shape == [])
        #expect(y.data.scalars(as: Float.self) == [expected])
    }

    /// Other exponents go through `np.power` with a float64 0-d exponent: float64.
    @Test func powerOfFloat32ScalarWithOtherExponentsIsFloat64() {
        #expect((Self.scalar(0.3) ** 3).dtype == .float64)
        #expect((Self.scalar(0.3) ** -1.5).dtype == .float64)
    }

    /// `Div.backward` squares the divisor: the gradient of a division by a 0-d float32 value
    /// stays float32 (DeZero: b.grad = -22.222221, float32).
    @Test func gradientOfDivisionByFloat32ScalarIsFloat32() {
        let a = Self.scalar(2.0), b = Self.scalar(0.3)
        (a / b).backward()
        let grad = b.grad!.data
        #expect(grad.dtype == .float32)
        #expect(grad.scalars(as: Float.self) == [-Float(2.0) / (Float(0.3) * Float(0.3))])
        #expect(Swift.abs(grad.scalars(as: Double.self)[0] - -22.222221) < 1e-5)
        #expect(a.grad!.dtype == .float32)
    }
}

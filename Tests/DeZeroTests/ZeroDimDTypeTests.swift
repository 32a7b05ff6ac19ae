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

    /// DeZero's `tanh(x * 0.5) * 0.5 + 0.5`: a 0-d float32 `x` times the Python float 0.5 is
    /// float64 in NumPy 1.x (both 0-d), so the result is float64.
    @Test func sigmoidOfFloat32ScalarIsFloat64() {
        let y = sigmoid(Self.scalar(0.7))
        #expect(y.dtype == .float64)
        #expect(Swift.abs(y.data.scalars(as: Double.self)[0] - 0.6681877695251427) <= 1e-16)
        #expect(DeZeroArray.sigmoid(NDArray(scalar: Float(0.7))).dtype == .float64)
    }

    /// With `ndim >= 1` the 0.5 is a weak scalar: float32 stays float32 (the one-pass kernel).
    @Test func sigmoidOfFloat32ArrayStaysFloat32() {
        let x = NDArray([Float(0.7), -1.5], shape: [2])
        let y = sigmoid(Variable(x))
        #expect(y.dtype == .float32)
        let expected = [0.6681877695251427, 0.18242552380635635]
        for (value, want) in zip(y.data.scalars(as: Double.self), expected) { #expect(Swift.abs(value - want) < 1e-7) }
    }

    /// DeZero scales a copy of `x` in place (`y[x <= 0] *= slope`), which keeps float32.
    @Test func leakyReluOfFloat32ScalarKeepsFloat32() {
        let y = leakyRelu(Self.scalar(-0.7))
        #expect(y.dtype == .float32)
        #expect(y.data.scalars(as: Float.self) == [Float(-0.7) * Float(0.2)])
        #expect(leakyRelu(Self.scalar(0.7)).data.scalars(as: Float.self) == [0.7])
    }
}

import DeZeroArray
import Testing

@testable import DeZero

/// User-defined functions in the three forms (one input, two inputs, the general arrays), and
/// how a function tracks its outputs: held weakly, forgotten when they die or are unchained.
@Suite struct FunctionFormTests {
    /// `x ** 3`, written as a user would.
    final class Cube: UnaryFunction {
        override func forward(_ x: NDArray) -> NDArray { x * x * x }
        override func backward(_ gy: Variable) -> Variable { 3.0 * input(0) ** 2 * gy }
    }

    /// `x * t`, with no gradient for `t` (as a label).
    final class ScaleBy: BinaryFunction {
        override func forward(_ x: NDArray, _ t: NDArray) -> NDArray { x * t }
        override func backward(_ gy: Variable) -> (Variable, Variable?) { (gy * input(1), nil) }
    }

    /// Two outputs: `(x + 1, x * 2)`.
    final class Split: Function {
        override func forward(_ xs: [NDArray]) -> [NDArray] { [xs[0] + 1.0, xs[0] * 2.0] }
        override func backward(_ gys: [Variable]) -> [Variable] { [gys[0] + 2.0 * gys[1]] }
    }

    @Test func unaryFunctionDifferentiatesTwice() {
        let x = Variable(NDArray(scalar: 2.0))
        let y = Cube()(x)
        #expect(y.data.item() == 8)
        y.backward(createGraph: true)
        #expect(x.grad!.data.item() == 12)
        let gx = x.grad!
        x.cleargrad()
        gx.backward()
        #expect(x.grad!.data.item() == 12)  // d/dx 3x^2 = 6x
        #expect(y.creator!.inputs.count == 1 && y.creator!.inputCount == 1)
    }

    @Test func binaryFunctionMayLeaveTheSecondInputWithoutGradient() {
        let x = Variable(NDArray([1.0, 2.0])), t = Variable(NDArray([3.0, 4.0]))
        let y = sum(ScaleBy()(x, t))
        y.backward()
        #expect(x.grad!.data.scalars(as: Double.self) == [3, 4])
        #expect(t.grad == nil)
        // The general form reaches the same function.
        #expect(ScaleBy().apply([x, t])[0].data.scalars(as: Double.self) == [3, 8])
    }

    @Test func generalFormWithTwoOutputs() {
        let x = Variable(NDArray(scalar: 3.0))
        let outputs = Split().apply([x])
        let (a, b) = (outputs[0], outputs[1])
        #expect(a.data.item() == 4 && b.data.item() == 6)
        let z = a * b  // dz/dx = b * 1 + a * 2
        z.backward()
        #expect(x.grad!.data.item() == 6 + 8)
        #expect(a.creator!.outputs.count == 2)
    }

    @Test func anOutputThatDiesGivesAZeroGradient() {
        let x = Variable(NDArray(scalar: 3.0))
        let f = Split()
        var outputs: [Variable] = f.apply([x])
        let a = outputs[0]
        outputs = []
        #expect(f.outputs[0] === a && f.outputs[1] == nil, "the second output is forgotten")
        a.backward()
        #expect(x.grad!.data.item() == 1)  // the dead output contributes zeros
    }

    @Test func unchainedOutputIsForgottenByItsCreator() {
        let x = Variable(NDArray(scalar: 1.0))
        let y = exp(x)
        let f = y.creator!
        #expect(f.outputs[0] === y)
        y.unchain()
        #expect(y.creator == nil && f.outputs[0] == nil)
    }

    @Test func wrongNumberOfInputsStops() async {
        await #expect(processExitsWith: .failure) {
            _ = Cube().apply([Variable(NDArray(scalar: 1.0)), Variable(NDArray(scalar: 2.0))])
        }
    }
}

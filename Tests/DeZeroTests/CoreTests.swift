import DeZeroArray
import Testing

@testable import DeZero

@Suite struct CoreTests {
    @Test func squareExpSquareGradientMatchesBook() {
        // Book step 9: y = square(exp(square(x))) at x = 0.5.
        let x = Variable(NDArray(scalar: 0.5))
        let y = square(exp(square(x)))
        y.backward()
        #expect(Swift.abs(x.grad!.data.item() - 3.297442541400256) < 1e-12)
    }

    @Test func sameVariableUsedTwiceAccumulatesGradient() {
        // Book step 14: y = x + x, then x + x + x after cleargrad.
        let x = Variable(NDArray(scalar: 3.0))
        var y = x + x
        y.backward()
        #expect(x.grad!.data.item() == 2)
        x.cleargrad()
        y = x + x + x
        y.backward()
        #expect(x.grad!.data.item() == 3)
    }

    @Test func generationsOrderBackprop() {
        // Book step 16: a = x^2; y = a^2 + a^2 gives 32 and 64 at x = 2.
        let x = Variable(NDArray(scalar: 2.0))
        let a = square(x)
        let y = square(a) + square(a)
        y.backward()
        #expect(y.data.item() == 32)
        #expect(x.grad!.data.item() == 64)
    }

    @Test func retainGradKeepsIntermediateGradients() {
        // Book step 18.
        let x0 = Variable(NDArray(scalar: 1.0)), x1 = Variable(NDArray(scalar: 1.0))
        let t = add(x0, x1)
        let y = add(x0, t)
        y.backward()
        #expect(y.grad == nil && t.grad == nil)
        #expect(x0.grad!.data.item() == 2 && x1.grad!.data.item() == 1)
        let u = add(x0, x1)
        let z = add(x0, u)
        z.backward(retainGrad: true)
        #expect(u.grad!.data.item() == 1)
    }

    @Test func noGradRecordsNoGraph() {
        let x = Variable(NDArray.ones([2, 3]))
        let y = withNoGrad { square(x) }
        #expect(y.creator == nil)
        #expect(Config.enableBackprop)
        let z = square(x)
        #expect(z.creator != nil)
    }

    @Test func configScopesNest() {
        withTestMode {
            #expect(!Config.train)
            withNoGrad { #expect(!Config.enableBackprop && !Config.train) }
            #expect(Config.enableBackprop)
        }
        #expect(Config.train)
    }

    @Test func operatorsWithScalarsAndArrays() {
        // Book step 21: y = 3.0 * x + 1.0 at x = 2.
        let x = Variable(NDArray(scalar: 2.0))
        let y = 3.0 * x + 1.0
        #expect(y.data.item() == 7)
        let a = Variable(NDArray(scalar: 3.0)), b = Variable(NDArray(scalar: 2.0))
        #expect((a * b + NDArray(scalar: 1.0)).data.item() == 7)
        #expect((2.0 - a).data.item() == -1 && (a / 2.0).data.item() == 1.5 && (a ** 3).data.item() == 27)
    }

    @Test func weakScalarKeepsFloat32() {
        let x = Variable(NDArray([1.0, 2.0]).astype(.float32))
        #expect((x * 2.0 + 1.0).dtype == .float32)
        #expect((x ** 2).dtype == .float32)
    }

    @Test func secondDerivativeByDoubleBackprop() {
        // Book step 33: f(x) = x^4 - 2x^2; f'(2) = 24, f''(2) = 44.
        let x = Variable(NDArray(scalar: 2.0))
        let y = x ** 4 - 2.0 * x ** 2
        y.backward(createGraph: true)
        let gx = x.grad!
        #expect(gx.data.item() == 24)
        x.cleargrad()
        gx.backward()
        #expect(x.grad!.data.item() == 44)
    }

    @Test func newtonMethodConverges() {
        // Book step 33's output: x goes 2, 1.4545..., ... to 1.
        let x = Variable(NDArray(scalar: 2.0))
        var values: [Double] = []
        for _ in 0..<10 {
            values.append(x.data.item())
            let y = x ** 4 - 2.0 * x ** 2
            x.cleargrad()
            y.backward(createGraph: true)
            let gx = x.grad!
            x.cleargrad()
            gx.backward()
            x.data = x.data - gx.data / x.grad!.data
        }
        #expect(Swift.abs(values[1] - 1.4545454545454546) < 1e-12)
        #expect(Swift.abs(values[9] - 1.0) < 1e-12)
    }

    @Test func tanhFourthDerivative() {
        // examples/tanh.py: the 4th derivative of tanh at 1.0 is 0.66509104 (printed value).
        let x = Variable(NDArray(scalar: 1.0))
        let y = tanh(x)
        y.backward(createGraph: true)
        for _ in 0..<3 {
            let gx = x.grad!
            x.cleargrad()
            gx.backward(createGraph: true)
        }
        #expect(Swift.abs(x.grad!.data.item() - 0.6650910447505024) < 1e-12)
    }

    @Test func doubleBackpropStep36() {
        // Book step 36: y = x^2, gx = dy/dx, z = gx^3 + y; dz/dx at 2 is 100.
        let x = Variable(NDArray(scalar: 2.0))
        let y = x ** 2
        y.backward(createGraph: true)
        let gx = x.grad!
        x.cleargrad()
        let z = gx ** 3 + y
        z.backward()
        #expect(x.grad!.data.item() == 100)
    }

    @Test func unusedOutputsAreFreed() {
        weak var weakY: Variable?
        let x = Variable(NDArray.ones([3]))
        do {
            let y = square(exp(x))
            weakY = y
            #expect(weakY != nil)
        }
        #expect(weakY == nil)
    }

    @Test func unchainBackwardCutsTheGraph() {
        let x = Variable(NDArray(scalar: 1.0))
        let y = exp(square(exp(x)))
        y.unchainBackward()
        #expect(y.creator != nil)
        #expect(y.creator!.inputs[0].creator == nil)
    }

    @Test func descriptionIndentsLikeDeZero() {
        let x = Variable(NDArray([1, 2, 3, 4, 5, 6] as [Int64], shape: [2, 3]))
        #expect(x.description == "variable([[1 2 3]\n          [4 5 6]])")
    }
}

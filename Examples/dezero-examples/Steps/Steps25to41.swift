import ArgumentParser
import DeZero

/// Step 25: Graphviz, introduced (no code).
struct Step25: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 25: visualizing graphs, theory only.")
    func run() {}
}

/// Step 26: draws the Goldstein-Price graph to goldstein.png; prints what the book prints (nothing).
struct Step26: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 26: the Goldstein-Price graph.")
    @OptionGroup var graph: GraphOutput
    func run() throws {
        let x = scalar(1.0), y = scalar(1.0)
        let z = goldstein(x, y)
        z.backward()
        x.name = "x"
        y.name = "y"
        z.name = "z"
        try graph.plot(z, verbose: false, stem: "goldstein")
    }
}

/// sin(x) by its Taylor series, adding terms until one is below `threshold`.
func mySin(_ x: Variable, threshold: Double = 0.0001) -> Variable {
    var y = Variable(NDArray(scalar: Int64(0)))
    for i in 0..<100_000 {
        var factorial = 1.0
        for k in stride(from: 2, through: 2 * i + 1, by: 1) { factorial *= Double(k) }
        let c = (i % 2 == 0 ? 1.0 : -1.0) / factorial
        let t = c * x ** Double(2 * i + 1)
        y = y + t
        if Swift.abs(t.data.item()) < threshold { break }
    }
    return y
}

/// Step 27: Taylor's sin against the real one.
struct Step27: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 27: Taylor expansion of sin.")
    func run() {
        var x = scalar(Double.pi / 4)
        var y = sin(x)
        y.backward()
        print("--- original sin ---")
        print(y.data)
        print(x.grad!)
        x = scalar(Double.pi / 4)
        y = mySin(x)
        y.backward()
        print("--- approximate sin ---")
        print(y.data)
        print(x.grad!)
    }
}

/// The Rosenbrock function.
func rosenbrock(_ x0: Variable, _ x1: Variable) -> Variable {
    100.0 * (x1 - x0 ** 2) ** 2 + (x0 - 1.0) ** 2
}

/// Step 28: gradient descent on the Rosenbrock function.
struct Step28: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 28: function optimization.")
    @Option(help: "Iterations.") var iters = 1000
    @Option(help: "Learning rate.") var lr = 0.001
    func run() {
        let x0 = scalar(0.0), x1 = scalar(2.0)
        for _ in 0..<iters {
            print(x0, x1)
            let y = rosenbrock(x0, x1)
            x0.cleargrad()
            x1.cleargrad()
            y.backward()
            x0.data -= lr * x0.grad!.data
            x1.data -= lr * x1.grad!.data
        }
    }
}

/// `x^4 - 2x^2`, the book's example for Newton's method.
func newtonF(_ x: Variable) -> Variable { x ** 4 - 2.0 * x ** 2 }

/// Step 29: Newton's method with the second derivative written by hand.
struct Step29: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 29: Newton's method.")
    func run() {
        let x = scalar(2.0)
        for i in 0..<10 {
            print(i, x)
            let y = newtonF(x)
            x.cleargrad()
            y.backward()
            x.data -= x.grad!.data / (12.0 * x.data.pow(2) - 4.0)
        }
    }
}

/// Steps 30-32: higher-order derivatives, theory; `backward(createGraph:)` implements them.
struct Step30: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 30: higher-order derivatives, theory only.")
    func run() {}
}

/// Step 31: theory only.
struct Step31: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 31: higher-order derivatives, theory only.")
    func run() {}
}

/// Step 32: theory only.
struct Step32: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 32: higher-order derivatives, theory only.")
    func run() {}
}

/// Step 33: Newton's method with the second derivative from double backprop.
struct Step33: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 33: Newton's method by double backprop.")
    func run() {
        let x = scalar(2.0)
        for i in 0..<10 {
            print(i, x)
            let y = newtonF(x)
            x.cleargrad()
            y.backward(createGraph: true)
            let gx = x.grad!
            x.cleargrad()
            gx.backward()
            let gx2 = x.grad!
            x.data -= gx.data / gx2.data
        }
    }
}

/// Step 34: derivatives of sin up to order 3 on [-7, 7]; prints a few of their values (the
/// book plots them).
struct Step34: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 34: higher derivatives of sin.")
    @Flag(help: "Print sampled values of y, y', y'', y'''.") var values = false
    func run() {
        let x = Variable(NDArray.linspace(-7, 7, num: 200))
        let y = sin(x)
        y.backward(createGraph: true)
        var logs = [y.data]
        for _ in 0..<3 {
            logs.append(x.grad!.data)
            let gx = x.grad!
            x.cleargrad()
            gx.backward(createGraph: true)
        }
        if values {
            for (order, log) in logs.enumerated() {
                print("order \(order):", log[NDSlice(start: 0, stop: 200, step: 50)])
            }
        }
    }
}

/// Step 35: draws the graph of tanh's derivative of order `--order` to tanh.png (the book's
/// script takes one extra step, iters = 1: the 2nd derivative).
struct Step35: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 35: the graph of tanh's higher derivatives.")
    @Option(help: "Order of the derivative.") var order = 2
    @OptionGroup var graph: GraphOutput
    func validate() throws {
        guard order >= 1 else { throw ValidationError("--order must be at least 1") }
    }
    func run() throws {
        try graph.plot(tanhDerivative(order: order), verbose: false, stem: "tanh")
    }
}

/// Step 36: double backprop beyond Newton: z = (dy/dx)^3 + y.
struct Step36: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 36: uses of double backprop.")
    func run() {
        let x = scalar(2.0)
        let y = x ** 2
        y.backward(createGraph: true)
        let gx = x.grad!
        x.cleargrad()
        let z = gx ** 3 + y
        z.backward()
        print(x.grad!)
    }
}

/// Step 37: tensors: elementwise functions and their gradients.
struct Step37: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 37: working with tensors.")
    func run() {
        let x = Variable([[1, 2, 3], [4, 5, 6]])
        let c = Variable([[10, 20, 30], [40, 50, 60]])
        let t = x + c
        let y = sum(t)
        y.backward(retainGrad: true)
        print(y.grad!)
        print(t.grad!)
        print(x.grad!)
        print(c.grad!)
    }
}

/// Step 38: reshape and transpose.
struct Step38: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 38: shape manipulation.")
    func run() {
        var x = Variable([[0, 1, 2], [3, 4, 5]])
        var y = reshape(x, [6])
        y.backward(retainGrad: true)
        print(x.grad!)
        x = Variable([[1, 2, 3], [4, 5, 6]])
        y = transpose(x)
        y.backward()
        print(x.grad!)
    }
}

/// Step 39: sum, over all axes or one, with keepdims.
struct Step39: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 39: sum.")
    func run() {
        var x = Variable([1, 2, 3, 4, 5, 6])
        var y = sum(x)
        y.backward()
        print(y)
        print(x.grad!)
        x = Variable([[1, 2, 3], [4, 5, 6]])
        y = sum(x)
        y.backward()
        print(y)
        print(x.grad!)
        x = Variable([[1, 2, 3], [4, 5, 6]])
        y = sum(x, axis: 0)
        y.backward()
        print(y)
        print(x.grad!)
        x = Variable(Random.randn(2, 3, 4, 5))
        y = x.sum(keepdims: true)
        print(NDArray.shapeDescription(y.shape))
    }
}

/// Step 40: broadcasting, and sum_to in its backward.
struct Step40: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 40: broadcasting.")
    func run() {
        let x0 = Variable([1, 2, 3])
        let x1 = Variable([10])
        let y = x0 + x1
        print(y)
        y.backward()
        print(x1.grad!)
    }
}

/// Step 41: matrix products and their gradients' shapes.
struct Step41: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 41: matrix product.")
    func run() {
        let x = Variable(Random.randn(2, 3))
        let W = Variable(Random.randn(3, 4))
        let y = matmul(x, W)
        y.backward()
        print(NDArray.shapeDescription(x.grad!.shape))
        print(NDArray.shapeDescription(W.grad!.shape))
    }
}

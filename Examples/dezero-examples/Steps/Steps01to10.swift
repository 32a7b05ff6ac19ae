import ArgumentParser
import DeZero

// Steps 1-10 build Variable, Function and backprop by hand in the book. Here they run on the
// finished framework, each showing its step's idea with the same numbers.

/// Step 1: a Variable is a box holding an array.
struct Step01: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 1: the Variable box.")
    func run() {
        let x = scalar(1.0)
        print(x.data)
        x.data = NDArray(scalar: 2.0)
        print(x.data)
    }
}

/// Step 2: a Function maps Variables to Variables.
struct Step02: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 2: functions.")
    func run() {
        let x = Variable(NDArray(scalar: Int64(10)))
        let f = Square()
        let y = f(x)
        print(type(of: y))
        print(y.data)
    }
}

/// Step 3: composing functions.
struct Step03: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 3: composite functions.")
    func run() {
        let (A, B, C) = (Square(), Exp(), Square())
        let x = scalar(0.5)
        let y = C(B(A(x)))
        print(y.data)
    }
}

/// The central difference `(f(x + eps) - f(x - eps)) / 2eps`, the book's `numerical_diff`.
func numericalDiff(_ f: (Variable) -> Variable, _ x: Variable, eps: Double = 1e-4) -> NDArray {
    let y0 = f(Variable(x.data - eps)), y1 = f(Variable(x.data + eps))
    return (y1.data - y0.data) / (2 * eps)
}

/// Step 4: numerical differentiation.
struct Step04: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 4: numerical differentiation.")
    func run() {
        print(numericalDiff({ Square()($0) }, scalar(2.0)))
        print(numericalDiff({ Square()(Exp()(Square()($0))) }, scalar(0.5)))
    }
}

/// Step 5: backpropagation theory (no code).
struct Step05: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 5: backpropagation, theory only.")
    func run() {}
}

/// Steps 6-8: backprop of y = square(exp(square(x))), by hand, through creators, and in a loop;
/// all three give dy/dx at 0.5.
struct Step06: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 6: backprop by hand.")
    func run() {
        let (A, B, C) = (Square(), Exp(), Square())
        let x = scalar(0.5)
        let a = A(x), b = B(a), y = C(b)
        // Each function's backward, called by hand from the output back to the input.
        let gy = Variable(NDArray.onesLike(y.data))
        let gb = C.backward([gy])[0]
        let ga = B.backward([gb])[0]
        let gx = A.backward([ga])[0]
        print(gx.data)
    }
}

/// Step 7: backprop following each variable's creator.
struct Step07: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 7: backprop through creators.")
    func run() {
        let x = scalar(0.5)
        let y = Square()(Exp()(Square()(x)))
        y.grad = Variable(NDArray(scalar: 1.0))
        var current: Variable? = y
        while let v = current, let f = v.creator {
            let gx = f.backward([v.grad!])[0]
            f.inputs[0].grad = gx
            current = f.inputs[0]
        }
        print(x.grad!.data)
    }
}

/// Step 8: the same with `backward()`, which loops over functions instead of recursing.
struct Step08: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 8: backward() as a loop.")
    func run() {
        let x = scalar(0.5)
        let y = Square()(Exp()(Square()(x)))
        y.backward()
        print(x.grad!.data)
    }
}

/// Step 9: functions as Swift functions, and `backward()` seeding the output's gradient.
struct Step09: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 9: friendlier functions.")
    func run() {
        let x = scalar(0.5)
        let y = square(exp(square(x)))
        y.backward()
        print(x.grad!.data)
        // The book ends with Variable(1.0), a TypeError in Python: Swift's types reject a plain
        // number where an array is expected at compile time.
    }
}

/// Step 10: unit tests (they live in Tests/DeZeroTests).
struct Step10: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 10: tests; see Tests/DeZeroTests.")
    func run() {}
}

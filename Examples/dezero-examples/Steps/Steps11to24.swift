import ArgumentParser
import DeZero

/// Step 11: functions of several inputs.
struct Step11: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 11: variable-length inputs.")
    func run() {
        let xs = [Variable(NDArray(scalar: Int64(2))), Variable(NDArray(scalar: Int64(3)))]
        let ys = Add().apply(xs)
        print(ys[0].data)
    }
}

/// Step 12: calling them like ordinary functions.
struct Step12: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 12: easier multi-input calls.")
    func run() {
        let y = add(Variable(NDArray(scalar: Int64(2))), Variable(NDArray(scalar: Int64(3))))
        print(y.data)
    }
}

/// Step 13: backprop through a function of two inputs.
struct Step13: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 13: backprop with several inputs.")
    func run() {
        let x = scalar(2.0), y = scalar(3.0)
        let z = add(square(x), square(y))
        z.backward()
        print(z.data)
        print(x.grad!.data)
        print(y.grad!.data)
    }
}

/// Step 14: using the same variable twice accumulates its gradient; `cleargrad` resets it.
struct Step14: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 14: reusing a variable.")
    func run() {
        let x = scalar(3.0)
        var y = add(x, x)
        y.backward()
        print(x.grad!.data)
        x.cleargrad()
        y = add(add(x, x), x)
        y.backward()
        print(x.grad!.data)
    }
}

/// Step 15: complex graphs, theory (step 16 implements it).
struct Step15: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 15: complex graphs, theory only.")
    func run() {}
}

/// Step 16: generations order the functions of a branching graph.
struct Step16: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 16: generations.")
    func run() {
        let x = scalar(2.0)
        let a = square(x)
        let y = add(square(a), square(a))
        y.backward()
        print(y.data)
        print(x.grad!.data)
    }
}

/// Step 17: memory: weak references from functions to their outputs free big graphs at once.
struct Step17: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 17: memory management.")
    func run() {
        for _ in 0..<10 {
            let x = Variable(Random.randn(10000))
            _ = square(square(square(x)))
        }
    }
}

/// Step 18: intermediate gradients are dropped unless retained; `withNoGrad` records no graph.
struct Step18: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 18: saving memory.")
    func run() {
        let x0 = scalar(1.0), x1 = scalar(1.0)
        let t = add(x0, x1)
        let y = add(x0, t)
        y.backward()
        print(pyOptional(y.grad), pyOptional(t.grad))
        print(x0.grad!.data, x1.grad!.data)
        withNoGrad {
            let x = Variable(NDArray.ones([100, 100, 100]))
            _ = square(square(square(x)))
        }
    }
}

/// Step 19: names and array-like properties of Variable.
struct Step19: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 19: a friendlier Variable.")
    func run() {
        let x = Variable([[1, 2, 3], [4, 5, 6]])
        x.name = "x"
        print(x.name!)
        print(NDArray.shapeDescription(x.shape))
        print(x)
    }
}

/// Step 20: operators `*` and `+` on Variables.
struct Step20: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 20: operator overloading.")
    func run() {
        let a = scalar(3.0), b = scalar(2.0), c = scalar(1.0)
        let y = a * b + c
        y.backward()
        print(y)
        print(a.grad!.data)
        print(b.grad!.data)
    }
}

/// Step 21: operators with arrays and Swift numbers on either side.
struct Step21: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 21: operators with numbers.")
    func run() {
        let x = scalar(2.0)
        print(x + NDArray(scalar: 3.0))
        print(x + 3.0)
        print(3.0 * x + 1.0)
    }
}

/// Step 22: negation, subtraction, division and powers.
struct Step22: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 22: more operators.")
    func run() {
        let x = scalar(2.0)
        print(-x)
        print(2.0 - x)
        print(x - 1.0)
        print(3.0 / x)
        print(x ** 3)
    }
}

/// Step 23: the package layout; `(x + 3) ** 2` and its gradient.
struct Step23: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 23: packaging.")
    func run() {
        let x = scalar(1.0)
        let y = (x + 3.0) ** 2
        y.backward()
        print(y)
        print(x.grad!)
    }
}

/// The sphere function `x^2 + y^2`.
func sphere(_ x: Variable, _ y: Variable) -> Variable { x ** 2 + y ** 2 }

/// The Matyas function.
func matyas(_ x: Variable, _ y: Variable) -> Variable { 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y }

/// The Goldstein-Price function.
func goldstein(_ x: Variable, _ y: Variable) -> Variable {
    let a = 1.0 + (x + y + 1.0) ** 2 * (19.0 - 14.0 * x + 3.0 * x ** 2 - 14.0 * y + 6.0 * x * y + 3.0 * y ** 2)
    let b = 30.0 + (2.0 * x - 3.0 * y) ** 2 * (18.0 - 32.0 * x + 12.0 * x ** 2 + 48.0 * y - 36.0 * x * y + 27.0 * y ** 2)
    return a * b
}

/// Step 24: gradients of optimization benchmark functions.
struct Step24: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Step 24: complex functions' derivatives.")
    func run() {
        let x = scalar(1.0), y = scalar(1.0)
        let z = goldstein(x, y)
        z.backward()
        print(x.grad!, y.grad!)
    }
}

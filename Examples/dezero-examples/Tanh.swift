import ArgumentParser
import DeZero

/// examples/tanh.py: the graph of the 4th derivative of tanh at x = 1 (51 functions), and its value.
struct TanhGraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tanh", abstract: "examples/tanh.py: draws the graph of tanh's 4th derivative.")
    @Option(help: "Order of the derivative.") var order = 4
    @OptionGroup var graph: GraphOutput
    @OptionGroup var compile: CompileFlag

    func validate() throws {
        guard order >= 1 else { throw ValidationError("--order must be at least 1") }
    }

    func run() throws {
        let gx = tanhDerivative(order: order)
        if compile.compiled {
            // The same computation compiled: the first call runs it eagerly, the second traces
            // it, the third runs the traced program. That gives the value, not a DeZero graph:
            // the drawing is the eager one's.
            let derivative = StepFunction(compiled: true, "tanh-derivative") { x in
                tanhDerivative(of: x, order: order)
            }
            var value = gx
            for _ in 0..<3 { value = try derivative(scalar(1.0)) }
            print(value)
        } else {
            print(gx)
        }
        try graph.plot(gx, verbose: false, stem: "tanh")
    }
}

/// The `order`-th derivative of tanh at x = 1, named `gx<order>`, with its whole graph
/// recorded (`createGraph`), as examples/tanh.py and step 35 compute it.
func tanhDerivative(order: Int) -> Variable {
    tanhDerivative(of: scalar(1.0), order: order)
}

/// The `order`-th derivative of tanh at `x`, named `gx<order>`, with its whole graph recorded.
func tanhDerivative(of x: Variable, order: Int) -> Variable {
    let y = tanh(x)
    x.name = "x"
    y.name = "y"
    y.backward(createGraph: true)
    for _ in 0..<(order - 1) {
        let gx = x.grad!
        x.cleargrad()
        gx.backward(createGraph: true)
    }
    let gx = x.grad!
    gx.name = "gx\(order)"
    return gx
}

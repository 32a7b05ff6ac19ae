import ArgumentParser
import DeZero

/// examples/tanh.py: the graph of the 4th derivative of tanh at x = 1 (51 functions), and its value.
struct TanhGraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tanh", abstract: "examples/tanh.py: draws the graph of tanh's 4th derivative.")
    @Option(help: "Order of the derivative.") var order = 4
    @OptionGroup var graph: GraphOutput

    func validate() throws {
        guard order >= 1 else { throw ValidationError("--order must be at least 1") }
    }

    func run() throws {
        let gx = tanhDerivative(order: order)
        print(gx)
        try graph.plot(gx, verbose: false, stem: "tanh")
    }
}

/// The `order`-th derivative of tanh at x = 1, named `gx<order>`, with its whole graph
/// recorded (`createGraph`), as examples/tanh.py and step 35 compute it.
func tanhDerivative(order: Int) -> Variable {
    let x = scalar(1.0)
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

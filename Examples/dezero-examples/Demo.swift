import ArgumentParser
import DeZero

/// `make demo`: a short tour of the project.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A short tour of NDArray and autograd.")

    func run() throws {
        print("NDArray, our NumPy:")
        let a: NDArray = [[1, 2, 3], [4, 5, 6]]
        print("a =\n\(a)")
        print("a.T @ a =\n\(matmul(a.T, a))")
        let x = NDArray.linspace(0, 1, num: 5).astype(.float32)
        print("x = \(x) (dtype \(x.dtype)); x * 2.0 keeps \((x * 2.0).dtype)")
        print("sum over axis 0: \(a.sum(axis: 0)), mean: \(a.mean()), argmax: \(a.argmax(axis: 1))")
        Random.seed(0)
        print("np.random.seed(0); np.random.randn(3) = \(Random.randn(3))")

        print("\nAutograd, DeZero's core:")
        let v = Variable(NDArray(scalar: 2.0))
        let y = v ** 4 - 2.0 * v ** 2
        y.backward(createGraph: true)
        let gx = v.grad!
        print("f(x) = x^4 - 2x^2 at x = 2: f = \(y.data), f' = \(gx.data)")
        v.cleargrad()
        gx.backward()
        print("f'' by double backprop = \(v.grad!.data)")
    }
}

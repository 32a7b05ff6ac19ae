import DeZeroArray

/// A node of the computational graph holding an array, its gradient, and the function that
/// created it (DeZero's `Variable`).
///
/// A variable keeps its creator alive; a function keeps its inputs alive but holds its outputs
/// weakly, so graphs are freed as soon as the last output goes away (no retain cycles).
///
/// The graph properties skip Swift's dynamic exclusivity checks (`@exclusivity(unchecked)`):
/// they are read and written on every operation, the checks cost more than the arithmetic on
/// small arrays, and no code here holds a long access to them while another begins.
public class Variable: CustomStringConvertible {
    /// The value. Inside a trace, replacing the value of a variable made before the trace makes
    /// it state of the compiled program (book step 43 updates plain variables by hand).
    public var data: NDArray {
        get { value }
        // In place (not get and set, as an observer would), so `param.data -= ...` keeps
        // updating a uniquely held buffer.
        _modify {
            if let tracer = Tracing.recorder { willChange(tracer) }
            yield &value
        }
        set {
            if let tracer = Tracing.recorder { willChange(tracer) }
            value = newValue
        }
    }
    /// The storage of ``data``.
    @exclusivity(unchecked) private var value: NDArray
    /// A label used by graph drawings.
    @exclusivity(unchecked) public var name: String?
    /// The gradient of the last `backward()` with respect to this variable, itself a Variable
    /// so that higher-order derivatives can be taken.
    @exclusivity(unchecked) public var grad: Variable?
    /// The function that produced this variable (nil for inputs and parameters).
    @exclusivity(unchecked) public private(set) var creator: Function?
    /// One more than the creator's generation; orders functions during backprop.
    @exclusivity(unchecked) public private(set) var generation = 0

    /// Wraps `data`.
    public init(_ data: NDArray, name: String? = nil) {
        value = data
        self.name = name
        Tracing.recorder?.created(self)
    }

    /// The shape of `data`.
    public var shape: [Int] { data.shape }
    /// The number of axes of `data`.
    public var ndim: Int { data.ndim }
    /// The number of elements of `data`.
    public var size: Int { data.size }
    /// The dtype of `data`.
    public var dtype: DType { data.dtype }
    /// The length of the first axis, as Python's `len(variable)`.
    public var count: Int {
        require(ndim > 0, "len() of unsized object: the variable is 0-d")
        return shape[0]
    }

    /// `variable(...)` with the data printed like NumPy, continuation lines indented under it.
    public var description: String {
        "variable(" + String(describing: data).replacingNewlines(with: "\n" + String(repeating: " ", count: 9)) + ")"
    }

    /// Tells the creator, which holds its outputs weakly, that this output is gone (unless the
    /// creator goes too: nothing else holds it).
    deinit {
        if creator != nil && !isKnownUniquelyReferenced(&creator) { creator?.forget(self) }
    }

    /// Records `function` as this variable's creator.
    func setCreator(_ function: Function) {
        creator = function
        generation = function.generation + 1
    }

    /// Forgets the creator, cutting the graph above this variable (the creator then treats
    /// this output as freed).
    public func unchain() {
        creator?.forget(self)
        creator = nil
    }

    /// Clears the gradient (DeZero's `cleargrad`).
    public func cleargrad() {
        if let tracer = Tracing.recorder, willChange(tracer) { tracer.willClear(gradSlot) }
        grad = nil
    }

    /// Backpropagates from this variable: fills `grad` of every variable it depends on.
    ///
    /// - Parameters:
    ///   - retainGrad: keep the gradients of intermediate variables (by default only the
    ///     inputs' gradients survive).
    ///   - createGraph: record the backward computation itself so that gradients can be
    ///     differentiated again (higher-order derivatives, double backprop).
    public func backward(retainGrad: Bool = false, createGraph: Bool = false) {
        if grad == nil {
            grad = Variable(NDArray.onesLike(data))
        }
        guard let creator else { return }
        var queue = BackwardQueue()
        queue.add(creator)
        usingConfig(\.enableBackprop, createGraph) {
            while let function = queue.next() {
                let tracer = Tracing.recorder
                tracer?.enter(function.backwardScope)
                defer { tracer?.exit() }
                function.backpropagate { x, gx in
                    x.grad = x.grad.map { $0 + gx } ?? gx
                    if let c = x.creator { queue.add(c) }
                }
                if !retainGrad { function.clearOutputGradients() }
            }
        }
    }

    /// Unchains every variable this one depends on, freeing the graph above it.
    public func unchainBackward() {
        guard let creator else { return }
        var functions = [creator]
        while let function = functions.popLast() {
            for x in function.inputs {
                if let c = x.creator {
                    functions.append(c)
                    x.unchain()
                }
            }
        }
    }
}

extension String {
    /// The string with every newline replaced by `replacement`.
    func replacingNewlines(with replacement: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

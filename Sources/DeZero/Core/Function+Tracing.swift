import DeZeroArray

/// The funnel every Function call goes through: inside a trace it tags the array operations of
/// the call with the function (the compiler's provenance) and binds the parameters it reads as
/// state of the traced program. Outside a trace it costs one load and one branch.
extension Function {
    /// Runs `body`, the forward computation of this function on `inputs`, inside the function's
    /// trace scope.
    @inline(__always)
    final func traced<R>(_ x0: Variable?, _ x1: Variable?, _ more: [Variable] = [], _ body: () -> R) -> R {
        guard let tracer = Tracing.recorder else { return body() }
        for x in [x0, x1].compactMap({ $0 }) + more {
            if let p = x as? Parameter { p.bindSlots(to: tracer) }
        }
        tracer.enter(TraceScope(.forward, String(describing: type(of: self))))
        defer { tracer.exit() }
        return body()
    }

    /// Runs one step of the backward pass inside the function's backward trace scope.
    @inline(__always)
    final func tracedBackpropagate(_ accumulate: (_ x: Variable, _ gx: Variable) -> Void) {
        Tracing.scoped(TraceScope(.backward, String(describing: type(of: self)))) {
            backpropagate(accumulate)
        }
    }
}

extension Parameter {
    /// Binds this parameter's data and gradient as state of the program being traced.
    public func bindSlots(to tracer: any ArrayTracer) {
        tracer.bind(StateSlot(role: "data", owner: self, read: { [unowned self] in data }) { [unowned self] in
            if let array = $0 { data = array }
        })
        tracer.bind(gradSlot)
    }

    /// The slot of this parameter's gradient.
    var gradSlot: StateSlot {
        StateSlot(role: "grad", owner: self, read: { [unowned self] in grad?.data }) { [unowned self] in
            grad = $0.map { Variable($0) }
        }
    }

    /// Inside a trace, before the gradient is cleared: binds the parameter's slots, so the
    /// program knows the gradient it had does not matter.
    func willClearGradient(_ tracer: any ArrayTracer) {
        bindSlots(to: tracer)
        tracer.willClear(gradSlot)
    }
}

import DeZeroArray

/// The funnel every Function call goes through (`apply`, `UnaryFunction`, `BinaryFunction`):
/// inside a trace it tags the array operations of the call with the function (the compiler's
/// provenance) and binds the parameters it reads as state of the traced program. Outside a
/// trace it costs one load and one branch.
extension Function {
    /// Inside a trace, before the forward computation of this function on its inputs: binds
    /// the parameters among them and enters the function's scope (the caller exits it after
    /// the forward computation). Kept out of line: the eager path only tests for a tracer.
    @inline(never)
    final func enterTrace(_ tracer: any ArrayTracer, _ x0: Variable?, _ x1: Variable?, _ more: [Variable] = []) {
        for x in [x0, x1].compactMap({ $0 }) + more {
            if let p = x as? Parameter { p.bindSlots(to: tracer) }
        }
        tracer.enter(TraceScope(.forward, String(describing: type(of: self))))
    }

    /// The scope of this function's backward step.
    var backwardScope: TraceScope { TraceScope(.backward, String(describing: type(of: self))) }
}

extension Variable {
    /// Binds this variable's data and gradient as state of the program being traced.
    public func bindSlots(to tracer: any ArrayTracer) {
        tracer.bind(StateSlot(role: "data", owner: self, read: { [unowned self] in data }) { [unowned self] in
            if let array = $0 { data = array }
        })
        tracer.bind(gradSlot)
    }

    /// The slot of this variable's gradient.
    var gradSlot: StateSlot {
        StateSlot(role: "grad", owner: self, read: { [unowned self] in grad?.data }) { [unowned self] in
            grad = $0.map { Variable($0) }
        }
    }

    /// Inside a trace, before this variable's data or gradient changes: binds its slots when it
    /// outlives the trace (a parameter, or a variable made before the trace), and says whether
    /// it did. Variables the closure makes are the closure's own business.
    @discardableResult
    func willChange(_ tracer: any ArrayTracer) -> Bool {
        guard self is Parameter || !tracer.createdDuringTrace(self) else { return false }
        bindSlots(to: tracer)
        return true
    }
}

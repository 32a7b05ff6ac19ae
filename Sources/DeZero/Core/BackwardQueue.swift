/// The functions waiting in a backward pass, sorted by generation (equal generations in the
/// order they came); the last, of the highest generation, runs next, as in DeZero's
/// `Variable.backward`. A function is never queued twice at once, and none comes back once it
/// has run: only functions of higher generations use its outputs.
struct BackwardQueue {
    private var functions: [Function] = []

    /// Queues `function` unless it is waiting already.
    mutating func add(_ function: Function) {
        guard !function.isQueued else { return }
        function.isQueued = true
        var position = functions.endIndex
        while position > 0 && functions[position - 1].generation > function.generation { position -= 1 }
        if position == functions.endIndex {
            functions.append(function)
        } else {
            functions.insert(function, at: position)
        }
    }

    /// Takes the next function to run.
    mutating func next() -> Function? {
        guard let function = functions.popLast() else { return nil }
        function.isQueued = false
        return function
    }
}

import DeZeroArray
import Foundation
import Testing

@testable import DeZero

/// The resident set size of this process in bytes (Linux), or nil where /proc is missing.
func residentBytes() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
        let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
    else { return nil }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Graphs are freed by reference counting alone: no retain cycles between functions and
/// their outputs. Each check runs in its own process so other tests' allocations don't count.
@Suite struct MemoryTests {
    @Test func trainingLoopDoesNotGrowMemory() async {
        await #expect(processExitsWith: .success) {
            let x = Variable(NDArray([0.5, -1.0, 2.0]))
            func step() {
                x.cleargrad()
                let y = sum(tanh(x) * x)
                y.backward()
            }
            for _ in 0..<2_000 { step() }
            guard let before = residentBytes() else { exit(0) }
            for _ in 0..<100_000 { step() }
            let grown = residentBytes()! - before
            // A leaked graph is over 1 KB per step: 100 MB over this loop. Allow allocator noise.
            exit(grown < 16 << 20 ? 0 : 1)
        }
    }

    @Test func noGradKeepsNoGraph() {
        weak var creator: Function?
        let x = Variable(NDArray.ones([100]))
        let y = withNoGrad { exp(square(x)) }
        creator = y.creator
        #expect(creator == nil)
        let z = exp(square(x))
        creator = z.creator
        #expect(creator != nil)
        #expect(z.creator!.inputs[0].creator != nil)
    }

    @Test func droppingTheOutputFreesTheWholeGraph() {
        weak var first: Function?
        weak var last: Function?
        do {
            let x = Variable(NDArray.ones([10]))
            var y = x
            for _ in 0..<100 { y = tanh(y) }
            last = y.creator
            var f = y.creator
            while let g = f, let c = g.inputs.first?.creator { f = c }
            first = f
            #expect(first != nil && last != nil)
        }
        #expect(first == nil && last == nil)
    }
}

import DeZero
import DeZeroArray
import DeZeroParityCases
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
/// Every function of the library, forward and gradients, compiled against eager on fresh
/// inputs (JAX's `_CompileAndCheck`): bit for bit (`-0.0` apart from `+0.0`), in float32 and
/// float64, with every pass configuration.
@Suite struct FunctionParityTests {
    /// Under every pass configuration (``PassConfiguration/all``): the default pipeline, the
    /// pipeline without each pass, no passes.
    @Test(arguments: FunctionCase.all, [DType.float32, .float64])
    func compiledMatchesEagerOnFreshInputs(_ c: FunctionCase, _ dtype: DType) throws {
        for configuration in PassConfiguration.all {
            Random.seed(7)
            let f = compile(c.name, passes: configuration.passes) { c.differentiate($0) }
            _ = try f(c.arrays(dtype).map { Variable($0) })  // eager warm-up
            _ = try f(c.arrays(dtype).map { Variable($0) })  // traced
            for _ in 0..<2 {
                let fresh = c.arrays(dtype)
                let compiled = try f(fresh.map { Variable($0) })
                let eager = c.differentiate(fresh.map { Variable($0) })
                #expect(compiled.count == eager.count)
                for (i, (a, b)) in zip(compiled, eager).enumerated() {
                    #expect(
                        a.dtype == b.dtype && a.shape == b.shape && ArrayBits(a.data) == ArrayBits(b.data),
                        "\(c.name) \(dtype) output \(i), \(configuration)")
                }
            }
            #expect(f.closureRuns == 2)
        }
    }
}
}

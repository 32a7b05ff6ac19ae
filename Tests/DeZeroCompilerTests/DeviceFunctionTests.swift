import DeZero
import DeZeroArray
import DeZeroTestSupport
import Testing

extension GlobalRandomTests {
    /// Every function of the parity list (``FunctionParityTests/cases``), forward and gradients
    /// (second derivatives where the list asks), on the simulated device (`.cuda(97)`): the CPU's
    /// bits, and every result on the device.
    @Suite struct DeviceFunctionTests {
        /// The cases whose closures build host index arrays themselves (`NDArray.arange`): a
        /// CPU array beside a device array stops the program by design.
        static let hostIndexCases: Set<String> = ["getItem labels"]

        @Test(arguments: FunctionParityTests.cases.filter { !hostIndexCases.contains($0.name) }, [DType.float32, .float64])
        func functionGivesTheCPUBitsOnTheDevice(_ c: ParityCase, _ dtype: DType) {
            let gpu = SimulatedDevice.shared.device
            Random.seed(7)
            let inputs = c.arrays(dtype)
            let onCPU = c.differentiate(inputs.map { Variable($0) })
            let onDevice = c.differentiate(inputs.map { Variable($0.to(gpu)) })
            #expect(onCPU.count == onDevice.count)
            for (i, (a, b)) in zip(onDevice, onCPU).enumerated() {
                #expect(a.data.device == gpu, "\(c.name) \(dtype) output \(i)")
                #expect(sameBits(a.data, b.data), "\(c.name) \(dtype) output \(i)")
            }
        }
    }
}

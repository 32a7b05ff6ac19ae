import DeZero
import DeZeroArray
import DeZeroParityCases
import DeZeroTestSupport
import Testing

extension GlobalRandomTests {
    /// Every function of the parity list (``FunctionCase/all``), forward and gradients
    /// (second derivatives where the list asks), on the simulated device (`.cuda(97)`): the CPU's
    /// bits, and every result on the device.
    @Suite struct DeviceFunctionTests {
        @Test(arguments: FunctionCase.all, [DType.float32, .float64])
        func functionGivesTheCPUBitsOnTheDevice(_ c: FunctionCase, _ dtype: DType) {
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

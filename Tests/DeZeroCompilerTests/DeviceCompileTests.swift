import DeZero
import DeZeroArray
import DeZeroTestSupport
import Testing

@testable import DeZeroCompiler

extension GlobalRandomTests {
    /// Tracing a step whose model and batches live on a device (the simulated `.cuda(97)`): the
    /// arrays DeZero makes on the device inside the step (index ranges, one-hot rows, gradient
    /// seeds) are the program's constants, and the compiled step trains as eager does.
    @Suite struct DeviceCompileTests {
        /// 20 steps of the spiral classifier: losses, eager on the CPU against compiled on the device.
        func losses(device: Device, compiled: Bool) throws -> [NDArray] {
            Random.seed(0)
            let (x, t) = getSpiral(train: true)
            let model = MLP([10, 3])
            let optimizer = SGD(lr: 1.0).setup(model)
            model.to(device)
            let (xs, ts) = (x.astype(.float32).to(device), t.to(device))
            let body: ([Variable]) -> [Variable] = { v in
                let loss = softmaxCrossEntropy(model(v[0]), v[1])
                model.cleargrads()
                loss.backward()
                optimizer.update()
                return [loss]
            }
            let step = compile("spiral_step", executor: Interpreter(), body)
            return try (0..<20).map { k in
                let batch = [Variable(xs[(k * 30 % 300)..<(k * 30 % 300 + 30)]), Variable(ts[(k * 30 % 300)..<(k * 30 % 300 + 30)])]
                return compiled ? try step(batch)[0].data : body(batch)[0].data
            }
        }

        @Test func compiledStepOnADeviceTrainsAsEagerOnTheCPU() throws {
            let device = SimulatedDevice.shared.device
            let eager = try losses(device: .cpu, compiled: false)
            let onDevice = try losses(device: device, compiled: true)
            #expect(onDevice.allSatisfy { $0.device == device })
            for (a, b) in zip(onDevice, eager) { #expect(sameBits(a, b)) }
        }
    }
}

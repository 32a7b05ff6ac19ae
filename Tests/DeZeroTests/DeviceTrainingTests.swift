import DeZero
import DeZeroArray
import DeZeroTestSupport
import Testing

extension GlobalRandomTests {
    /// DeZero on the simulated device (`.cuda(97)`): variables, layers, data loaders and
    /// optimizers moved there train with the CPU's numbers, bit for bit.
    @Suite struct DeviceTrainingTests {
        let gpu = SimulatedDevice.shared.device

        /// Losses of `epochs` epochs of an MLP on the spiral data set, on `device`.
        func spiralLosses(_ makeOptimizer: () -> Optimizer, device: Device, epochs: Int = 2) -> [Double] {
            Random.seed(0)
            let model = MLP([10, 3])
            let optimizer = makeOptimizer().setup(model)
            let loader = DataLoader(Spiral(train: true), batchSize: 30)
            if !device.isCPU {
                model.to(device)
                loader.to(device)
            }
            var losses: [Double] = []
            for _ in 0..<epochs {
                for (x, t) in loader {
                    #expect(x.device == device && t.device == device)
                    let y = model(Variable(x))
                    let loss = softmaxCrossEntropy(y, Variable(t))
                    model.cleargrads()
                    loss.backward()
                    optimizer.update()
                    #expect(loss.data.device == device)
                    losses.append(loss.data.item())
                }
            }
            for param in model.params() {
                #expect(param.data.device == device && param.grad?.data.device == device)
            }
            return losses
        }

        @Test func mlpTrainsWithTheCPULossesOnTheDevice() {
            for (name, make) in [("SGD", { SGD(lr: 1.0) as Optimizer }), ("Adam", { Adam() as Optimizer }),
                                 ("MomentumSGD", { MomentumSGD() as Optimizer })] {
                let cpu = spiralLosses(make, device: .cpu)
                let counted = SimulatedDevice.counting {
                    let device = spiralLosses(make, device: gpu)
                    #expect(device.map(\.bitPattern) == cpu.map(\.bitPattern), "\(name)")
                }
                #expect(counted.byOp["matmul", default: 0] > 0, "\(name)")
            }
        }

        @Test func variablesAndLayersMoveWithTheirGradients() {
            Random.seed(1)
            let x = Variable(Random.randn(4, 3).astype(.float32))
            let layer = L.Linear(2)
            x.toGPU(97)
            layer.toGPU(97)  // W is created at the first call, on the input's device
            let y = layer(x)
            sum(y * y).backward()
            #expect(x.device == gpu && x.grad?.device == gpu && layer.W.device == gpu)
            let printed = "\(x)"
            layer.toCPU()
            x.toCPU()
            #expect(x.device == .cpu && x.grad?.device == .cpu && layer.W.device == .cpu && layer.b?.device == .cpu)
            #expect(printed == "\(x)")
        }

        @Test func cpuTrainingNeverReachesTheBackend() {
            _ = SimulatedDevice.shared
            let counted = SimulatedDevice.counting { _ = spiralLosses({ Adam() }, device: .cpu, epochs: 1) }
            #expect(counted.total == 0)
        }
    }
}

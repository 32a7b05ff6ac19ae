@_spi(Device) import DeZeroArray
import DeZeroTestSupport
import Foundation
import Testing

/// Arrays on a device, through the simulated backend (`.cuda(97)`): moving them, every
/// primitive of ``ArrayOp`` giving the CPU's bits on the device, views staying metadata, host
/// reads, and the messages of misuse.
@Suite struct DeviceArrayTests {
    let gpu = SimulatedDevice.shared.device

    /// A float64 array of `shape` with distinct, sign-mixed values (no random generator).
    static func values(_ shape: [Int], _ dtype: DType = .float64) -> NDArray {
        let n = shape.reduce(1, *)
        return NDArray((0..<n).map { Double(($0 * 7919) % 23) / 4 - 2.3 }, shape: shape).astype(dtype)
    }

    @Test(arguments: DType.allCases)
    func roundTripKeepsEveryElementOfViews(_ dtype: DType) {
        let a = Self.values([2, 3, 4], dtype)
        let views = [a, a.transpose([2, 0, 1]), a[.ellipsis, NDSlice(start: 1, stop: nil, step: 2)],
                     a[1], a.reshape(6, 4).broadcast(to: [2, 6, 4]), a[0, 0, 0], NDArray.zeros([0, 3], dtype: dtype)]
        for v in views {
            let d = v.to(gpu)
            #expect(d.device == gpu && d.dtype == dtype && d.shape == v.shape)
            let back = d.toCPU()
            #expect(back.device == .cpu)
            #expect(sameBits(back, v.contiguous()), "\(dtype) \(v.shape)")
            #expect(sameBits(d.transpose().toCPU(), v.transpose().contiguous()))
        }
        #expect(a.to(.cpu).storageByteCount == a.storageByteCount)
    }

    @Test func viewsStayMetadataAndShareTheStorage() {
        let x = Self.values([2, 3, 4]).to(gpu)
        let counted = SimulatedDevice.counting {
            let views = [x.transpose(), x.reshape(6, 4), x.reshape(-1), x.expandDims(1), x[.newAxis].squeeze(),
                         x[1, NDSlice(step: 2)], x[.ellipsis, -1], x.sum(axes: [0], keepdims: true).broadcast(to: [2, 3, 4]),
                         x.swapaxes(0, 2), x.T]
            for v in views {
                #expect(v.device == gpu)
            }
            #expect(x.transpose().deviceAddress == x.deviceAddress)
            #expect(x[1].deviceAddress == x.deviceAddress + 12 * 8)
            #expect(x[1].storageOffset == 12)
        }
        #expect(counted.byOp == ["sum": 1], "\(counted.byOp)")
        // Reshaping a non-contiguous view copies, through the backend's astype.
        let copied = SimulatedDevice.counting { _ = x.transpose().reshape(24) }
        #expect(copied.byOp == ["astype": 1])
    }

    /// One input set per primitive and attribute the library uses.
    static var primitiveCases: [(ArrayOp, [NDArray])] {
        let a = values([3, 4]), b = values([4]).astype(.float32), pos = values([3, 4]) * values([3, 4]) + 0.5
        let ints = NDArray.arange(12).reshape(3, 4), img = values([1, 2, 4, 4])
        var cases: [(ArrayOp, [NDArray])] = []
        for f in [UnaryOperation.exp, .log, .sin, .cos, .tan, .tanh, .sqrt] {
            cases.append((.unary(f), [f == .log || f == .sqrt ? pos : a]))
        }
        cases += [(.negative, [a]), (.abs, [a]), (.sign, [a]), (.sigmoid, [a.astype(.float32)]), (.negative, [ints])]
        for op in [BinaryOperation.add, .subtract, .multiply, .divide, .power, .maximum, .minimum] {
            cases.append((.binary(op), [op == .power ? pos : a, b]))
            cases.append((.binary(op), [ints, NDArray(scalar: 2)]))  // a 0-d host scalar operand
        }
        for c in [Comparison.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual] {
            cases.append((.compare(c), [a, b]))
        }
        cases.append((.select, [a .> 0, a, b]))
        for dtype in DType.allCases { cases.append((.cast(dtype), [a.T])) }
        for kind in [ReductionKind.sum, .max, .min] {
            cases += [(.reduce(kind, axes: nil, keepdims: false), [a]), (.reduce(kind, axes: [0], keepdims: true), [a.T]),
                      (.reduce(kind, axes: [1], keepdims: false), [ints])]
        }
        cases += [(.argReduce(greater: true, axis: 1, keepdims: false), [a]), (.argReduce(greater: false, axis: nil, keepdims: false), [a])]
        cases += [(.matmul, [a, values([4, 2])]), (.matmul, [a.astype(.float32), b]), (.matmul, [ints, ints.T])]
        let rows = NDArray([Int64(2), 0, 2])
        cases += [
            (.getItem([.array]), [a, rows]), (.getItem([.array, .array]), [a, rows, NDArray([Int64(1), 3, 0])]),
            (.getItem([.array]), [a, a .> 0]), (.getItem([.slice(NDSlice(step: 2)), .integer(1)]), [a]),
            (.setItem([.array]), [a, values([4]), rows]), (.setItem([.integer(1)]), [a, NDArray(scalar: 5.0)]),
            (.addAt([.array]), [a, values([3, 4]), rows]),
            (.concatenate(axis: 1), [a, values([3, 2])]), (.pad([.init(1, 0), .init(2, 1)], constant: 0.5), [a]),
            (.im2col(kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true), [img]),
            (.col2im(imageShape: [1, 2, 4, 4], kernel: .init(3, 3), stride: .init(1, 1), pad: .init(1, 1), toMatrix: true),
             [values([16, 18])]),
            (.softmax(axis: 1), [a]), (.logsumexp(axis: 0, keepdims: true), [a.astype(.float32)]),
            (.reshape([4, 3]), [a]), (.transpose([1, 0]), [a]), (.broadcast([2, 3, 4]), [a]), (.expandDims(0), [a]),
            (.squeeze([0]), [values([1, 4])]),
        ]
        return cases
    }

    @Test func everyPrimitiveGivesTheCPUBitsOnTheDevice() {
        let counted = SimulatedDevice.counting {
            for (op, inputs) in Self.primitiveCases {
                let onCPU = op.evaluate(inputs)
                let onDevice = op.evaluate(inputs.map { $0.ndim == 0 ? $0 : $0.to(gpu) })
                #expect(onDevice.device == gpu, "\(op)")
                #expect(sameBits(onDevice, onCPU), "\(op)")
            }
            let full = NDArray.full([2, 3], 1.5, dtype: .float32, device: gpu)
            #expect(full.device == gpu && sameBits(full, NDArray.full([2, 3], 1.5, dtype: .float32)))
            let like = NDArray.zerosLike(full)
            #expect(like.device == gpu && sameBits(like, NDArray.zeros([2, 3], dtype: .float32)))
            #expect(NDArray.onesLike(full, dtype: .int64).device == gpu)
            #expect(NDArray.fullLike(full, 2).device == gpu)
        }
        #expect(counted.byOp["reshape"] == nil && counted.byOp["transpose"] == nil && counted.byOp["broadcast_to"] == nil)
        #expect(counted.byOp["full"] == 4)
        #expect((counted.byOp["getitem"] ?? 0) == 3)  // the basic index stays a view
    }

    @Test func inPlaceOperatorsAndIndexedWritesUpdateDeviceArrays() {
        var x = Self.values([3, 4]).to(gpu), y = Self.values([3, 4])
        let g = Self.values([4]).to(gpu)
        x -= g * 0.5
        y -= Self.values([4]) * 0.5
        x += 1
        y += 1
        x.subtractScaled(g.broadcast(to: [3, 4]).contiguous(), by: 0.25)
        y.subtractScaled(Self.values([4]).broadcast(to: [3, 4]).contiguous(), by: 0.25)
        x[1] = NDArray(scalar: 3.0)
        y[1] = NDArray(scalar: 3.0)
        x.addAt([NDArray([Int64(0), 0]).to(gpu)], g)
        y.addAt([NDArray([Int64(0), 0])], Self.values([4]))
        #expect(x.device == gpu && sameBits(x, y))
        var (p, m, v) = (x, NDArray.zerosLike(x), NDArray.zerosLike(x))
        var (q, n, w) = (y, NDArray.zerosLike(y), NDArray.zerosLike(y))
        let scalars = [0.001, 0.9, 0.999, 1e-8].map { NDArray(scalar: $0) }
        adamStep(&p, &m, &v, grad: x, lr: scalars[0], beta1: scalars[1], beta2: scalars[2], eps: scalars[3])
        adamStep(&q, &n, &w, grad: y, lr: scalars[0], beta1: scalars[1], beta2: scalars[2], eps: scalars[3])
        #expect(p.device == gpu && sameBits(p, q) && sameBits(m, n) && sameBits(v, w))
    }

    @Test func hostReadsCopyFromTheDevice() throws {
        let a = Self.values([2, 3]).astype(.float32)
        let d = a.to(gpu)
        #expect(d.description == a.description)
        #expect(d.debugDescription == a.debugDescription)
        #expect(d[1, 2].item() == a[1, 2].item())
        #expect(d.T[2, 1].item() == a[1, 2].item())
        #expect(d.scalars(as: Double.self) == a.scalars(as: Double.self))
        #expect(d.T.scalars(as: Float.self) == a.T.scalars(as: Float.self))
        #expect(d.withUnsafeBufferPointer(as: Float.self) { Array($0) } == a.scalars(as: Float.self))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("device-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try d.T.save(npy: path)
        #expect(sameBits(try NDArray.load(npy: path), a.T.contiguous()))
    }

    @Test func cpuArraysNeverReachTheBackendWhileOneIsRegistered() {
        _ = SimulatedDevice.shared
        #expect(Tracing.intercepts)
        let counted = SimulatedDevice.counting {
            var x = Self.values([30, 10]).astype(.float32)
            let y = (x + x * 2).sum(axes: [1]) + exp(x).max(axes: nil)
            x -= y.reshape(30, 1)
            x.subtractScaled(x, by: 0.1)
            _ = softmax(x, axis: 1)[NDArray.arange(30), NDArray.zeros([30], dtype: .int64)]
            _ = NDArray.zerosLike(x)
            #expect(x.device == .cpu && y.device == .cpu)
        }
        #expect(counted.total == 0)
    }

    @Test func zeroDimHostScalarsMixWithDeviceArrays() {
        let a = Self.values([3]), d = a.to(gpu)
        let s = NDArray(scalar: 2.5)
        for (onDevice, onCPU) in [(d * s, a * s), (s - d, s - a), (d / 4, a / 4), (maximum(d, s), maximum(a, s))] {
            #expect(onDevice.device == gpu && sameBits(onDevice, onCPU))
        }
    }

    @Test func mixingDevicesStopsWithTheFix() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = NDArray.ones([2]).to(SimulatedDevice.shared.device)
            _ = x + NDArray.ones([2])
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("add: operands on cuda:97 and cpu (shape [2]); move them to one device with toGPU() or toCPU()"), "\(message)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = NDArray.ones([2]).to(.cuda(5))
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("no backend for cuda:5; import DeZeroCUDA and call CUDA.device(5) first"), "\(message)")
        }
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var x = NDArray.ones([2]).to(SimulatedDevice.shared.device)
            x.withUnsafeMutableBufferPointer(as: Double.self) { $0[0] = 1 }
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("the array lives on cuda:97, not in host memory; call toCPU() first"), "\(message)")
        }
        await #expect(processExitsWith: .failure) {
            let x = NDArray.ones([2, 2]).to(SimulatedDevice.shared.device)
            _ = matmul(x, NDArray.ones([2, 2]))
        }
    }
}

import DeZeroArray

extension ResNet {
    /// One stage of a ResNet: a ``BottleneckA`` that changes the channels (and resolution)
    /// followed by ``BottleneckB``s that keep them (DeZero's `BuildingBlock`).
    ///
    /// In weight files the first block is `a` and `b[i]` is `b<i + 1>`, as DeZero names them.
    public final class BuildingBlock: Layer {
        /// The block that changes channels and resolution.
        public let a: BottleneckA
        /// The blocks that keep them; `b[i]` is saved as `"b<i + 1>"`.
        public let b: [BottleneckB]

        /// A stage of `nLayers` bottlenecks from `inChannels` to `outChannels` through
        /// `midChannels`, downsampling by `stride`.
        public init(nLayers: Int, inChannels: Int, midChannels: Int, outChannels: Int, stride: Int, downsampleFb: Bool = false) {
            a = BottleneckA(
                inChannels: inChannels, midChannels: midChannels, outChannels: outChannels, stride: stride,
                downsampleFb: downsampleFb)
            b = (1..<nLayers).map { _ in BottleneckB(inChannels: outChannels, midChannels: midChannels) }
        }

        /// `b[i]` is `"b<i + 1>"`.
        override public func childKey(property: String, index: Int?) -> String {
            if property == "b", let index { return "b\(index + 1)" }
            return super.childKey(property: property, index: index)
        }

        /// `x` through every bottleneck.
        override public func forward(_ x: Variable) -> Variable {
            b.reduce(a(x)) { h, block in block(h) }
        }
    }

    /// A bottleneck that changes the number of channels and may reduce the resolution, with a
    /// projection shortcut (`conv4`) (DeZero's `BottleneckA`).
    public final class BottleneckA: Layer {
        /// 1 x 1 to `midChannels`.
        public let conv1: L.Conv2d
        /// The batch norm after `conv1`.
        public let bn1: L.BatchNorm
        /// 3 x 3, `midChannels`.
        public let conv2: L.Conv2d
        /// The batch norm after `conv2`.
        public let bn2: L.BatchNorm
        /// 1 x 1 to `outChannels`.
        public let conv3: L.Conv2d
        /// The batch norm after `conv3`.
        public let bn3: L.BatchNorm
        /// The shortcut: 1 x 1 to `outChannels` with the block's stride.
        public let conv4: L.Conv2d
        /// The batch norm after `conv4`.
        public let bn4: L.BatchNorm
        /// The channels the block expects (checked at the first call; the convolutions infer them).
        public let inChannels: Int

        /// A bottleneck from `inChannels` to `outChannels` through `midChannels`. `stride` goes on
        /// the first 1 x 1 convolution (the original MSRA ResNet), or on the 3 x 3 one with
        /// `downsampleFb` (Facebook's variant).
        public init(inChannels: Int, midChannels: Int, outChannels: Int, stride: Int = 2, downsampleFb: Bool = false) {
            let (stride1x1, stride3x3) = downsampleFb ? (1, stride) : (stride, 1)
            self.inChannels = inChannels
            conv1 = L.Conv2d(midChannels, kernelSize: 1, stride: stride1x1, pad: 0, nobias: true)
            bn1 = L.BatchNorm()
            conv2 = L.Conv2d(midChannels, kernelSize: 3, stride: stride3x3, pad: 1, nobias: true)
            bn2 = L.BatchNorm()
            conv3 = L.Conv2d(outChannels, kernelSize: 1, stride: 1, pad: 0, nobias: true)
            bn3 = L.BatchNorm()
            conv4 = L.Conv2d(outChannels, kernelSize: 1, stride: stride, pad: 0, nobias: true)
            bn4 = L.BatchNorm()
        }

        /// `relu(residual(x) + shortcut(x))`.
        override public func forward(_ x: Variable) -> Variable {
            require(
                x.ndim == 4 && x.shape[1] == inChannels,
                "ResNet.BottleneckA: expected \(inChannels) input channels, got input of shape \(x.shape)")
            var h1 = relu(bn1(conv1(x)))
            h1 = relu(bn2(conv2(h1)))
            h1 = bn3(conv3(h1))
            let h2 = bn4(conv4(x))
            return relu(h1 + h2)
        }
    }

    /// A bottleneck that keeps the number of channels and the resolution, with an identity
    /// shortcut (DeZero's `BottleneckB`).
    public final class BottleneckB: Layer {
        /// 1 x 1 to `midChannels`.
        public let conv1: L.Conv2d
        /// The batch norm after `conv1`.
        public let bn1: L.BatchNorm
        /// 3 x 3, `midChannels`.
        public let conv2: L.Conv2d
        /// The batch norm after `conv2`.
        public let bn2: L.BatchNorm
        /// 1 x 1 back to `inChannels`.
        public let conv3: L.Conv2d
        /// The batch norm after `conv3`.
        public let bn3: L.BatchNorm

        /// A bottleneck over `inChannels` channels through `midChannels`.
        public init(inChannels: Int, midChannels: Int) {
            conv1 = L.Conv2d(midChannels, kernelSize: 1, stride: 1, pad: 0, nobias: true)
            bn1 = L.BatchNorm()
            conv2 = L.Conv2d(midChannels, kernelSize: 3, stride: 1, pad: 1, nobias: true)
            bn2 = L.BatchNorm()
            conv3 = L.Conv2d(inChannels, kernelSize: 1, stride: 1, pad: 0, nobias: true)
            bn3 = L.BatchNorm()
        }

        /// `relu(residual(x) + x)`.
        override public func forward(_ x: Variable) -> Variable {
            var h = relu(bn1(conv1(x)))
            h = relu(bn2(conv2(h)))
            h = bn3(conv3(h))
            return relu(h + x)
        }
    }
}

import DeZeroArray

// Moving variables and layers between the host and a device (DeZero's `to_cpu` / `to_gpu`,
// book step 52). Functions need no change: every NDArray primitive runs where its operands
// live, and arrays a function creates (gradients' zeros, one-hot rows, index ranges) are made
// on its inputs' device.

extension Variable {
    /// Where `data` lives.
    public var device: Device { data.device }

    /// Moves `data` and the gradient's data (if any) to `device`.
    public func to(_ device: Device) {
        if data.device != device { data = data.to(device) }
        if let grad, grad.data.device != device { grad.data = grad.data.to(device) }
    }

    /// Moves `data` and `grad` to CUDA device `index` (DeZero's `to_gpu`).
    public func toGPU(_ index: Int = 0) { to(.cuda(index)) }

    /// Moves `data` and `grad` to host memory (DeZero's `to_cpu`).
    public func toCPU() { to(.cpu) }
}

extension Layer {
    /// Moves every parameter of this layer and its sub-layers to `device`. Parameters a layer
    /// creates at its first call (`W` of `L.Linear` without `inSize`) are created on the
    /// input's device.
    public func to(_ device: Device) {
        for param in params() { param.to(device) }
    }

    /// Moves every parameter to CUDA device `index` (DeZero's `Layer.to_gpu`).
    public func toGPU(_ index: Int = 0) { to(.cuda(index)) }

    /// Moves every parameter to host memory (DeZero's `Layer.to_cpu`).
    public func toCPU() { to(.cpu) }
}

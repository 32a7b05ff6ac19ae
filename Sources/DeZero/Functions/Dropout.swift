import DeZeroArray

/// In training mode, zeroes each element with probability `ratio` and scales the rest by
/// `1 / (1 - ratio)` (inverted dropout, drawing from the global `Random` as DeZero does from
/// `np.random`); in test mode, returns `x` unchanged.
public func dropout(_ x: Variable, ratio: Double = 0.5) -> Variable {
    guard Config.train else { return x }
    let mask = (Random.rand(shape: x.shape) .> ratio).to(x.data.device)  // drawn on the host, as NumPy draws
    let scale = NDArray(scalar: 1.0 - ratio).astype(x.dtype)
    return x * mask / scale
}

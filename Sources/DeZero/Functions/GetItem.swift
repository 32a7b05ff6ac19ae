import DeZeroArray

/// `x[indices]` with NumPy's indexing rules (DeZero's `GetItem`).
public final class GetItem: UnaryFunction {
    /// The index, kept for backward.
    public let indices: [any NDIndex]
    /// Indexing with `indices`.
    public init(_ indices: [any NDIndex]) { self.indices = indices }
    override public func forward(_ x: NDArray) -> NDArray { x[indices: indices] }
    override public func backward(_ gy: Variable) -> Variable {
        GetItemGrad(indices, inputShape: input(0).shape)(gy)
    }
}

/// The gradient of `GetItem`: scatters `gy` into zeros of the input's shape, adding where an
/// index repeats (NumPy's `np.add.at`).
public final class GetItemGrad: UnaryFunction {
    /// The index of the forward `GetItem`.
    public let indices: [any NDIndex]
    /// The shape of the forward input.
    public let inputShape: [Int]
    /// The gradient function of `x[indices]` for an input of `inputShape`.
    public init(_ indices: [any NDIndex], inputShape: [Int]) {
        self.indices = indices
        self.inputShape = inputShape
    }
    override public func forward(_ x: NDArray) -> NDArray {
        var gx = NDArray.zeros(inputShape, dtype: x.dtype, device: x.device)
        gx.addAt(indices, x)
        return gx
    }
    override public func backward(_ gy: Variable) -> Variable { getItem(gy, indices) }
}

/// `x[indices]` as a differentiable function.
public func getItem(_ x: Variable, _ indices: [any NDIndex]) -> Variable { GetItem(indices)(x) }

/// The rows of `W` selected by the integer ids `x`: an embedding lookup (DeZero's `embed_id`).
public func embedID(_ x: NDArray, _ W: Variable) -> Variable { getItem(W, [x]) }

extension Variable {
    /// `x[i, j, ...]` with NumPy's indexing rules (function `GetItem`).
    public subscript(_ indices: any NDIndex...) -> Variable { getItem(self, indices) }
}

import DeZeroArray

/// `x[indices]` with NumPy's indexing rules (DeZero's `GetItem`).
public final class GetItem: Function {
    /// The index, kept for backward.
    public let indices: [any NDIndex]
    /// Indexing with `indices`.
    public init(_ indices: [any NDIndex]) { self.indices = indices }
    override public func forward(_ xs: [NDArray]) -> [NDArray] { [xs[0][indices: indices]] }
    override public func backward(_ gys: [Variable]) -> [Variable] {
        [GetItemGrad(indices, inputShape: inputs[0].shape)(gys[0])]
    }
}

/// The gradient of `GetItem`: scatters `gy` into zeros of the input's shape, adding where an
/// index repeats (NumPy's `np.add.at`).
public final class GetItemGrad: Function {
    /// The index of the forward `GetItem`.
    public let indices: [any NDIndex]
    /// The shape of the forward input.
    public let inputShape: [Int]
    /// The gradient function of `x[indices]` for an input of `inputShape`.
    public init(_ indices: [any NDIndex], inputShape: [Int]) {
        self.indices = indices
        self.inputShape = inputShape
    }
    override public func forward(_ xs: [NDArray]) -> [NDArray] {
        var gx = NDArray.zeros(inputShape, dtype: xs[0].dtype)
        gx.addAt(indices, xs[0])
        return [gx]
    }
    override public func backward(_ gys: [Variable]) -> [Variable] { [getItem(gys[0], indices)] }
}

/// `x[indices]` as a differentiable function.
public func getItem(_ x: Variable, _ indices: [any NDIndex]) -> Variable { GetItem(indices)(x) }

/// The rows of `W` selected by the integer ids `x`: an embedding lookup (DeZero's `embed_id`).
public func embedID(_ x: NDArray, _ W: Variable) -> Variable { getItem(W, [x]) }

extension Variable {
    /// `x[i, j, ...]` with NumPy's indexing rules (function `GetItem`).
    public subscript(_ indices: any NDIndex...) -> Variable { getItem(self, indices) }
}

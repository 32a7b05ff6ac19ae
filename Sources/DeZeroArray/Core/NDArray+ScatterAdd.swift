extension NDArray {
    /// Adds `values` into the elements `indices` selects, in place: NumPy's
    /// `np.add.at(a, indices, values)`.
    ///
    /// Unlike `x[i] += v`, the addition is unbuffered, so an element selected several times
    /// receives every contribution: `a.addAt([[0, 0, 1]], NDArray([1.0, 2, 3]))` adds 3 to `a[0]`
    /// and 3 to `a[1]`. `indices` takes every item the subscript takes (see ``NDIndex``); `values`
    /// broadcasts to the selected shape. This is the backward pass of indexing (DeZero's
    /// `GetItemGrad`).
    ///
    /// The sum is computed as NumPy's `add` would and stored in this array's dtype: a `float32`
    /// array receiving `float64` values adds in `float64` and rounds; integer arrays take integer
    /// or `bool` values only, `bool` arrays `bool` values only (where `add` is logical or).
    /// Storage shared with other arrays is copied first (copy-on-write).
    public mutating func addAt(_ indices: [any NDIndex], _ values: NDArray) {
        if Tracing.intercepts {
            let (items, arrays) = IndexTemplate.split(indices)
            if let result = Tracing.intercept(.addAt(items), [self, values] + arrays) {
                self = result
                return
            }
        }
        let function = "addAt"
        makeUniqueForIndexedWrite()
        let plan = indexPlan(indices, in: function)
        func prepared(_ dtype: DType) -> NDArray {
            values.indexedValue(fitting: plan.shape, dtype: dtype, in: function)
        }
        switch dtype {
        case .float64:
            scatter(prepared(.float64), plan, Double.self, +)
        case .float32:
            if values.dtype == .float64 && values.ndim > 0 {
                // NumPy picks the float64 loop for a float64 array operand, then casts back.
                scatter(prepared(.float64), plan, Float.self) { x, v in Float(Double(x) + v) }
            } else {
                scatter(prepared(.float32), plan, Float.self, +)
            }
        case .int64:
            require(
                values.dtype == .int64 || values.dtype == .bool,
                "\(function): cannot cast ufunc 'add' output from dtype('\(values.dtype)') to dtype('int64') with casting rule 'same_kind'")
            scatter(prepared(.int64), plan, Int64.self, &+)
        case .bool:
            require(
                values.dtype == .bool,
                "\(function): cannot cast ufunc 'add' output from dtype('\(DType.promote(.bool, values.dtype))') to dtype('bool') with casting rule 'same_kind'")
            scatter(prepared(.bool), plan, Bool.self) { $0 || $1 }
        }
    }
}

/// NumPy's `np.add.at(array, indices, values)`: adds `values` into the elements of `array` that
/// `indices` selects, accumulating over repeated indices. The same as
/// ``NDArray/addAt(_:_:)``.
public func addAt(_ array: inout NDArray, _ indices: [any NDIndex], _ values: NDArray) {
    array.addAt(indices, values)
}

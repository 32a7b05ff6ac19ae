extension NDArray {
    /// The elements converted to `dtype`, as NumPy's `astype`: a new contiguous array, or `self`
    /// when the dtype already matches and `forceCopy` is false.
    public func astype(_ dtype: DType, forceCopy: Bool = false) -> NDArray {
        if dtype == self.dtype && !forceCopy { return self }
        if Tracing.intercepts, let result = Tracing.intercept(.cast(dtype), [self]) { return result }
        var out = NDArray(uninitializedLike: self, dtype: dtype)
        switch (self.dtype, dtype) {
        case (.float32, .float32): map(Float.self, into: &out, Float.self) { $0 }
        case (.float64, .float64): map(Double.self, into: &out, Double.self) { $0 }
        case (.int64, .int64): map(Int64.self, into: &out, Int64.self) { $0 }
        case (.bool, .bool): map(Bool.self, into: &out, Bool.self) { $0 }
        case (.float32, .float64): map(Float.self, into: &out, Double.self) { Double($0) }
        case (.float64, .float32): map(Double.self, into: &out, Float.self) { Float($0) }
        case (.int64, .float32): map(Int64.self, into: &out, Float.self) { Float($0) }
        case (.int64, .float64): map(Int64.self, into: &out, Double.self) { Double($0) }
        case (.bool, .float32): map(Bool.self, into: &out, Float.self) { $0 ? 1 : 0 }
        case (.bool, .float64): map(Bool.self, into: &out, Double.self) { $0 ? 1 : 0 }
        case (.bool, .int64): map(Bool.self, into: &out, Int64.self) { $0 ? 1 : 0 }
        case (.float32, .int64): map(Float.self, into: &out, Int64.self) { Int64(ndDouble: Double($0)) }
        case (.float64, .int64): map(Double.self, into: &out, Int64.self) { Int64(ndDouble: $0) }
        case (.int64, .bool): map(Int64.self, into: &out, Bool.self) { $0 != 0 }
        case (.float32, .bool): map(Float.self, into: &out, Bool.self) { $0 != 0 }
        case (.float64, .bool): map(Double.self, into: &out, Bool.self) { $0 != 0 }
        }
        return out
    }

    /// Writes `f(element)` for every element of `self`, in C order, into the contiguous `out`.
    @inlinable
    func map<S, D>(_: S.Type, into out: inout NDArray, _: D.Type, _ f: (S) -> D) {
        let src = base(S.self)
        let dst = out.base(D.self)
        withExtendedLifetime(self) {
            if isContiguous {
                for i in 0..<size { dst[i] = f(src[i]) }
                return
            }
            var position = 0
            StridedLoop.runs(shape: shape, strides: strides) { start, count, step in
                let o = dst + position, x = src + start
                if step == 1 {
                    for i in 0..<count { o[i] = f(x[i]) }
                } else {
                    for i in 0..<count { o[i] = f(x[i * step]) }
                }
                position += count
            }
        }
    }
}

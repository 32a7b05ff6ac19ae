/// Sampling from a population, as NumPy's legacy `RandomState.choice`: with replacement and
/// no `p` it is `randint(0, n)`; with `p` it inverts the cumulative distribution with
/// `random_sample` and a right-sided binary search; without replacement and no `p` it keeps
/// the first elements of `permutation(n)`; without replacement and with `p` it draws in
/// rounds, zeroing the probabilities of what it already picked.
extension RandomState {
    /// Indices drawn from `0..<n`, as an int64 array of shape `size` (`choice(n, size, replace, p)`).
    /// An empty `size` gives a 0-d array holding one draw, as NumPy's `size=None`.
    public func choice(
        _ n: Int, size: [Int] = [], replace: Bool = true, p: [Double]? = nil
    ) -> NDArray {
        let indices = choiceIndices(population: n, size: size, replace: replace, p: p)
        return NDArray(indices.map { Int64($0) }, shape: size)
    }

    /// `size` indices drawn from `0..<n`, as a 1-D int64 array (`choice(n, size, replace, p)`).
    public func choice(_ n: Int, size: Int, replace: Bool = true, p: [Double]? = nil) -> NDArray {
        choice(n, size: [size], replace: replace, p: p)
    }

    /// Elements drawn from the 1-D `array`, in an array of shape `size` with `array`'s dtype
    /// (`choice(a, size, replace, p)`); `p[i]` is the probability of `array[i]`.
    public func choice(
        _ array: NDArray, size: [Int] = [], replace: Bool = true, p: [Double]? = nil
    ) -> NDArray {
        require(
            array.ndim == 1,
            "RandomState.choice: the population has shape \(array.shape) but must be 1-D; pass a 1-D array or an Int")
        let indices = choiceIndices(population: array.shape[0], size: size, replace: replace, p: p)
        return RandomState.takeRows(array, indices, leadingShape: size)
    }

    /// `size` elements drawn from the 1-D `array`, as a 1-D array (`choice(a, size, replace, p)`).
    public func choice(
        _ array: NDArray, size: Int, replace: Bool = true, p: [Double]? = nil
    ) -> NDArray {
        choice(array, size: [size], replace: replace, p: p)
    }

    /// The flat indices `choice` picks from a population of `population` elements.
    func choiceIndices(population: Int, size shape: [Int], replace: Bool, p: [Double]?) -> [Int] {
        RandomState.checkShape(shape, in: "RandomState.choice")
        let count = shape.reduce(1, *)
        require(
            population > 0 || (population == 0 && count == 0),
            "RandomState.choice: population size \(population) must be > 0 unless no samples are taken (size \(shape))")
        if let p {
            require(
                p.count == population,
                "RandomState.choice: p has \(p.count) probabilities for a population of \(population); pass one per element")
            let total = RandomState.kahanSum(p)
            require(!total.isNaN, "RandomState.choice: the probabilities p contain NaN")
            require(
                p.allSatisfy { !($0 < 0) },
                "RandomState.choice: p contains negative probabilities \(p.filter { $0 < 0 }); pass non-negative values")
            let tolerance = Double.ulpOfOne.squareRoot()
            require(
                abs(total - 1) <= tolerance,
                "RandomState.choice: the probabilities p sum to \(total), not 1; divide p by its sum")
        }
        if replace {
            if let p {
                let cdf = RandomState.normalizedCumulativeSum(p)
                let uniforms = randomSample(shape: [count]).scalars(as: Double.self)
                return uniforms.map { RandomState.searchSortedRight(cdf, $0) }
            }
            if count == 0 { return [] }
            return randint(low: 0, high: population, shape: [count]).scalars(as: Int64.self).map { Int($0) }
        }
        require(
            count <= population,
            "RandomState.choice: cannot take \(count) samples from a population of \(population) without replacement; pass replace: true or a smaller size")
        guard var p else {
            return Array(permutationIndices(population).prefix(count))
        }
        let nonZero = p.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        require(
            nonZero >= count,
            "RandomState.choice: only \(nonZero) entries of p are non-zero, fewer than the \(count) samples asked without replacement; pass replace: true or a smaller size")
        var found: [Int] = []
        found.reserveCapacity(count)
        while found.count < count {
            let x = rand(count - found.count).scalars(as: Double.self)
            for index in found { p[index] = 0 }
            let cdf = RandomState.normalizedCumulativeSum(p)
            var seen = Set<Int>()
            for u in x {
                let index = RandomState.searchSortedRight(cdf, u)
                if seen.insert(index).inserted { found.append(index) }
            }
        }
        return found
    }

    /// NumPy's `kahan_sum`, which `choice` uses to check that `p` sums to 1.
    static func kahanSum(_ values: [Double]) -> Double {
        guard var sum = values.first else { return 0 }
        var compensation = 0.0
        for value in values.dropFirst() {
            let y = value - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
        }
        return sum
    }

    /// `cumsum(p) / cumsum(p)[-1]`, summed left to right as NumPy's `cumsum`.
    static func normalizedCumulativeSum(_ p: [Double]) -> [Double] {
        var cdf = [Double](repeating: 0, count: p.count)
        var running = 0.0
        for (i, value) in p.enumerated() {
            running += value
            cdf[i] = running
        }
        if let last = cdf.last {
            for i in cdf.indices { cdf[i] /= last }
        }
        return cdf
    }

    /// The number of elements of the sorted `cdf` that are `<= value`
    /// (`searchsorted(value, side="right")`).
    static func searchSortedRight(_ cdf: [Double], _ value: Double) -> Int {
        var low = 0
        var high = cdf.count
        while low < high {
            let middle = (low + high) / 2
            if cdf[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

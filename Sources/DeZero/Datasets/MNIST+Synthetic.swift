extension MNIST {
    /// A generated stand-in for MNIST, for running MNIST programs without the files: the same
    /// shapes and dtypes (`(count, 1, 28, 28)` `float32` pixels in 0...255, `int64` digits), and
    /// the same default transform.
    ///
    /// Each digit class is a fixed pattern of three thick strokes; each image is its class's
    /// pattern shifted by up to two pixels, dimmed at random and speckled with noise, so a model
    /// can learn it but not trivially. Everything comes from a private generator seeded with
    /// `seed` (the training and test splits differ): the same arguments always give the same
    /// images, and the global `Random` generator is not touched.
    ///
    /// - Parameters:
    ///   - train: the training split (true) or the test split.
    ///   - count: the number of images, by default MNIST's (60,000 or 10,000).
    ///   - seed: the seed of the private generator.
    ///   - transform: applied to each image when it is read, as in ``MNIST``.
    ///   - targetTransform: applied to each label when it is read.
    public static func synthetic(
        train: Bool = true, count: Int? = nil, seed: Int = 0, transform: (any Transform)? = MNIST.defaultTransform,
        targetTransform: (any Transform)? = nil
    ) -> MNIST {
        let n = count ?? (train ? 60_000 : 10_000)
        require(n >= 0, "MNIST.synthetic: count \(n) must not be negative")
        require(seed >= 0 && seed < 1 << 31, "MNIST.synthetic: seed \(seed) must be in 0..<2^31")
        let side = 28
        let patterns = syntheticPatterns(side: side)
        let rng = RandomState(seed: seed * 2 + (train ? 0 : 1))
        let digits = rng.randint(low: 0, high: 10, shape: [n]).scalars(as: Int64.self)
        let shifts = rng.randint(low: -2, high: 3, shape: [n, 2]).scalars(as: Int64.self)
        let brightness = rng.uniform(low: 0.6, high: 1, shape: [n]).scalars(as: Double.self)
        var pixels = [Float](repeating: 0, count: n * side * side)
        for k in 0..<n {
            let pattern = patterns[Int(digits[k])]
            let dy = Int(shifts[2 * k]), dx = Int(shifts[2 * k + 1])
            let noise = rng.rand(shape: [side * side]).scalars(as: Double.self)
            for y in 0..<side {
                for x in 0..<side {
                    let sy = y - dy, sx = x - dx
                    let ink = sy >= 0 && sy < side && sx >= 0 && sx < side ? pattern[sy * side + sx] : 0
                    let u = noise[y * side + x]
                    let speckle = u > 0.97 ? (u - 0.97) / 0.03 * 120 : 0
                    let value = ink * brightness[k] * 255 + speckle
                    pixels[k * side * side + y * side + x] = Float(min(255, max(0, value)).rounded(.down))
                }
            }
        }
        return MNIST(
            train: train, data: NDArray(pixels, shape: [n, 1, side, side]), label: NDArray(digits, shape: [n]),
            transform: transform, targetTransform: targetTransform)
    }

    /// Ten fixed stroke patterns with ink in 0...1, one per digit.
    private static func syntheticPatterns(side: Int) -> [[Double]] {
        let rng = RandomState(seed: 20_200_428)
        return (0..<10).map { _ in
            var ink = [Double](repeating: 0, count: side * side)
            let ends = rng.uniform(low: 6, high: 22, shape: [3, 4]).scalars(as: Double.self)
            for s in 0..<3 {
                let (x0, y0, x1, y1) = (ends[4 * s], ends[4 * s + 1], ends[4 * s + 2], ends[4 * s + 3])
                let steps = 64
                for i in 0...steps {
                    let f = Double(i) / Double(steps)
                    let cx = x0 + (x1 - x0) * f, cy = y0 + (y1 - y0) * f
                    for y in max(0, Int(cy) - 2)...min(side - 1, Int(cy) + 2) {
                        for x in max(0, Int(cx) - 2)...min(side - 1, Int(cx) + 2) {
                            let d2 = (Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)
                            let value = max(0, 1 - d2 / 3.0)
                            ink[y * side + x] = max(ink[y * side + x], value)
                        }
                    }
                }
            }
            return ink
        }
    }
}

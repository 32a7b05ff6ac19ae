/// A finite floating-point value written as decimal digits, the raw material of NumPy-style
/// printing: the value is `±d₀.d₁d₂… × 10^exponent`.
///
/// `digits` never has trailing zeros, except that zero itself is the single digit `0` with
/// exponent 0. The sign is kept separately so that negative zero prints as `-0.`.
struct DecimalDigits: Equatable {
    /// Whether the value has its sign bit set (true for `-0.0` as well).
    var isNegative: Bool
    /// The significant digits, most significant first, each in `0...9`.
    var digits: [UInt8]
    /// The power of ten of the first digit.
    var exponent: Int

    /// Whether the value is zero.
    var isZero: Bool { digits == [0] }

    /// The shortest digits that round-trip, parsed from Swift's `description` of a finite
    /// `Float` or `Double` (`"1.0"`, `"0.001"`, `"1e-05"`, `"-1.2345e+20"`, `"-0.0"`).
    init(shortestDescription text: String) {
        var bytes = Array(text.utf8)[...]
        isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative { bytes = bytes.dropFirst() }
        var exponentPart = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponentPart = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self))!
            bytes = bytes[..<e]
        }
        var all: [UInt8] = []
        var integerDigits = 0
        var seenPoint = false
        for c in bytes {
            if c == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                all.append(c - UInt8(ascii: "0"))
                if !seenPoint { integerDigits += 1 }
            }
        }
        guard let first = all.firstIndex(where: { $0 != 0 }) else {
            digits = [0]
            exponent = 0
            return
        }
        let last = all.lastIndex(where: { $0 != 0 })!
        digits = Array(all[first...last])
        exponent = integerDigits - 1 - first + exponentPart
    }

    /// Builds from parts, normalizing trailing zeros and zero itself.
    init(isNegative: Bool, digits: [UInt8], exponent: Int) {
        self.isNegative = isNegative
        if let last = digits.lastIndex(where: { $0 != 0 }) {
            self.digits = Array(digits[...last])
            self.exponent = exponent
        } else {
            self.digits = [0]
            self.exponent = 0
        }
    }

    /// The number of digits after the decimal point when written positionally.
    var fractionDigitCount: Int { isZero ? 0 : max(0, digits.count - 1 - exponent) }

    /// The digits before the decimal point when written positionally (`"0"` below one).
    var positionalIntegerPart: String {
        if exponent < 0 || isZero { return "0" }
        var s = ""
        for i in 0...exponent { s.append(Character(Unicode.Scalar(48 + (i < digits.count ? digits[i] : 0)))) }
        return s
    }

    /// The digits after the decimal point when written positionally, without trailing zeros.
    var positionalFractionPart: String {
        if isZero || digits.count - 1 <= exponent { return "" }
        var s = ""
        if exponent < -1 { s += String(repeating: "0", count: -exponent - 1) }
        for d in digits[max(0, exponent + 1)...] { s.append(Character(Unicode.Scalar(48 + d))) }
        return s
    }

    /// The digits after the first one, as printed after the point in scientific notation.
    var scientificFractionPart: String {
        var s = ""
        for d in digits.dropFirst() { s.append(Character(Unicode.Scalar(48 + d))) }
        return s
    }

    /// `value` rounded half-to-even, on its exact binary value, to `fractionDigits` digits after
    /// the decimal point (NumPy's Dragon4 cutoff in positional mode).
    ///
    /// `approximateExponent` is a guess of `floor(log10(|value|))`, off by at most one.
    static func exact(
        _ value: Double, fractionDigits: Int, approximateExponent: Int
    ) -> DecimalDigits {
        exact(value, approximateExponent: approximateExponent) { k in k + 1 + fractionDigits }
    }

    /// `value` rounded half-to-even, on its exact binary value, to `fractionDigits` digits after
    /// the first significant one (NumPy's Dragon4 cutoff in scientific mode).
    static func exact(
        _ value: Double, significantFractionDigits fractionDigits: Int, approximateExponent: Int
    ) -> DecimalDigits {
        exact(value, approximateExponent: approximateExponent) { _ in fractionDigits + 1 }
    }

    /// The exact decimal expansion of a nonzero finite `value`, rounded half-to-even after
    /// `digitCount(k)` significant digits, where `k` is the exponent of the first digit.
    private static func exact(
        _ value: Double, approximateExponent: Int, digitCount: (Int) -> Int
    ) -> DecimalDigits {
        let negative = value.sign == .minus
        guard value.isFinite, value != 0 else {
            return DecimalDigits(isNegative: negative, digits: [0], exponent: 0)
        }
        // |value| = mantissa × 2^binaryExponent, exactly.
        let bits = value.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        let fraction = bits & ((1 << 52) - 1)
        let mantissa = biased == 0 ? fraction : fraction | (1 << 52)
        let binaryExponent = (biased == 0 ? 1 : biased) - 1075

        // |value| = numerator / denominator, then scaled so that 1 <= numerator/denominator < 10.
        var numerator = BigUInt(mantissa)
        var denominator = BigUInt(1)
        if binaryExponent >= 0 {
            numerator.shiftLeft(binaryExponent)
        } else {
            denominator.shiftLeft(-binaryExponent)
        }
        var k = approximateExponent
        if k >= 0 {
            denominator.multiplyByPowerOfTen(k)
        } else {
            numerator.multiplyByPowerOfTen(-k)
        }
        while numerator < denominator {
            numerator.multiply(by: 10)
            k -= 1
        }
        var tenDenominator = denominator
        tenDenominator.multiply(by: 10)
        while !(numerator < tenDenominator) {
            denominator = tenDenominator
            tenDenominator.multiply(by: 10)
            k += 1
        }

        let count = digitCount(k)
        if count < 0 {
            return DecimalDigits(isNegative: negative, digits: [0], exponent: 0)
        }
        if count == 0 {
            // The rounding unit is 10^(k+1): round up when value > half of it.
            var half = denominator
            half.multiply(by: 5)
            return half < numerator
                ? DecimalDigits(isNegative: negative, digits: [1], exponent: k + 1)
                : DecimalDigits(isNegative: negative, digits: [0], exponent: 0)
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(count)
        for i in 0..<count {
            var d: UInt8 = 0
            while !(numerator < denominator) {
                numerator.subtract(denominator)
                d += 1
            }
            digits.append(d)
            if i < count - 1 { numerator.multiply(by: 10) }
        }
        // Round on the remainder: compare 2 × remainder with the denominator.
        numerator.multiply(by: 2)
        let roundUp: Bool
        if denominator < numerator {
            roundUp = true
        } else if numerator < denominator {
            roundUp = false
        } else {
            roundUp = digits[count - 1] % 2 == 1
        }
        if roundUp {
            var i = count - 1
            while i >= 0 && digits[i] == 9 {
                digits[i] = 0
                i -= 1
            }
            if i >= 0 {
                digits[i] += 1
            } else {
                digits = [1]
                k += 1
            }
        }
        return DecimalDigits(isNegative: negative, digits: digits, exponent: k)
    }
}

/// A minimal unsigned big integer (little-endian 32-bit limbs), just enough for exact decimal
/// expansion of binary floating-point values.
struct BigUInt {
    /// The limbs, least significant first, without high zero limbs.
    private(set) var limbs: [UInt32]

    /// The value `value`.
    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        normalize()
    }

    /// Drops high zero limbs.
    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// `self *= factor`.
    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
        normalize()
    }

    /// `self *= 10^power`.
    mutating func multiplyByPowerOfTen(_ power: Int) {
        var remaining = power
        while remaining >= 9 {
            multiply(by: 1_000_000_000)
            remaining -= 9
        }
        var factor: UInt32 = 1
        for _ in 0..<remaining { factor *= 10 }
        if factor != 1 { multiply(by: factor) }
    }

    /// `self <<= bits`.
    mutating func shiftLeft(_ bits: Int) {
        guard !limbs.isEmpty, bits > 0 else { return }
        let whole = bits / 32
        let part = bits % 32
        if part != 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let limb = limbs[i]
                limbs[i] = (limb << UInt32(part)) | carry
                carry = limb >> UInt32(32 - part)
            }
            if carry != 0 { limbs.append(carry) }
        }
        if whole > 0 { limbs.insert(contentsOf: repeatElement(0, count: whole), at: 0) }
    }

    /// `self -= other`; requires `other <= self`.
    mutating func subtract(_ other: BigUInt) {
        var borrow: Int64 = 0
        for i in limbs.indices {
            var difference = Int64(limbs[i]) - borrow - (i < other.limbs.count ? Int64(other.limbs[i]) : 0)
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            } else {
                borrow = 0
            }
            limbs[i] = UInt32(difference)
        }
        require(borrow == 0, "BigUInt.subtract: negative result")
        normalize()
    }

    /// Whether `a < b`.
    static func < (a: BigUInt, b: BigUInt) -> Bool {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
        for i in stride(from: a.limbs.count - 1, through: 0, by: -1) where a.limbs[i] != b.limbs[i] {
            return a.limbs[i] < b.limbs[i]
        }
        return false
    }
}

/// The header of an `.npy` file: magic `\x93NUMPY`, a format version, the header length, and the
/// `repr` of a dict giving the element type, the memory order and the shape, padded with spaces
/// and a newline so that the array data starts at a multiple of 64 bytes.
///
/// Versions 1.0 (2-byte header length), 2.0 (4-byte length) and 3.0 (4-byte length, UTF-8
/// header) are read. Writing produces what `np.save` produces: version 1.0, or 2.0 when the
/// header does not fit in 65535 bytes.
struct NPYHeader: Equatable {
    /// The stored element type.
    var format: NPYElementFormat
    /// Whether the data is stored in Fortran (column-major) order.
    var fortranOrder: Bool
    /// The array's shape.
    var shape: [Int]

    /// The six bytes every `.npy` file starts with.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// The data starts at a multiple of this many bytes.
    static let alignment = 64
    /// `np.save` leaves room for the growing axis to reach this many digits.
    static let growthAxisMaxDigits = 21

    // MARK: - Reading

    /// Reads the header at the reader's position, leaving the reader at the first data byte.
    static func read(from reader: inout ByteReader) throws(NDArrayIOError) -> NPYHeader {
        let path = reader.path
        if reader.remaining < magic.count {
            let present = Array(reader.bytes[reader.position...])
            if magic.starts(with: present) {
                throw .truncated(path: path, detail: "\(present.count) bytes, too short for an .npy header")
            }
        }
        guard reader.peek(matches: magic) else {
            throw .corrupt(path: path, detail: "not an .npy file (the magic string \\x93NUMPY is missing)")
        }
        try reader.skip(magic.count, "magic")
        let major = try reader.read(UInt8.self, "format version")
        let minor = try reader.read(UInt8.self, "format version")
        let headerLength: Int
        switch (major, minor) {
        case (1, 0): headerLength = Int(try reader.read(UInt16.self, "header length"))
        case (2, 0), (3, 0): headerLength = Int(try reader.read(UInt32.self, "header length"))
        default: throw .corrupt(path: path, detail: "unsupported .npy format version \(major).\(minor)")
        }
        let text = try reader.read(headerLength, "header")
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(text, utf8: major >= 3)
        } catch {
            throw .corrupt(path: path, detail: "malformed header: \(error.message)")
        }
        return try interpret(literal, path: path)
    }

    /// Checks the header dict and extracts its three keys.
    static func interpret(_ literal: PythonLiteral, path: String) throws(NDArrayIOError) -> NPYHeader {
        guard case .dict = literal else {
            throw .corrupt(path: path, detail: "header is not a dictionary: \(literal)")
        }
        let keys = ["descr", "fortran_order", "shape"]
        guard let descr = literal["descr"], let fortran = literal["fortran_order"], let shapeValue = literal["shape"]
        else {
            let missing = keys.filter { literal[$0] == nil }.map { "'\($0)'" }
            throw .corrupt(
                path: path,
                detail: "header lacks \(missing.joined(separator: " and ")) (an .npy header holds 'descr', 'fortran_order' and 'shape'): \(literal)")
        }
        guard case .bool(let fortranOrder) = fortran else {
            throw .corrupt(path: path, detail: "'fortran_order' is not a bool: \(fortran)")
        }
        guard case .tuple(let dims) = shapeValue else {
            throw .corrupt(path: path, detail: "'shape' is not a tuple: \(shapeValue)")
        }
        var shape: [Int] = []
        for dim in dims {
            guard case .int(let n) = dim, n >= 0 else {
                throw .corrupt(path: path, detail: "'shape' is not a tuple of non-negative integers: \(shapeValue)")
            }
            shape.append(n)
        }
        guard case .string(let descrString) = descr else {
            // Structured dtypes are lists of fields.
            throw .unsupportedDType(path: path, descr: descr.description)
        }
        return NPYHeader(
            format: try NPYElementFormat(descr: descrString, path: path), fortranOrder: fortranOrder, shape: shape)
    }

    /// The number of elements and of data bytes. Throws a corrupt error when the shape's size
    /// overflows `Int`, even through a zero-length axis (strides must stay computable).
    func dataSize(path: String) throws(NDArrayIOError) -> (count: Int, bytes: Int) {
        var count = 1
        var nonZeroProduct = 1
        for dim in shape {
            let (product, overflow) = nonZeroProduct.multipliedReportingOverflow(by: max(dim, 1))
            guard !overflow else { throw .corrupt(path: path, detail: "shape \(shape) is too large") }
            nonZeroProduct = product
            count = dim == 0 ? 0 : count * dim
        }
        // Also bound the bytes of the dtype we convert to (int64 is 8 bytes per element).
        let (bytes, overflow1) = count.multipliedReportingOverflow(by: format.size)
        let (_, overflow2) = nonZeroProduct.multipliedReportingOverflow(by: max(format.size, format.dtype.itemSize))
        guard !overflow1 && !overflow2 else { throw .corrupt(path: path, detail: "shape \(shape) is too large") }
        return (count, bytes)
    }

    // MARK: - Writing

    /// The bytes `np.save` writes before the data of a C-ordered array of this dtype and shape.
    static func encode(dtype: DType, shape: [Int]) -> [UInt8] {
        let shapeText: String =
            switch shape.count {
            case 0: "()"
            case 1: "(\(shape[0]),)"
            default: "(" + shape.map(String.init).joined(separator: ", ") + ")"
            }
        var dict = "{'descr': '\(dtype.numpyDescr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Spare room so that the first axis can later grow in place (NumPy ≥ 1.23 does this).
        if let first = shape.first {
            dict += String(repeating: " ", count: max(growthAxisMaxDigits - String(first).count, 0))
        }
        let text = Array(dict.utf8)
        // Version 1.0 when the padded header length fits in two bytes, else 2.0.
        for (major, lengthSize) in [(UInt8(1), 2), (UInt8(2), 4)] {
            let unpadded = magic.count + 2 + lengthSize + text.count + 1  // + 1 for the newline
            let padding = alignment - unpadded % alignment
            let headerLength = text.count + padding + 1
            if lengthSize == 2 && headerLength > Int(UInt16.max) { continue }
            var out = magic
            out.reserveCapacity(unpadded + padding)
            out.append(major)
            out.append(0)
            if lengthSize == 2 {
                out.appendLittleEndian(UInt16(headerLength))
            } else {
                out.appendLittleEndian(UInt32(headerLength))
            }
            out += text
            out += repeatElement(UInt8(ascii: " "), count: padding)
            out.append(UInt8(ascii: "\n"))
            return out
        }
        misuse("unreachable: version 2.0 always fits")
    }
}

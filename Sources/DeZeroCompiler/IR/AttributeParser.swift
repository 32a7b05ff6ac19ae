import DeZeroArray

/// Reads an instruction's attribute block, `{axes=[0,1], keepdims=true, index=[:, 1:3, array]}`,
/// into the values ``ArrayOp/init(mnemonic:attributes:)`` takes.
enum AttributeParser {
    /// Reads the block at the cursor (which is at `{`) into `attributes`, and each name's column
    /// into `columns`.
    static func read(
        _ c: inout TokenCursor, into attributes: inout [String: Attribute], columns: inout [String: Int]
    ) throws(IRError) {
        let open = c.column
        try c.expect("{", "to open the attributes")
        while !c.skip("}") {
            if c.atEnd { throw c.error("unterminated '{': no '}' before the end of the line", at: open) }
            if !attributes.isEmpty { try c.expect(",", "between attributes") }
            let column = c.column
            let name = try c.word("an attribute name")
            guard attributes[name] == nil else {
                throw c.error(.attribute, "the attribute '\(name)' is given twice", at: column)
            }
            try c.expect("=", "after the attribute name '\(name)'")
            attributes[name] = try value(&c)
            columns[name] = column
        }
    }

    /// One attribute value: a number, `true`, `false`, `none`, a dtype or a bracketed list.
    static func value(_ c: inout TokenCursor) throws(IRError) -> Attribute {
        guard let t = c.peek else { throw c.error("expected an attribute value, got the end of the line") }
        switch t.kind {
        case .number(let text):
            _ = c.next()
            if let i = Int(text) { return .int(i) }
            guard let d = NumberText.float(text, as: Double.self) else {
                throw c.error(.attribute, "'\(text)' is not a number", at: t.column)
            }
            return .double(d)
        case .word("true"): _ = c.next(); return .bool(true)
        case .word("false"): _ = c.next(); return .bool(false)
        case .word("none"): _ = c.next(); return .none
        case .word(let w):
            guard let dtype = DType(irName: w) else {
                throw c.error(.attribute, "unknown attribute value '\(w)'; expected a number, true, false, none, a dtype or a list", at: t.column)
            }
            _ = c.next()
            return .dtype(dtype)
        case .punctuation("["):
            return try list(&c)
        default:
            throw c.error("expected an attribute value, got \(c.found)")
        }
    }

    /// One item of a bracketed list.
    private enum Item {
        case integer(Int)
        case pair(ArrayOp.Pair)
        case index(IndexTemplate)
    }

    /// `[1,2]` (integers), `[[1,1],[0,0]]` (pairs) or `[0, 1:3, ::2, ..., newaxis, array]` (an index).
    static func list(_ c: inout TokenCursor) throws(IRError) -> Attribute {
        let open = c.column
        try c.expect("[", "to open a list")
        var items: [Item] = []
        while !c.skip("]") {
            if c.atEnd { throw c.error("unterminated '[': no ']' before the end of the line", at: open) }
            if !items.isEmpty { try c.expect(",", "between list items") }
            items.append(try item(&c))
        }
        var ints: [Int] = [], pairs: [ArrayOp.Pair] = [], index: [IndexTemplate] = []
        for item in items {
            switch item {
            case .integer(let i):
                ints.append(i)
                index.append(.integer(i))
            case .pair(let p): pairs.append(p)
            case .index(let x): index.append(x)
            }
        }
        if pairs.isEmpty { return ints.count == items.count ? .ints(ints) : .index(index) }
        guard pairs.count == items.count else {
            throw c.error(.attribute, "a list of pairs like [[1,1],[0,0]] cannot mix pairs with other items", at: open)
        }
        return .pairs(pairs)
    }

    /// An integer, a pair `[a,b]`, a slice `1:3:2`, `...`, `newaxis` or `array`.
    private static func item(_ c: inout TokenCursor) throws(IRError) -> Item {
        let column = c.column
        if c.skip("...") { return .index(.ellipsis) }
        if c.peek?.kind == .word("newaxis") { _ = c.next(); return .index(.newAxis) }
        if c.peek?.kind == .word("array") { _ = c.next(); return .index(.array) }
        if c.skip("[") {
            let first = try c.integer("in a pair")
            try c.expect(",", "between the two numbers of a pair")
            let second = try c.integer("in a pair")
            guard c.skip("]") else {
                throw c.error(.attribute, "a pair has two numbers, like [1,2]; expected ']', got \(c.found)")
            }
            return .pair(ArrayOp.Pair(first, second))
        }
        let start = try optionalInteger(&c)
        guard c.skip(":") else {
            guard let start else { throw c.error("expected a list item (a number, a slice, ..., newaxis or array), got \(c.found)", at: column) }
            return .integer(start)
        }
        let stop = try optionalInteger(&c)
        let step = c.skip(":") ? try optionalInteger(&c) : nil
        return .index(.slice(NDSlice(start: start, stop: stop, step: step)))
    }

    /// An integer when one comes next.
    private static func optionalInteger(_ c: inout TokenCursor) throws(IRError) -> Int? {
        guard case .number? = c.peek?.kind else { return nil }
        return try c.integer("in an index")
    }
}

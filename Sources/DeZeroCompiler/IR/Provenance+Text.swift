import DeZeroArray

extension Provenance {
    /// The provenance an IR comment shows (the inverse of ``description``): `layer l0: MatMul
    /// forward`, `SGD update`, `MatMul backward`, `layer l0`. A last word that is a phase
    /// (`forward`, `backward`, `update`, `layer`) is the phase; an empty comment is no provenance.
    public init(parsing text: String) {
        var rest = Substring(text.trimmingWhitespace())
        var layer: String?
        if rest.hasPrefix("layer ") {
            let afterLayer = rest.dropFirst("layer ".count)
            if let colon = afterLayer.indices.first(where: { afterLayer[$0...].hasPrefix(": ") }) {
                layer = String(afterLayer[..<colon])
                rest = afterLayer[afterLayer.index(colon, offsetBy: 2)...]
            } else {
                layer = String(afterLayer)
                rest = ""
            }
        }
        var function: String? = rest.isEmpty ? nil : String(rest)
        var phase: TraceScope.Kind?
        if let space = rest.lastIndex(of: " "), let kind = TraceScope.Kind(rawValue: String(rest[rest.index(after: space)...])) {
            phase = kind
            function = String(rest[..<space])
        }
        self.init(function: function, phase: phase, layer: layer)
    }
}

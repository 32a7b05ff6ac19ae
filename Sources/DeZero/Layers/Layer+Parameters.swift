import Synchronization

// Finding a layer's parameters and sub-layers without registration: the rule is documented on
// `Layer.namedParams()` below.

/// Which reflected property types hold children, and how.
private enum ChildKind: CaseIterable {
    case parameter, layer, parameters, layers, parameterDictionary, layerDictionary, none
}

/// The ``ChildKind`` of each dynamic type seen so far (types never change kind).
private let childKindCache = Mutex<[ObjectIdentifier: ChildKind]>([:])

extension Layer {
    /// A direct child found by reflection.
    enum Child {
        case parameter(Parameter)
        case layer(Layer)
    }

    /// The direct children and their keys, in the order of the rule on ``namedParams()``.
    func namedChildren() -> [(key: String, child: Child)] {
        if let childrenCache { return childrenCache }
        let children = reflectedChildren()
        if childrenAreFixed { childrenCache = children }
        return children
    }

    /// The direct children found by reflecting over the stored properties.
    private func reflectedChildren() -> [(key: String, child: Child)] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let current = mirror {
            mirrors.append(current)
            mirror = current.superclassMirror
        }
        var children: [(key: String, child: Child)] = []
        for mirror in mirrors.reversed() {
            for case (let label?, let value) in mirror.children {
                children += reflectChildren(property: propertyName(label), value: value)
            }
        }
        return children
    }

    /// The declared name of a stored property from its reflected label (a `lazy var x` is
    /// stored as `$__lazy_storage_$_x`).
    private func propertyName(_ label: String) -> String {
        let lazyPrefix = "$__lazy_storage_$_"
        return label.hasPrefix(lazyPrefix) ? String(label.dropFirst(lazyPrefix.count)) : label
    }

    private func reflectChildren(property: String, value: Any) -> [(key: String, child: Child)] {
        // Failed dynamic casts are slow, and optimizers ask for the parameters on every step:
        // remember, per dynamic type, which of the casts below (if any) applies to it.
        let type = ObjectIdentifier(Swift.type(of: value))
        if let kind = childKindCache.withLock({ $0[type] }) {
            return children(of: kind, property: property, value: value) ?? []
        }
        for kind in ChildKind.allCases {
            if let found = children(of: kind, property: property, value: value) {
                childKindCache.withLock { $0[type] = kind }
                return found
            }
        }
        // A nil optional says nothing about its wrapped type: decide on a non-nil value.
        if Mirror(reflecting: value).displayStyle != .optional {
            childKindCache.withLock { $0[type] = ChildKind.none }
        }
        return []
    }

    /// The children `value` holds if it is of `kind`, or nil when it is not.
    private func children(of kind: ChildKind, property: String, value: Any) -> [(key: String, child: Child)]? {
        switch kind {
        case .parameter:
            guard let parameter = value as? Parameter else { return nil }
            return [(childKey(property: property, index: nil), .parameter(parameter))]
        case .layer:
            guard let layer = value as? Layer else { return nil }
            return [(childKey(property: property, index: nil), .layer(layer))]
        case .parameters:
            guard let parameters = value as? [Parameter] else { return nil }
            return parameters.enumerated().map { (childKey(property: property, index: $0.offset), .parameter($0.element)) }
        case .layers:
            guard let layers = value as? [Layer] else { return nil }
            return layers.enumerated().map { (childKey(property: property, index: $0.offset), .layer($0.element)) }
        case .parameterDictionary:
            guard let parameters = value as? [String: Parameter] else { return nil }
            return parameters.keys.sorted().map { ("\(property)/\($0)", .parameter(parameters[$0]!)) }
        case .layerDictionary:
            guard let layers = value as? [String: Layer] else { return nil }
            return layers.keys.sorted().map { ("\(property)/\($0)", .layer(layers[$0]!)) }
        case .none:
            return nil
        }
    }

    /// Every parameter with its key, depth first (DeZero's `_flatten_params`, in a deterministic
    /// order).
    ///
    /// The rule: a layer's stored properties are read with `Mirror`, base class first, each class's
    /// properties in declaration order. A property is a child when its value is
    /// - a ``Parameter`` (key: the property's name),
    /// - a ``Layer`` (its own children follow under `"<name>/"`),
    /// - an optional of either (skipped while nil; a `lazy var` counts once it has been used),
    /// - an array of either (element `i` is keyed by ``Layer/childKey(property:index:)``,
    ///   `"<name>/<i>"` unless the layer renames it), or
    /// - a `[String: Parameter]` or `[String: Layer]` dictionary (`"<name>/<key>"`, keys sorted).
    ///
    /// Anything else (plain `Variable`s such as an RNN's hidden state, numbers, closures) is ignored.
    /// A parameter or layer reachable along two paths is listed once, at the first path. Keys join
    /// the path with "/" as DeZero's `_flatten_params` does: `"l0/W"`, `"enc/l0/b"`.
    public func namedParams() -> [(key: String, param: Parameter)] {
        var result: [(key: String, param: Parameter)] = []
        var seenLayers: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var seenParams = Set<ObjectIdentifier>()
        var keys: [String: String] = [:]
        func visit(_ layer: Layer, prefix: String) {
            for (key, child) in layer.namedChildren() {
                let path = prefix.isEmpty ? key : prefix + "/" + key
                switch child {
                case .parameter(let parameter):
                    guard seenParams.insert(ObjectIdentifier(parameter)).inserted else { continue }
                    if let owner = keys.updateValue(path, forKey: path) {
                        misuse(
                            "\(type(of: self)): two parameters have the key '\(owner)'; rename one property or override childKey(property:index:)")
                    }
                    result.append((path, parameter))
                case .layer(let sublayer):
                    guard seenLayers.insert(ObjectIdentifier(sublayer)).inserted else { continue }
                    visit(sublayer, prefix: path)
                }
            }
        }
        visit(self, prefix: "")
        return result
    }

    /// Every parameter of this layer and its sub-layers, each once, in the order of
    /// ``namedParams()`` (DeZero's `params()`). Optimizers and `cleargrads()` ask on every step,
    /// so when no layer of the tree can change its children the list is found once.
    public func params() -> [Parameter] {
        if let paramsCache { return paramsCache }
        var result: [Parameter] = []
        var seenLayers: Set<ObjectIdentifier> = [ObjectIdentifier(self)]
        var seenParams = Set<ObjectIdentifier>()
        var fixed = true
        func visit(_ layer: Layer) {
            fixed = fixed && layer.childrenAreFixed
            for (_, child) in layer.namedChildren() {
                switch child {
                case .parameter(let parameter):
                    if seenParams.insert(ObjectIdentifier(parameter)).inserted { result.append(parameter) }
                case .layer(let sublayer):
                    if seenLayers.insert(ObjectIdentifier(sublayer)).inserted { visit(sublayer) }
                }
            }
        }
        visit(self)
        if fixed { paramsCache = result }
        return result
    }

    /// The direct sub-layers with their keys, in the order of the rule on ``namedParams()``.
    public func sublayers() -> [(key: String, layer: Layer)] {
        namedChildren().compactMap { key, child in
            if case .layer(let layer) = child { return (key, layer) }
            return nil
        }
    }

    /// Clears the gradient of every parameter (DeZero's `cleargrads()`).
    public func cleargrads() {
        for param in params() { param.cleargrad() }
    }
}

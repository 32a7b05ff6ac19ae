import DeZero

/// Names of parameters (their weight-file keys with `.` for `/`), layers and state owners.
struct Names {
    private(set) var root: Layer?
    private var parameterNames: [ObjectIdentifier: String] = [:]
    private var layerPaths: [ObjectIdentifier: String] = [:]
    private var ownerNames: [ObjectIdentifier: String] = [:]
    private var used = Set<String>()

    /// Takes the parameter and layer names of `root`'s tree.
    mutating func setRoot(_ root: Layer) {
        self.root = root
        for (key, param) in root.namedParams() {
            let name = key.replacingOccurrences(of: "/", with: ".")
            parameterNames[ObjectIdentifier(param)] = name
            used.insert(name)  // a parameter outside the root's tree gets another name (`W#2`)
        }
        func visit(_ layer: Layer, _ prefix: String) {
            for (key, sub) in layer.sublayers() where layerPaths[ObjectIdentifier(sub)] == nil {
                let path = prefix.isEmpty ? key : prefix + "." + key
                layerPaths[ObjectIdentifier(sub)] = path.replacingOccurrences(of: "/", with: ".")
                visit(sub, path)
            }
        }
        visit(root, "")
    }

    /// The name of a parameter (its key in the root's tree) or of another variable that
    /// outlives a call (its own name).
    mutating func variable(_ variable: Variable) -> String {
        if let name = parameterNames[ObjectIdentifier(variable)] { return name }
        let name = unique(variable.name ?? (variable is Parameter ? "param" : "variable"))
        parameterNames[ObjectIdentifier(variable)] = name
        return name
    }

    /// The path of a layer in the root's tree (nil for the root or an unknown layer).
    func layerPath(_ layer: AnyObject) -> String? { layerPaths[ObjectIdentifier(layer)] }

    /// The name of an optimizer-state owner.
    mutating func optimizerState(_ owner: AnyObject) -> String {
        if let name = ownerNames[ObjectIdentifier(owner)] { return name }
        let name = unique("state")
        ownerNames[ObjectIdentifier(owner)] = name
        return name
    }

    /// `base`, or `base#2`, `base#3`... when taken.
    mutating func unique(_ base: String) -> String {
        var name = base, n = 1
        while !used.insert(name).inserted {
            n += 1
            name = "\(base)#\(n)"
        }
        return name
    }
}

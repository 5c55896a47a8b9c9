import Yams

/// Which file of an `extends` chain a problem is in. The merged tree keeps each node's line and column
/// from the file it came from, so a problem with a key the extending file does not set is named in the
/// base that sets it (e.g. a base's `horizon_months: 83` under the extending file's `step: quarter`),
/// not at a line of the extending file that may not exist.
extension ScenarioLoader {
    /// One file of an `extends` chain and its own tree, before merging.
    struct Layer {
        let file: String
        let tree: Node
    }

    /// The file the merged value at `keyPath` comes from: the first layer (the extending file first)
    /// that sets it, or sets a part of its path to something other than a mapping (a list or a value
    /// replaces the base's whole). Nil when no layer does (a default, or a path that cannot be followed).
    static func origin(of keyPath: String, in layers: [Layer]) -> String? {
        let prefixes = keyPathPrefixes(keyPath)
        for layer in layers {
            for (k, prefix) in prefixes.enumerated() {
                guard let node = try? NodePath.get(layer.tree, path: prefix) else { break }
                if k == prefixes.count - 1 || node.mapping == nil { return layer.file }
            }
        }
        return nil
    }

    /// "pool.top_ups[2].month" → "pool", "pool.top_ups", "pool.top_ups[2]", "pool.top_ups[2].month".
    static func keyPathPrefixes(_ keyPath: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in keyPath {
            if ch == "." || ch == "[", !current.isEmpty { out.append(current) }
            current.append(ch)
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// `error`'s problems in the merged tree of `top`, each named in the file its key comes from.
    static func attributed(_ error: ScenarioError, top: String, layers: [Layer]) -> ScenarioError {
        guard layers.count > 1 else { return error }
        var e = error
        for i in e.issues.indices where e.issues[i].file == top && !e.issues[i].keyPath.isEmpty {
            if let file = origin(of: e.issues[i].keyPath, in: layers) { e.issues[i].file = file }
        }
        return e
    }
}

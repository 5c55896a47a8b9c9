import Yams

/// Edits of a YAML tree by key path, before it is validated: `--set` overrides and `extends` merges.
enum NodePath {
    struct Failure: Error {
        let text: String
    }

    enum Component: Equatable {
        case key(String)
        case index(Int)
        case named(String)
    }

    /// `programme.compensation.credit` → keys; `cohorts[0].pd` → index; `cohorts[sme-a].pd` → by `name`.
    static func parse(_ path: String) throws -> [Component] {
        var out: [Component] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            if let open = rest.firstIndex(of: "[") {
                let key = rest[..<open]
                if !key.isEmpty { out.append(.key(String(key))) }
                rest = rest[open...]
                while rest.hasPrefix("[") {
                    guard let close = rest.firstIndex(of: "]") else { throw Failure(text: "unbalanced '[' in the key path") }
                    let inside = String(rest[rest.index(after: rest.startIndex)..<close])
                    out.append(Int(inside).map(Component.index) ?? .named(inside))
                    rest = rest[rest.index(after: close)...]
                }
                if !rest.isEmpty { throw Failure(text: "unexpected '\(rest)' after ']'") }
            } else {
                guard !rest.isEmpty else { throw Failure(text: "empty key in the key path") }
                out.append(.key(String(rest)))
            }
        }
        return out
    }

    /// A copy of `root` with the value at `path` set to the plain scalar `value` (mappings on the way are
    /// created when missing; list elements must exist). `null` or `~` leave the key to its default, as in
    /// a file.
    static func set(_ root: Node, path: String, value: String) throws -> Node {
        let components = try parse(path)
        guard !components.isEmpty else { throw Failure(text: "empty key path") }
        let scalar = ["null", "~"].contains(value) ? Node.scalar(.init(value, .implicit, .plain)) : Node(value)
        return try set(root, components[...], scalar, walked: "")
    }

    /// A copy of `root` with the value at `path` replaced by `node` (a scalar, a list or a section; a
    /// scalar `null` or `~` leaves the key to its default).
    static func set(_ root: Node, path: String, node: Node) throws -> Node {
        if let text = node.scalar?.string, ["null", "~"].contains(text) { return try set(root, path: path, value: text) }
        let components = try parse(path)
        guard !components.isEmpty else { throw Failure(text: "empty key path") }
        return try set(root, components[...], node, walked: "")
    }

    /// A tree holding only `value` at `path`: mappings for keys, a list holding the named (or indexed)
    /// entry for list components. Which file sets a key (`ScenarioLoader.origin`) reads it.
    static func sparse(_ path: String, _ value: Node) throws -> Node {
        var node = value
        for c in try parse(path).reversed() {
            switch c {
            case .key(let k): node = .mapping(Node.Mapping([(Node(k), node)]))
            case .named(let name):
                var m = node.mapping ?? Node.Mapping([])
                m["name"] = Node(name)
                node = .sequence(Node.Sequence([.mapping(m)]))
            case .index(let i): node = .sequence(Node.Sequence(Array(repeating: Node.mapping(Node.Mapping([])), count: max(0, i)) + [node]))
            }
        }
        return node
    }

    private static func set(_ node: Node, _ rest: ArraySlice<Component>, _ value: Node, walked: String) throws -> Node {
        guard let first = rest.first else { return value }
        let tail = rest.dropFirst()
        switch first {
        case .key(let key):
            var map = node.mapping ?? Node.Mapping([])
            if node.mapping == nil, node.scalar.map({ !["", "~", "null"].contains($0.string) }) ?? (node.sequence != nil) {
                throw Failure(text: "'\(walked)' is not a mapping, so it has no key '\(key)'")
            }
            let child = map[key] ?? Node.mapping(Node.Mapping([]))
            map[key] = try set(child, tail, value, walked: walked.isEmpty ? key : "\(walked).\(key)")
            return .mapping(map)
        case .index(let i):
            guard var seq = node.sequence else { throw Failure(text: "'\(walked)' is not a list") }
            guard i >= 0 && i < seq.count else { throw Failure(text: "'\(walked)' has \(seq.count) entries; there is no [\(i)]") }
            seq[i] = try set(seq[i], tail, value, walked: "\(walked)[\(i)]")
            return .sequence(seq)
        case .named(let name):
            guard var seq = node.sequence else { throw Failure(text: "'\(walked)' is not a list") }
            guard let i = seq.firstIndex(where: { $0.mapping?["name"]?.scalar?.string == name }) else {
                let names = seq.compactMap { $0.mapping?["name"]?.scalar?.string }
                throw Failure(text: "'\(walked)' has no entry named '\(name)' (names: \(names.joined(separator: ", ")))")
            }
            seq[i] = try set(seq[i], tail, value, walked: "\(walked)[\(name)]")
            return .sequence(seq)
        }
    }

    /// The node at `path`, or nil when the file does not set it (its default applies).
    static func get(_ root: Node, path: String) throws -> Node? {
        var node: Node? = root
        for c in try parse(path) {
            switch c {
            case .key(let key): node = node?.mapping?[key]
            case .index(let i): node = node?.sequence.flatMap { i >= 0 && i < $0.count ? $0[i] : nil }
            case .named(let name): node = node?.sequence?.first { $0.mapping?["name"]?.scalar?.string == name }
            }
        }
        return node
    }

    /// `over` merged onto `base`: mappings merge key by key, recursively; anything else in `over` replaces.
    static func merge(base: Node, over: Node) -> Node {
        guard var merged = base.mapping, let top = over.mapping else { return over }
        for (key, value) in top {
            if let old = merged[key] {
                merged[key] = merge(base: old, over: value)
            } else {
                merged[key] = value
            }
        }
        return .mapping(merged)
    }
}

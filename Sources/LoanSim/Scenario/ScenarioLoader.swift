import Crypto
import TextFormats
import Foundation
import RiskModel
import Yams

/// A scenario read from a file, with what identifies it in every output.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    /// The path as given.
    public var file: String
    /// SHA-256, hex, of everything that defines the scenario: the file's bytes, then the bytes of every
    /// file it extends or includes, then each `--set` override, in the order they were read.
    public var sha256: String

    /// The GSL generator as outputs name it, e.g. `gsl_rng_taus2`.
    public var generatorName: String { "gsl_rng_\(scenario.generator.rawValue)" }
}

/// One `--set key.path=value` override applied to a scenario's YAML before validation.
public struct ScenarioOverride: Sendable, Equatable {
    public var keyPath: String
    public var value: String
    public init(keyPath: String, value: String) {
        self.keyPath = keyPath
        self.value = value
    }
}

/// Reads scenario YAML into a validated `Scenario`, reporting every problem with its location.
///
/// A scenario may start from another with `extends: base.yaml` (relative to its own folder): the base
/// is validated on its own, then the file's mappings are merged over it key by key (lists and values
/// replace). Stress overlays may be included from files (`stresses: [{include: stress/x.yaml}]`), and
/// any value can be overridden by key path (`programme.compensation.credit`, `cohorts[0].pd`,
/// `cohorts[techsme-credit].pd`).
public enum ScenarioLoader {
    /// Loads and validates `path`. Throws `ScenarioError` (exit 65) for anything wrong, the unreadable
    /// file included.
    public static func load(path: String, overrides: [ScenarioOverride] = []) throws -> LoadedScenario {
        var sources = SourceLog()
        var layers: [Layer] = []
        let root = try composeWithExtends(path: path, sources: &sources, layers: &layers, depth: 0)
        let ctx = ReadContext(file: path)
        ctx.sources = sources
        ctx.baseDirectory = PathName.parent(path)
        var tree = root
        for o in overrides {
            ctx.sources.add(Data("--set \(o.keyPath)=\(o.value)".utf8))
            do {
                tree = try NodePath.set(tree, path: o.keyPath, value: o.value)
            } catch let message as NodePath.Failure {
                ctx.issues.append(ScenarioIssue(file: "--set", line: 1, column: 1, keyPath: o.keyPath, message: message.text,
                                                allowed: "an existing key path such as programme.compensation.credit or cohorts[0].pd"))
            }
        }
        ctx.overridden = Set(overrides.map(\.keyPath))
        let scenario: Scenario
        do { scenario = try read(tree, ctx: ctx) } catch let error as ScenarioError { throw attributed(error, top: path, layers: layers) }
        return LoadedScenario(scenario: scenario, file: path, sha256: ctx.sources.sha256)
    }

    /// The number a scenario file (with its `extends` bases) gives the key path `keyPath` — an amount
    /// such as `9100万` or `2亿` in 万元, a ratio such as `60%` as 0.6 — or nil when the file leaves it to
    /// its default or it is not a number.
    public static func value(at keyPath: String, in path: String) throws -> Double? {
        var sources = SourceLog()
        var layers: [Layer] = []
        let root = try composeWithExtends(path: path, sources: &sources, layers: &layers, depth: 0)
        guard let text = (try? NodePath.get(root, path: keyPath))??.scalar?.string else { return nil }
        return Quantity.amountWan(text) ?? Quantity.ratio(text)
    }

    /// Keys whose values are words, never numbers: `plan --vary` refuses them even where the file leaves
    /// them to their default.
    static let textKeys: Set<String> = ["name", "description", "type", "step", "sector", "metric", "action", "scope", "measure", "check",
                                        "extends", "include", "from", "bank", "funder", "point", "posterior", "source", "tag", "order",
                                        "shortfall", "generator", "copula", "kind", "stage", "tape", "label_zh", "label_en"]

    /// Refuses a key path `plan --vary` cannot vary: one the file gives a word, a list or a section, or a
    /// key that only ever holds words (`name`, `step`, …); names the key's place in the file.
    public static func checkNumericKey(_ keyPath: String, in path: String) throws {
        var sources = SourceLog()
        var layers: [Layer] = []
        let root = try composeWithExtends(path: path, sources: &sources, layers: &layers, depth: 0)
        func refuse(_ node: Node?, _ why: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, keyPath: keyPath,
                                         message: why + ": only a numeric key can be varied",
                                         allowed: "a numeric key path such as pool.initial, programme.compensation.credit, cohorts[0].pd, programme.per_loan_cap")])
        }
        let node: Node?
        do { node = try NodePath.get(root, path: keyPath) } catch let f as NodePath.Failure { throw refuse(nil, f.text) }
        let last = keyPath.split(separator: ".").last.map { String($0.prefix { $0 != "[" }) } ?? keyPath
        if let node {
            if node.mapping != nil { throw refuse(node, "'\(keyPath)' is a section") }
            if node.sequence != nil { throw refuse(node, "'\(keyPath)' is a list") }
            if let text = node.scalar?.string, Quantity.amountWan(text) == nil, Quantity.ratio(text) == nil {
                throw refuse(node, "'\(keyPath)' is text ('\(text.prefix(40))')")
            }
        }
        if textKeys.contains(last) { throw refuse(node, "'\(last)' holds a word, not a number") }
    }

    /// Parses and validates YAML text; `file` names it in error messages. Relative includes resolve
    /// against the current directory.
    public static func parse(yaml text: String, file: String) throws -> Scenario {
        let root = try compose(text, file: file)
        return try read(root, ctx: ReadContext(file: file))
    }

    static func read(_ root: Node, ctx: ReadContext) throws -> Scenario {
        let scenario = ScenarioReader(ctx: ctx).read(root)
        if !ctx.issues.isEmpty || scenario == nil {
            throw ScenarioError(ctx.sortedIssues, more: ctx.uncounted)
        }
        return scenario!
    }

    /// Keys whose values are file names, relative to the file that names them.
    static let pathKeys: [[String]] = [["calibration", "include"], ["macro", "path_file"], ["book", "tape"], ["stresses", "*", "include"],
                                       ["record", "file"]]

    /// `tree` (a base scenario from folder `from`) with its relative file names rewritten to name the same
    /// files from folder `to`, where the scenario that extends it lives and its includes resolve.
    static func rebasePaths(_ tree: Node, from: String, to: String) -> Node {
        let a = (from.isEmpty ? "." : from) as NSString, b = (to.isEmpty ? "." : to) as NSString
        guard a.standardizingPath != b.standardizingPath else { return tree }
        func rewrite(_ node: Node, _ keys: ArraySlice<String>) -> Node {
            guard let key = keys.first else {
                guard let name = node.scalar?.string, !name.hasPrefix("/") else { return node }
                return Node(relativePath(of: (a.appendingPathComponent(name) as NSString).standardizingPath, from: b.standardizingPath))
            }
            if key == "*", case .sequence(var seq) = node {
                for i in seq.indices { seq[i] = rewrite(seq[i], keys.dropFirst()) }
                return .sequence(seq)
            }
            guard var map = node.mapping, let child = map[key] else { return node }
            map[key] = rewrite(child, keys.dropFirst())
            return .mapping(map)
        }
        return pathKeys.reduce(tree) { rewrite($0, $1[...]) }
    }

    /// The path of `target` as seen from folder `folder` (both standardised, absolute or both relative).
    static func relativePath(of target: String, from folder: String) -> String {
        let absolute = { (p: String) in p.hasPrefix("/") ? p : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(p) }
        let t = (absolute(target) as NSString).standardizingPath.split(separator: "/"), f = (absolute(folder) as NSString).standardizingPath.split(separator: "/")
        var common = 0
        while common < min(t.count, f.count) && t[common] == f[common] { common += 1 }
        let ups = Array(repeating: "..", count: f.count - common)
        return (ups + t[common...].map(String.init)).joined(separator: "/")
    }

    /// Scenario, fragment and factor-path files above this size are refused unread.
    static let maxFileBytes = 4 << 20

    static func readFile(_ path: String) throws -> (Data, String) {
        let data: Data
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "",
                                               message: "the file is \(size) bytes, too large for a scenario", allowed: "at most \(maxFileBytes) bytes")])
        }
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "",
                                               message: "cannot read the file (\(FileError.reason(error)))", allowed: nil)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "",
                                               message: "the file is not UTF-8 text", allowed: nil)])
        }
        if let nul = data.firstIndex(of: 0) {
            let (line, column) = position(of: nul - data.startIndex, in: text)
            throw ScenarioError([ScenarioIssue(file: path, line: line, column: column, keyPath: "",
                                               message: "the file contains a NUL byte: not a text file", allowed: "UTF-8 text")])
        }
        return (data, text)
    }

    static func compose(_ text: String, file: String) throws -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError([yamlIssue(error, file: file, text: text)])
        }
        guard let root else {
            throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "the file is empty",
                                               allowed: "a scenario mapping with name, horizon_months, cohorts, pool")])
        }
        return root
    }

    /// The file's tree with its `extends` chain merged in (base first).
    /// Longest `extends` chain accepted (a loop is reported as a loop, whatever its length).
    static let maxExtendsDepth = 32

    static func composeWithExtends(path: String, sources: inout SourceLog, layers: inout [Layer], depth: Int, chain: [String] = []) throws -> Node {
        let (data, text) = try readFile(path)
        sources.add(data)
        let root = try compose(text, file: path)
        layers.append(Layer(file: path, tree: root))
        let own = layers.count - 1
        let merged = try composeBase(of: root, path: path, sources: &sources, layers: &layers, depth: depth, chain: chain)
        // Segments first, so that `set:` reaches their cohorts and pools too.
        let withSegments = try applySegments(in: path, to: merged, sources: &sources, depth: depth, chain: chain)
        let (tree, setPaths) = try applySet(in: path, to: withSegments)
        // A problem with a value the file sets by key path is this file's, at its `set:` line.
        if let setPaths { layers[own] = Layer(file: path, tree: NodePath.merge(base: root, over: setPaths)) }
        return tree
    }

    /// A file's `set:` section, applied after its base is merged: each key path (as `--set` takes it:
    /// `cohorts[hightech-credit].lgd`, `pool.top_ups`) gets its value, so a file can change one value
    /// inside a base's list, which a merge cannot (lists replace). The workbench saves what-ifs this way.
    static func applySet(in path: String, to tree: Node) throws -> (Node, setPaths: Node?) {
        guard case .mapping(var map) = tree, let setNode = map["set"] else { return (tree, nil) }
        map["set"] = nil
        guard let entries = setNode.mapping else {
            throw ScenarioError([ScenarioIssue(file: path, line: setNode.mark?.line ?? 1, column: setNode.mark?.column ?? 1, keyPath: "set",
                                               message: "expected a mapping of key paths to values",
                                               allowed: "e.g. set: {programme.compensation.credit: 60%, cohorts[techsme-credit].lgd: 65%}")])
        }
        var out = Node.mapping(map), paths = Node.mapping(Node.Mapping([]))
        var issues: [ScenarioIssue] = []
        for (k, v) in entries {
            guard let key = k.scalar?.string else { continue }
            // A value keeps its place in this file, so that a bad one is named here.
            let value = v.scalar.map { Node.scalar(.init($0.string, .implicit, .plain, $0.mark ?? k.mark)) } ?? v
            do {
                out = try NodePath.set(out, path: key, node: value)
                paths = NodePath.merge(base: paths, over: try NodePath.sparse(key, value))
            } catch let f as NodePath.Failure {
                issues.append(ScenarioIssue(file: path, line: k.mark?.line ?? 1, column: k.mark?.column ?? 1, keyPath: "set." + key, message: f.text,
                                            allowed: "an existing key path such as programme.compensation.credit or cohorts[0].pd"))
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        return (out, paths)
    }

    /// `root` merged over the base its `extends:` names (itself when it names none).
    static func composeBase(of root: Node, path: String, sources: inout SourceLog, layers: inout [Layer], depth: Int, chain: [String]) throws -> Node {
        guard case .mapping(let map) = root, let baseNode = map["extends"] else { return root }
        func fail(_ message: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: baseNode.mark?.line ?? 1, column: baseNode.mark?.column ?? 1,
                                         keyPath: "extends", message: message, allowed: "the path of another scenario file, relative to this one")])
        }
        guard let baseName = baseNode.scalar?.string else { throw fail("expected a file name") }
        // Standardised, so that a problem in the base names it plainly (not `sub/../../scenarios/x.yaml`).
        let basePath = (resolve(baseName, relativeTo: path) as NSString).standardizingPath
        let here = (path as NSString).standardizingPath
        let visited = chain + [here]
        if visited.contains((basePath as NSString).standardizingPath) {
            throw fail("extends loop: " + (visited + [(basePath as NSString).standardizingPath]).map { ($0 as NSString).lastPathComponent }.joined(separator: " → "))
        }
        if depth >= maxExtendsDepth { throw fail("extends chain is longer than \(maxExtendsDepth) files") }
        // A base that cannot be read is this file's error, at its `extends` line.
        guard FileManager.default.isReadableFile(atPath: basePath) else { throw fail("cannot read the base scenario '\(basePath)'") }
        var base = try composeWithExtends(path: basePath, sources: &sources, layers: &layers, depth: depth + 1, chain: visited)
        // The base must be a valid scenario by itself, so that its own errors point into its own file.
        let baseCtx = ReadContext(file: basePath)
        baseCtx.baseDirectory = PathName.parent(basePath)
        _ = try read(base, ctx: baseCtx)
        base = rebasePaths(base, from: baseCtx.baseDirectory, to: PathName.parent(path))
        var own = map
        own["extends"] = nil
        // A file that names one form of a section replaces the base's other form of it.
        var baseMap = base.mapping ?? Node.Mapping([])
        for (one, many) in [("pool", "pools"), ("breaker", "breakers")] {
            if own[one] != nil { baseMap[many] = nil }
            if own[many] != nil { baseMap[one] = nil }
        }
        // A file that renames the scenario does not inherit the base's labels for its old name.
        if own["name"] != nil {
            baseMap["label_zh"] = nil
            baseMap["label_en"] = nil
        }
        return NodePath.merge(base: .mapping(baseMap), over: .mapping(own))
    }

    /// Where `key:` appears for the second time from line `start` on (1-based), if it does: the place
    /// of a duplicate key, which Yams reports only by its mapping.
    static func secondOccurrence(of key: String, in text: String, from start: Int) -> (Int, Int)? {
        guard !key.isEmpty else { return nil }
        var seen = 0
        for (i, line) in text.fileLines.enumerated() where i + 1 >= start {
            var from = line.startIndex
            while let r = line[from...].range(of: key) {
                let before = r.lowerBound == line.startIndex ? " " : line[line.index(before: r.lowerBound)]
                let after = line[r.upperBound...].drop(while: { $0 == " " })
                if " \t{,-".contains(before) && after.first == ":" {
                    seen += 1
                    if seen == 2 { return (i + 1, line.distance(from: line.startIndex, to: r.lowerBound) + 1) }
                }
                from = r.upperBound
            }
        }
        return nil
    }

    /// Line and column (1-based) of byte `offset` in `text`.
    static func position(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for (i, byte) in text.utf8.enumerated() {
            if i >= offset { break }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    static func resolve(_ name: String, relativeTo file: String) -> String {
        resolve(name, in: PathName.parent(file))
    }

    /// A file name as a scenario in `directory` means it, standardised (`/a/b/../c` is `/a/c`), so that
    /// messages and outputs name it plainly.
    static func resolve(_ name: String, in directory: String) -> String {
        ((name.hasPrefix("/") ? name : (directory as NSString).appendingPathComponent(name)) as NSString).standardizingPath
    }

    static func yamlIssue(_ error: YamlError, file: String, text: String = "") -> ScenarioIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioIssue(file: file, line: mark.line, column: mark.column, keyPath: "", message: "YAML syntax: \(problem)", allowed: nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the mapping; the second occurrence of the key is where the mistake is.
            let (line, column) = secondOccurrence(of: duplicates.first ?? "", in: text, from: context.mark.line) ?? (context.mark.line, context.mark.column)
            return ScenarioIssue(file: file, line: line, column: column, keyPath: duplicates.first ?? "",
                                 message: "key given twice in one mapping: \(duplicates.joined(separator: ", "))", allowed: "each key once")
        case .reader(let problem, let offset, _, let yaml):
            let (line, column) = offset.map { Self.position(of: $0, in: yaml) } ?? (1, 1)
            return ScenarioIssue(file: file, line: line, column: column, keyPath: "", message: "not readable as YAML text: \(problem)",
                                 allowed: "UTF-8 text without control characters")
        default:
            return ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML: \(error)", allowed: nil)
        }
    }
}

/// The bytes that define a scenario, hashed together.
struct SourceLog {
    private var hasher = SHA256()
    mutating func add(_ data: Data) { hasher.update(data: data) }
    var sha256: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

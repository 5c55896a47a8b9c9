import Foundation
import LoanSimFiles
import TextFormats
import Yams

/// An allowed range for a number, with the text shown to the user when a value falls outside it.
struct Allowed: Sendable {
    let contains: @Sendable (Double) -> Bool
    let text: String

    static func open(_ lo: Double, _ hi: Double) -> Allowed { Allowed(contains: { $0 > lo && $0 < hi }, text: "\(fmt(lo)) < x < \(fmt(hi))") }
    static func closed(_ lo: Double, _ hi: Double) -> Allowed { Allowed(contains: { $0 >= lo && $0 <= hi }, text: "\(fmt(lo)) ≤ x ≤ \(fmt(hi))") }
    static func leftOpen(_ lo: Double, _ hi: Double) -> Allowed { Allowed(contains: { $0 > lo && $0 <= hi }, text: "\(fmt(lo)) < x ≤ \(fmt(hi))") }
    static func atLeast(_ lo: Double) -> Allowed { Allowed(contains: { $0 >= lo }, text: "x ≥ \(fmt(lo))") }
    static func above(_ lo: Double) -> Allowed { Allowed(contains: { $0 > lo }, text: "x > \(fmt(lo))") }
    static let any = Allowed(contains: { $0.isFinite }, text: "any finite number")

    static func fmt(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// Collects the problems found while reading one scenario file.
final class ReadContext {
    let file: String
    var issues: [ScenarioIssue] = []
    /// Problems a file read for the scenario (a loan tape) counted but did not keep.
    var uncounted = 0
    /// Folder that relative includes resolve against.
    var baseDirectory = "."
    /// Bytes of every file read, for the scenario hash.
    var sources = SourceLog()
    /// Names' labels in Chinese and English (`label_zh`, `label_en` beside a `name`), by name.
    var labels: [String: NameLabel] = [:]
    /// Key paths set with `--set`: problems there are reported against the command line.
    var overridden: Set<String> = []
    /// A `book:` (loan tape) is read and checked only where the caller can use it (`validate`).

    init(file: String) { self.file = file }

    /// Issues in file order; those at an overridden key path name the override instead of the file.
    var sortedIssues: [ScenarioIssue] {
        issues.map { issue in
            var i = issue
            if overridden.contains(i.keyPath) {
                i.file = "--set \(i.keyPath)"
                i.line = 1
                i.column = 1
            }
            return i
        }.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    /// Reads an included YAML file (relative to the scenario), recording its bytes in the hash.
    func include(_ name: String, from node: Node?, path: String) -> (Node, ReadContext)? {
        let file = ScenarioLoader.resolve(name, in: baseDirectory)
        do {
            let (data, text) = try ScenarioLoader.readFile(file)
            sources.add(data)
            let root = try ScenarioLoader.compose(text, file: file)
            let sub = ReadContext(file: file)
            sub.baseDirectory = PathName.parent(file)
            return (root, sub)
        } catch let error as ScenarioError {
            for issue in error.issues { issues.append(issue) }
            report(node, path, "cannot use the included file '\(name)'", allowed: "a readable YAML file, relative to the scenario")
            return nil
        } catch {
            report(node, path, "cannot read '\(name)'")
            return nil
        }
    }

    func report(_ node: Node?, _ path: String, _ message: String, allowed: String? = nil) {
        let mark = node?.mark
        issues.append(ScenarioIssue(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                    keyPath: path, message: message, allowed: allowed))
    }

    /// A mapping reader for `node` at `path` that accepts only `keys`; unknown keys are reported with
    /// the closest known key.
    func mapping(_ node: Node?, _ path: String, keys: [String]) -> MapReader? {
        guard let node else { return nil }
        guard let map = node.mapping else {
            report(node, path, "expected a mapping of keys to values, found \(describe(node))", allowed: keys.joined(separator: ", "))
            return nil
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (k, v) in map {
            guard let name = k.scalar?.string else {
                report(k, path, "keys must be plain names")
                continue
            }
            let sub = join(path, name)
            if !keys.contains(name) {
                var msg = "unknown key '\(name)'"
                if let guess = closest(name, in: keys) { msg += "; did you mean '\(guess)'?" }
                report(k, sub, msg, allowed: keys.joined(separator: ", "))
                continue
            }
            if entries[name] != nil {
                report(k, sub, "key given twice")
                continue
            }
            entries[name] = (k, v)
        }
        return MapReader(node: node, path: path, ctx: self, entries: entries)
    }

    func sequence(_ node: Node?, _ path: String) -> [(Node, String)]? {
        guard let node else { return nil }
        guard let seq = node.sequence else {
            report(node, path, "expected a list, found \(describe(node))")
            return nil
        }
        return seq.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

/// Typed access to the keys of one YAML mapping. Every getter reports what is wrong and returns nil
/// (or the default) so that reading continues and all problems are listed at once.
struct MapReader {
    let node: Node
    let path: String
    let ctx: ReadContext
    let entries: [String: (key: Node, value: Node)]

    func has(_ key: String) -> Bool { entries[key] != nil && !isNull(entries[key]!.value) }
    func node(_ key: String) -> Node? { has(key) ? entries[key]!.value : nil }
    func keyPath(_ key: String) -> String { join(path, key) }

    private func isNull(_ n: Node) -> Bool {
        if let s = n.scalar, s.style == .plain, ["~", "null", "Null", "NULL", ""].contains(s.string) { return true }
        return false
    }

    private func missing(_ key: String, _ allowed: String?) {
        ctx.report(node, keyPath(key), "required key is missing", allowed: allowed)
    }

    /// A required key that is absent, or present with an empty value (`null`, `~` or nothing).
    private func missingOrNull(_ key: String, _ allowed: String?) {
        if let entry = entries[key] {
            ctx.report(entry.value, keyPath(key), "a value is required, found none (null)", allowed: allowed)
        } else {
            missing(key, allowed)
        }
    }

    private func scalarText(_ key: String, expected: String, allowed: String?) -> (String, Node)? {
        guard let n = node(key) else { return nil }
        guard let s = n.scalar else {
            ctx.report(n, keyPath(key), "expected \(expected), found \(ctx.describe(n))", allowed: allowed)
            return nil
        }
        return (s.string, n)
    }

    func number(_ key: String, required: Bool = false, _ allowed: Allowed = .any, default value: Double? = nil) -> Double? {
        guard let (text, n) = scalarText(key, expected: "a number", allowed: allowed.text) else {
            if required { missingOrNull(key, allowed.text) }
            return value
        }
        guard let v = DecimalNumber.parse(text.trimmingCharacters(in: .whitespaces)) else {
            ctx.report(n, keyPath(key), "expected a number, found '\(text)'", allowed: allowed.text)
            return value
        }
        guard allowed.contains(v) else {
            ctx.report(n, keyPath(key), "value \(text) is out of range", allowed: allowed.text)
            return value
        }
        return v
    }

    /// A ratio: a number or a percentage string such as "80%".
    func ratio(_ key: String, required: Bool = false, _ allowed: Allowed = .closed(0, 1), default value: Double? = nil) -> Double? {
        guard let (text, n) = scalarText(key, expected: "a ratio", allowed: allowed.text) else {
            if required { missingOrNull(key, allowed.text) }
            return value
        }
        guard let v = Quantity.ratio(text) else {
            ctx.report(n, keyPath(key), "expected a ratio such as 0.8 or \"80%\", found '\(text)'", allowed: allowed.text)
            return value
        }
        guard allowed.contains(v) else {
            ctx.report(n, keyPath(key), "value \(text) is out of range", allowed: allowed.text)
            return value
        }
        return v
    }

    /// Money in 万元: a number, or a string with a unit ("1亿", "500万", "2000万元").
    func amount(_ key: String, required: Bool = false, _ allowed: Allowed = .atLeast(0), default value: Double? = nil) -> Double? {
        let unitText = "\(allowed.text) 万元; a number in 万元 or a string such as \"500万\" or \"1亿\""
        guard let (text, n) = scalarText(key, expected: "an amount", allowed: unitText) else {
            if required { missingOrNull(key, unitText) }
            return value
        }
        guard let v = Quantity.amountWan(text) else {
            ctx.report(n, keyPath(key), "expected an amount, found '\(text)'", allowed: unitText)
            return value
        }
        guard allowed.contains(v), v.isFinite, abs(v) <= Self.maxAmountWan else {
            ctx.report(n, keyPath(key), "amount \(text) (= \(Allowed.fmt(v)) 万元) is out of range",
                       allowed: unitText + "; at most 1e12 万元")
            return value
        }
        return v
    }

    /// The largest amount a scenario may state, 万元: far above any programme, small enough that sums of
    /// a few million of them stay finite.
    static let maxAmountWan = 1e12

    func integer(_ key: String, required: Bool = false, _ allowed: Allowed = .atLeast(0), default value: Int? = nil) -> Int? {
        guard let (text, n) = scalarText(key, expected: "a whole number", allowed: allowed.text) else {
            if required { missingOrNull(key, allowed.text) }
            return value
        }
        let cleaned = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        guard let v = Int(cleaned.trimmingCharacters(in: .whitespaces)) else {
            ctx.report(n, keyPath(key), "expected a whole number, found '\(text)'", allowed: allowed.text)
            return value
        }
        guard allowed.contains(Double(v)) else {
            ctx.report(n, keyPath(key), "value \(text) is out of range", allowed: allowed.text)
            return value
        }
        return v
    }

    func string(_ key: String, required: Bool = false, default value: String? = nil) -> String? {
        guard let (text, _) = scalarText(key, expected: "text", allowed: nil) else {
            if required { missingOrNull(key, nil) }
            return value
        }
        return text
    }

    func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, default value: E? = nil) -> E? where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        guard let (text, n) = scalarText(key, expected: "one of \(names.joined(separator: ", "))", allowed: names.joined(separator: ", ")) else {
            return value
        }
        guard let v = E(rawValue: text) else {
            var msg = "unknown value '\(text)'"
            if let guess = closest(text, in: names) { msg += "; did you mean '\(guess)'?" }
            ctx.report(n, keyPath(key), msg, allowed: names.joined(separator: ", "))
            return value
        }
        return v
    }

    func boolean(_ key: String, default value: Bool) -> Bool {
        guard let (text, n) = scalarText(key, expected: "true or false", allowed: "true, false") else { return value }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            ctx.report(n, keyPath(key), "expected true or false, found '\(text)'", allowed: "true, false")
            return value
        }
    }

    func strings(_ key: String) -> [(String, Node)]? {
        guard let n = node(key) else { return nil }
        guard let items = ctx.sequence(n, keyPath(key)) else { return nil }
        var out: [(String, Node)] = []
        for (item, p) in items {
            guard let s = item.scalar?.string else {
                ctx.report(item, p, "expected text, found \(ctx.describe(item))")
                continue
            }
            out.append((s, item))
        }
        return out
    }
}

/// The closest of `candidates` to `word` by edit distance, if it is close enough to be a likely typo.
func closest(_ word: String, in candidates: [String]) -> String? {
    let w = Array(word.lowercased())
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(w, Array(c.lowercased()))
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let (name, d) = best else { return nil }
    return d <= max(2, w.count / 3) ? name : nil
}

func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

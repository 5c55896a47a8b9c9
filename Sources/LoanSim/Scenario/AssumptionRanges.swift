import Foundation
import TextFormats
import Yams

/// The range a scenario file documents beside an input it tags as an assumption:
/// `lgd: 70%   # [assumption] range: 55%..85%; 30% recovered …`. The tornado (`Drivers`) moves each
/// such input to both ends on common random numbers. The range belongs to the one value on its line
/// (a block-style key; a line holding several values, such as a flow mapping, is refused); its ends
/// are read as the key's own values are (`55%`, `5000万`, `6`), by loading the scenario with the key set
/// to each end, so an end outside the key's allowed values is refused as a scenario value would be.
public struct AssumptionRange: Sendable, Equatable {
    /// The key path of the value on the line, e.g. `cohorts[hightech-credit].lgd`.
    public var keyPath: String
    /// The scenario's own text of the value, and the range's ends as written.
    public var value: String
    public var low: String
    public var high: String
    /// The file and 1-based line of the tag.
    public var file: String
    public var line: Int
}

public enum AssumptionRanges {
    /// `# … [assumption] … range: LOW..HIGH` (also `LOW–HIGH` or `LOW to HIGH`) in a line's comment.
    static func range(in line: String) -> (String, String)? {
        // A comment on a line of its own documents no value.
        guard !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") else { return nil }
        guard let m = line.firstMatch(of: /#.*\[assumption\].*?range:\s*([^\s;,]+?)\s*(?:\.\.|–|—|\bto\b)\s*([^\s;,]+)/) else { return nil }
        return (String(m.1), String(m.2))
    }

    /// The ranges documented in the scenario file at `path` (its own lines; a base it extends documents its own).
    public static func read(path: String) throws -> [AssumptionRange] {
        let (_, text) = try ScenarioLoader.readFile(path)
        let lines = text.fileLines.map(String.init)
        var tagged: [(line: Int, low: String, high: String)] = []
        for (i, line) in lines.enumerated() {
            if let (low, high) = range(in: line) { tagged.append((i + 1, low, high)) }
        }
        guard !tagged.isEmpty else { return [] }
        var values: [Int: [(path: String, text: String)]] = [:]
        collect(try ScenarioLoader.compose(text, file: path), prefix: "", into: &values)
        var issues: [ScenarioIssue] = []
        var out: [AssumptionRange] = []
        for t in tagged {
            let here = values[t.line] ?? []
            guard here.count == 1, let v = here.first else {
                issues.append(ScenarioIssue(file: path, line: t.line, column: 1, keyPath: here.first?.path ?? "",
                                            message: here.isEmpty ? "a range: with no value on its line" : "a range: on a line with \(here.count) values",
                                            allowed: "a range beside one block-style value, e.g. `lgd: 70%   # [assumption] range: 55%..85%`"))
                continue
            }
            out.append(AssumptionRange(keyPath: v.path, value: v.text, low: t.low, high: t.high, file: path, line: t.line))
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        return out
    }

    /// Every scalar value's key path by its line: list items by their `name` when they have one.
    static func collect(_ node: Node, prefix: String, into out: inout [Int: [(path: String, text: String)]]) {
        switch node {
        case .mapping(let m):
            for (k, v) in m {
                guard let key = k.scalar?.string else { continue }
                let path = prefix.isEmpty ? key : prefix + "." + key
                if let s = v.scalar {
                    out[s.mark?.line ?? 0, default: []].append((path, s.string))
                } else {
                    collect(v, prefix: path, into: &out)
                }
            }
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                let name = item.mapping?["name"]?.scalar?.string
                let path = prefix + "[" + (name ?? "\(i)") + "]"
                if let s = item.scalar { out[s.mark?.line ?? 0, default: []].append((path, s.string)) } else { collect(item, prefix: path, into: &out) }
            }
        default:
            return
        }
    }
}

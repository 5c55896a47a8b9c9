import Foundation
import LoanSim

/// A what-if: the base scenario with some levers moved, written as a scenario file of its own —
/// `extends:` the base and `set:` the changed key paths — so that what the workbench runs is exactly
/// what `loansim run` / `compare` run from the saved file, and every value goes through the scenario
/// loader's validation (a bad value gets the message a file would).
public struct WhatIf: Sendable, Equatable {
    public let base: String
    /// The changes, by key path, in key order (one file text for one set of changes).
    public let changes: [(key: String, value: String)]

    public static func == (a: WhatIf, b: WhatIf) -> Bool {
        a.base == b.base && a.changes.map(\.key) == b.changes.map(\.key) && a.changes.map(\.value) == b.changes.map(\.value)
    }

    /// The longest value text a lever takes.
    public static let maxValueLength = 40

    /// Refuses a key that is not one of `levers` and a value that is not a number as a scenario writes
    /// one (digits, sign, point, exponent, `%`, `万`, `亿`; at most `maxValueLength` characters).
    public init(base: String, set: [String: String], levers: [Lever]) throws {
        let known = Dictionary(levers.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        for (key, value) in set.sorted(by: { $0.key < $1.key }) {
            if let options = known[key]?.options {
                if !options.contains(value) { problems.append("\(key): '\(value.prefix(Self.maxValueLength))' is not one of \(options.joined(separator: ", "))") }
            } else if known[key] == nil {
                problems.append("'\(key.prefix(80))' is not a lever of this scenario (levers: \(levers.map(\.key).joined(separator: ", ")))")
            } else if value.isEmpty || value.count > Self.maxValueLength
                        || !value.unicodeScalars.allSatisfy({ "0123456789.+-eE%万亿".unicodeScalars.contains($0) }) {
                problems.append("\(key): '\(value.prefix(Self.maxValueLength))' is not a number (write it as the scenario does: 60%, 9100万, 0.95)")
            }
        }
        if !problems.isEmpty { throw WhatIfError(text: problems.joined(separator: "; ")) }
        self.base = base
        changes = set.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The scenario file's text, to be saved in `directory` (its `extends:` names the base from there).
    public func yaml(savedIn directory: String, baseName: String, horizonMonths: Int) -> String {
        var lines = [
            "# A what-if saved by loansim-serve: the base scenario with the levers below moved.",
            "# Run it with `loansim run FILE`, or beside its base with `loansim compare BASE FILE` (same seed and paths).",
            "extends: " + Self.quoted(Self.relativePath(of: base, from: directory)),
            "name: " + Self.quoted(baseName + " (what-if)"),
            "set:",
        ]
        var topUp: (amount: String?, month: String?) = (nil, nil)
        var overlay: [String] = []
        for (key, value) in changes {
            switch key {
            case TopUp.amountKey: topUp.amount = value
            case TopUp.monthKey: topUp.month = value
            case Overlay.pdMultiplierKey: overlay.append("pd_multiplier: " + Self.quoted(value))
            case Overlay.macroShiftKey: overlay.append("macro_shift: " + Self.quoted(value))
            default: lines.append("  " + Self.quoted(key) + ": " + Self.quoted(value))
            }
        }
        if let amount = topUp.amount, (Double(amount.replacingOccurrences(of: "万", with: "")) ?? 1) != 0 {
            lines.append("  pool.top_ups: [{month: \(Self.quoted(topUp.month ?? "1")), amount: \(Self.quoted(amount))}]")
        }
        if !overlay.isEmpty {
            lines.append("  stresses: [{name: what-if, from_month: 1, to_month: \(horizonMonths), " + overlay.joined(separator: ", ") + "}]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A YAML single-quoted scalar (quotes doubled; the values and keys here hold no line breaks).
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// `path` relative to `directory` (both made absolute and standardised).
    static func relativePath(of path: String, from directory: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        func parts(_ p: String) -> [String] {
            let absolute = p.hasPrefix("/") ? p : cwd + "/" + p
            return (absolute as NSString).standardizingPath.split(separator: "/").map(String.init)
        }
        let a = parts(path), b = parts(directory)
        var common = 0
        while common < min(a.count, b.count) && a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: b.count - common) + a[common...]).joined(separator: "/")
    }
}

/// A what-if the workbench refuses before any run (an HTTP 400 with this text).
public struct WhatIfError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public var description: String { text }
}

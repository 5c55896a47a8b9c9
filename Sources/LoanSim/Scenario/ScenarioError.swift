/// One problem in a scenario file, located by file, line, column and key path, with the allowed values.
/// Printed as `file:line:column: key.path: message (allowed: …)`.
public struct ScenarioIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var keyPath: String
    public var message: String
    public var allowed: String?

    public var description: String {
        var s = "\(file):\(line):\(column): \(keyPath.isEmpty ? "(top level)" : keyPath): \(message)"
        if let allowed { s += " (allowed: \(allowed))" }
        return s
    }
}

/// A scenario that cannot be run: every problem found, in file order. Exit code 65 (EX_DATAERR).
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    /// Problems counted but not kept (a reader of a long file keeps the first `shownLimit`).
    public var uncounted = 0
    public init(_ issues: [ScenarioIssue], more: Int = 0) { (self.issues, self.uncounted) = (issues, more) }
    /// At most `shownLimit` problems are printed, then how many more there are.
    public static let shownLimit = 50
    public var description: String {
        var lines = issues.prefix(Self.shownLimit).map(\.description)
        let hidden = issues.count - lines.count + uncounted
        if hidden > 0 { lines.append("… and \(hidden) more problem\(hidden == 1 ? "" : "s")") }
        return lines.joined(separator: "\n")
    }
}

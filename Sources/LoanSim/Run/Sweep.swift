/// A grid over scenario parameters by key path: `--set programme.compensation.credit=0.6,0.7,0.8
/// --set pool.initial=1亿,2亿` gives 6 points, the first key varying slowest. Every point runs on the
/// same seed and path count (common random numbers), so differences between points are paired.
public struct SweepGrid: Sendable {
    public let keys: [String]
    public let values: [[String]]

    /// Parses `key=v1,v2,…` arguments. Values may not contain commas (write 1000万, not 1,000万).
    public init(_ settings: [String]) throws {
        var keys: [String] = [], values: [[String]] = []
        for s in settings {
            guard let eq = s.firstIndex(of: "="), eq != s.startIndex else {
                throw SweepError(text: "--set \(s): expected key.path=value1,value2,…")
            }
            let key = String(s[..<eq])
            let vs = s[s.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard !vs.contains(where: \.isEmpty) else { throw SweepError(text: "--set \(s): empty value in the list") }
            guard !keys.contains(key) else { throw SweepError(text: "--set \(key) given twice") }
            keys.append(key)
            values.append(vs)
        }
        guard !keys.isEmpty else { throw SweepError(text: "sweep needs at least one --set key=v1,v2,…") }
        self.keys = keys
        self.values = values
    }

    /// Every combination, first key slowest, as overrides.
    public var points: [[ScenarioOverride]] {
        var out: [[ScenarioOverride]] = [[]]
        for (k, vs) in zip(keys, values) {
            out = out.flatMap { prefix in vs.map { prefix + [ScenarioOverride(keyPath: k, value: $0)] } }
        }
        return out
    }
}

public struct SweepError: Error, CustomStringConvertible {
    public let text: String
    public var description: String { text }
}

import Foundation

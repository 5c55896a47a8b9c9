import Foundation
import RiskModel
import Yams

/// The prior of a calibration: Beta laws on each cohort's annual PD and on the asset correlation ρ.
///
/// The default is weakly informative: PD ~ Beta(1, 1) (uniform, the conservative choice in Tasche's
/// Bayesian PD estimation: with n loan-years and no defaults the posterior is Beta(1, n + 1)); ρ ~
/// Beta(2.4, 17.6), mean 0.12 (Basel's SME range 0.12–0.24 at its low end), sd 0.07.
public struct CalibrationPrior: Sendable, Equatable {
    public var pd: BetaPrior
    public var rho: BetaPrior
    /// Per-cohort PD priors that replace `pd`.
    public var cohortPD: [String: BetaPrior]
    /// Where it came from: "default" or the file.
    public var source: String
    /// The line and column of each per-cohort prior in its file (for `check(against:)`).
    var cohortPlaces: [String: [Int]] = [:]

    public static let `default` = CalibrationPrior(pd: BetaPrior(a: 1, b: 1), rho: BetaPrior(a: 2.4, b: 17.6), cohortPD: [:], source: "default")

    public init(pd: BetaPrior, rho: BetaPrior, cohortPD: [String: BetaPrior], source: String) {
        self.pd = pd
        self.rho = rho
        self.cohortPD = cohortPD
        self.source = source
    }

    public func pd(for cohort: String) -> BetaPrior { cohortPD[cohort] ?? pd }

    /// Reads a prior YAML file:
    /// ```yaml
    /// pd: {a: 1, b: 1}          # Beta(a, b) for every cohort's annual PD
    /// rho: {a: 2.4, b: 17.6}    # Beta(a, b) for ρ
    /// cohorts:
    ///   hightech-credit: {pd: {a: 1, b: 60}}
    /// ```
    /// Throws `ScenarioError` (exit 65) with every problem located.
    public static func load(path: String) throws -> CalibrationPrior {
        let (_, text) = try ScenarioLoader.readFile(path)
        let root = try ScenarioLoader.compose(text, file: path)
        let ctx = ReadContext(file: path)
        var prior = CalibrationPrior.default
        prior.source = path
        if let top = ctx.mapping(root, "", keys: ["pd", "rho", "cohorts"]) {
            if let p = beta(top, "pd", ctx: ctx) { prior.pd = p }
            if let r = beta(top, "rho", ctx: ctx) { prior.rho = r }
            if let node = top.node("cohorts") {
                if let map = node.mapping {
                    for (k, v) in map {
                        let name = k.scalar?.string ?? ""
                        if let m = ctx.mapping(v, "cohorts.\(name)", keys: ["pd"]), let p = beta(m, "pd", ctx: ctx) {
                            prior.cohortPD[name] = p
                            prior.cohortPlaces[name] = [k.mark?.line ?? 1, k.mark?.column ?? 1]
                        }
                    }
                } else {
                    ctx.report(node, "cohorts", "expected a mapping of cohort names to {pd: {a, b}}")
                }
            }
        }
        if !ctx.issues.isEmpty { throw ScenarioError(ctx.sortedIssues) }
        return prior
    }

    /// Refuses a per-cohort prior for a cohort the history does not have (a misspelt name would
    /// otherwise leave that cohort on the common prior without a word).
    public func check(against history: History) throws {
        let unknown = cohortPD.keys.filter { !history.cohorts.contains($0) }.sorted { (cohortPlaces[$0] ?? [0]).lexicographicallyPrecedes(cohortPlaces[$1] ?? [0]) }
        guard !unknown.isEmpty else { return }
        throw ScenarioError(unknown.map { name in
            let at = cohortPlaces[name] ?? [1, 1]
            return ScenarioIssue(file: source, line: at[0], column: at[1], keyPath: "cohorts.\(name)",
                                 message: "a prior for cohort '\(name)', which the history \(history.file) does not have",
                                 allowed: "the history's cohorts: \(history.cohorts.joined(separator: ", "))")
        })
    }

    static func beta(_ m: MapReader, _ key: String, ctx: ReadContext) -> BetaPrior? {
        guard let sub = ctx.mapping(m.node(key), m.keyPath(key), keys: ["a", "b"]) else { return nil }
        let a = sub.number("a", required: true, .leftOpen(0, 1e6)), b = sub.number("b", required: true, .leftOpen(0, 1e6))
        guard let a, let b else { return nil }
        return BetaPrior(a: a, b: b)
    }
}

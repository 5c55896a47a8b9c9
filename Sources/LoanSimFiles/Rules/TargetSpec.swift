/// A scenario's target (`target:`): at most `pDepleted` chance that the pool runs dry by the end of
/// year `by` (a calendar year when the scenario states `start:`, else programme year N). `run` then
/// answers the smallest single top-up, paid into `pool` at the start of `topUpMonth`, that meets it
/// (docs/model-choices.md: the schedule family is one top-up in a named month). Read from YAML
/// (`ScenarioReader+Target`), echoed in `scenario.json` with the months resolved.
public struct TargetSpec: Codable, Sendable, Equatable {
    /// The chance of running dry that is acceptable, 0 < p < 1.
    public var pDepleted: Double
    /// The year: calendar (e.g. 2029) with `start:`, programme year (1, 2, …) without.
    public var by: Int
    /// The pool the top-up goes into (its name).
    public var pool: String
    /// The search's upper end, 万元.
    public var maxTopUp: Double
    /// Resolved: the horizon month (1-based) the year ends in (within the horizon), and the month the top-up is paid at the start of.
    public var byMonth: Int
    public var topUpMonth: Int

    public enum CodingKeys: String, SpecKey {
        case pDepleted, by, pool, maxTopUp, byMonth, topUpMonth
    }

    /// The keys a scenario file may give (`by_month` is resolved from `by`; `top_up_month` is `YYYY-MM` with `start:`).
    public static let yamlKeys = ["p_depleted", "by", "pool", "max_top_up", "top_up_month"]

    public init(pDepleted: Double, by: Int, pool: String, maxTopUp: Double, byMonth: Int, topUpMonth: Int) {
        (self.pDepleted, self.by, self.pool, self.maxTopUp, self.byMonth, self.topUpMonth) = (pDepleted, by, pool, maxTopUp, byMonth, topUpMonth)
    }
}

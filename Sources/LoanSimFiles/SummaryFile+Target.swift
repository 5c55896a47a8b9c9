extension SummaryFile {
    /// The answer to the scenario's `target:` (`summary.json` `target`): the smallest single top-up, paid
    /// into `spec.pool` at the start of `spec.top_up_month`, that brings P(the pool runs dry by the end of
    /// `spec.by`) to at most `spec.p_depleted`; found on the run's own paths, rechecked on fresh ones.
    public struct Target: Codable, Equatable, Sendable {
        public var spec: TargetSpec
        /// The year as the report names it ("2029", or "year 5" without `start:`), and the top-up's calendar month ("2026-01").
        public var byLabel: String
        public var topUpCalendarMonth: String?
        /// `depletion.monthN`, N = `spec.by_month`.
        public var metric: String
        /// The run's own P(dry by then), without a top-up.
        public var withoutTopUp: SearchEvaluation
        /// 万元; 0 when none is needed; null when even `spec.max_top_up` does not meet the target.
        public var topUp: Double?
        /// The top-up's Monte Carlo standard error (delta method); 0 when none is needed.
        public var topUpSe: Double?
        /// Each evaluation on the run's paths (`value` is the top-up), the run itself first.
        public var evaluations: [SearchEvaluation]
        /// The answer rechecked on fresh paths (seed `check_seed`); null when no search ran.
        public var check: SearchEvaluation?
        public var checkSeed: UInt32
        public var definition: String

        public init(spec: TargetSpec, byLabel: String, topUpCalendarMonth: String?, metric: String, withoutTopUp: SearchEvaluation,
                    topUp: Double?, topUpSe: Double?, evaluations: [SearchEvaluation], check: SearchEvaluation?, checkSeed: UInt32, definition: String) {
            (self.spec, self.byLabel, self.topUpCalendarMonth, self.metric) = (spec, byLabel, topUpCalendarMonth, metric)
            (self.withoutTopUp, self.topUp, self.topUpSe, self.evaluations) = (withoutTopUp, topUp, topUpSe, evaluations)
            (self.check, self.checkSeed, self.definition) = (check, checkSeed, definition)
        }

        /// Whether the scenario as given already meets the target.
        public var metWithoutTopUp: Bool { withoutTopUp.meets }
    }
}

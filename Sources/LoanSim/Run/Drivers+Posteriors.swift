import LoanSimFiles
import RiskModel

/// A scenario drawing from the posterior conditioned on the whole record (`posterior_block:
/// record_conditioned`) answers beside the same paths drawn from the counts' posterior alone: P(dry) by
/// year, the headline's paired change, and the share of paths agreeing with each record check.
extension DriversAnswer {
    public struct Posteriors: Sendable {
        /// By calendar year (or year of the horizon): P(dry by its end) and its standard error.
        public let wholeRecord: [Double]
        public let wholeRecordSe: [Double]
        public let countOnly: [Double]
        public let countOnlySe: [Double]
        /// The headline under the counts' posterior, and its change against the whole record's (paired).
        public let headline: Paired
        /// Per record check of the scenario: P(a path agrees) under each posterior.
        public let checks: [Check]
        /// Per calibrated cohort: its annual PD under each posterior (mean, 5% and 95% of the draws).
        public let pd: [PD]

        public struct PD: Sendable {
            public let cohort: String
            public let wholeRecord: [Double]
            public let countOnly: [Double]
        }

        public struct Check: Sendable {
            public let name: String
            public let nameZh: String
            public let wholeRecord: Double
            public let countOnly: Double
        }

        init(_ s: Scenario, wholeRecord a: [PathOutcome], countOnly b: [PathOutcome], headline: Paired) {
            (wholeRecord, wholeRecordSe) = Drivers.depletedByYear(a, s)
            (countOnly, countOnlySe) = Drivers.depletedByYear(b, s)
            self.headline = headline
            func agree(_ o: [PathOutcome], _ i: Int) -> Double { Drivers.mean(o.map { s.record[i].agrees($0.checkpoints[i]) ? 1 : 0 }) }
            func summary(_ x: [Double]) -> [Double] {
                let sorted = x.sorted()
                return [Drivers.mean(x), SampleSummary.quantile(sorted: sorted, 0.05), SampleSummary.quantile(sorted: sorted, 0.95)]
            }
            if let c = s.calibration, let other = c.countOnly {
                pd = c.cohorts.indices.map { k in
                    PD(cohort: s.cohorts[c.cohorts[k].cohort].name, wholeRecord: summary(c.pdDraws[k]), countOnly: summary(other.pdDraws[k]))
                }
            } else {
                pd = []
            }
            checks = s.record.indices.map { i in
                Check(name: s.record[i].name, nameZh: s.record[i].nameZh.isEmpty ? s.record[i].name : s.record[i].nameZh,
                      wholeRecord: agree(a, i), countOnly: agree(b, i))
            }
        }
    }
}

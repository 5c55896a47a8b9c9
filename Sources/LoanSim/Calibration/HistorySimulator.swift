import Foundation
import RiskModel

/// Simulates yearly default histories from known parameters, with the engine's own sampling: one
/// factor `Z_y ~ N(0,1)` per year from its own stream, then each cohort's defaults as one conditional
/// binomial (`ConditionalPD`, `StreamRef.binomial`). Used to check that `Calibrator` recovers what
/// generated the data.
public struct HistorySimulator: Sendable {
    public var cohorts: [String]
    /// Annual PD per cohort.
    public var pd: [Double]
    public var rho: Double
    /// Loans exposed per cohort in each year.
    public var loans: [Int]
    public var years: Int
    public var firstYear = 2000

    public init(cohorts: [String], pd: [Double], rho: Double, loans: [Int], years: Int) {
        self.cohorts = cohorts
        self.pd = pd
        self.rho = rho
        self.loans = loans
        self.years = years
    }

    /// Replication `replication` under master seed `seed` (streams "history/factor" and "history/defaults").
    public func history(seed: UInt32, replication: Int) -> History {
        let factor = RandomStream(kind: .taus2, seed: StreamSeed.derive(master: seed, block: UInt32(replication), purpose: StreamSeed.purpose("history/factor")))
        let defaults = RandomStream(kind: .taus2, seed: StreamSeed.derive(master: seed, block: UInt32(replication), purpose: StreamSeed.purpose("history/defaults")))
        let model = ConditionalPD(macroLoading: rho.squareRoot())
        let thresholds = pd.map { Normal.quantile($0) }
        var rows: [History.Row] = []
        var line = 2
        for y in 0..<years {
            let z = factor.ref.normal()
            for c in cohorts.indices {
                let d = defaults.ref.binomial(loans[c], model.probability(threshold: thresholds[c], macro: z))
                rows.append(History.Row(year: firstYear + y, cohort: cohorts[c], loans: loans[c], defaults: d, exposureWan: nil, lossWan: nil, line: line))
                line += 1
            }
        }
        return History(file: "simulated", rows: rows, cumulative: [], cohorts: cohorts, years: firstYear...(firstYear + years - 1),
                       warnings: [], sha256: "")
    }

    /// The history as CSV text (header and one row per year and cohort).
    public static func csv(_ h: History) -> String {
        "year,cohort,loans,defaults\n" + h.rows.map { "\($0.year),\($0.cohort),\($0.loans),\($0.defaults.map(String.init) ?? "")" }.joined(separator: "\n") + "\n"
    }
}

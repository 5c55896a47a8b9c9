import LoanSimFiles
import RiskModel

/// The linkage's compile step: its constants, the exit threshold per step under the scenario's copula.
public struct CompiledLinkage: Sendable {
    public let stake: Double
    public let warrant: Bool
    public let entry: CappedLogNormal
    public let meanEntry: Double
    public let exitThreshold: Double
    public let alpha: Double
    public let minMultiple: Double
    /// What a stake costs at entry (at the mean entry value; warrants cost nothing).
    public var cost: Double { cost(stake: stake) }
    public func cost(stake: Double) -> Double { warrant ? 0 : stake * meanEntry }

    init(_ l: LinkageSpec, copula: Copula, stepMonths d: Int) {
        let entry = CappedLogNormal(median: l.entryValue.median, sigma: l.entryValue.sigma)
        stake = l.stake
        warrant = l.instrument == .warrant
        self.entry = entry
        meanEntry = entry.mean
        exitThreshold = copula.quantile(1 - ConditionalPD.stepPD(annual: l.exitRatePerYear, months: d))
        alpha = l.exitMultiple.paretoAlpha
        minMultiple = l.exitMultiple.min
    }
}

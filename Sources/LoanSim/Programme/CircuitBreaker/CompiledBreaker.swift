import LoanSimFiles

/// A breaker in steps: the window its metric sums over, the steps between checks, the minimum
/// suspension. Compiled once per scenario (`CompiledScenario.breakers`).
public struct CompiledBreaker: Sendable {
    public let metric: BreakerMetric
    public let action: BreakerAction
    public let scope: BreakerSpec.Scope
    public let threshold: Double
    /// Steps summed: the trailing window (flow), or the steps a default stays overdue (stock: the
    /// programme's claim lag, at least one step).
    public let windowSteps: Int
    public let minSuspensionSteps: Int
    public let untilRecovered: Bool
    /// The breaker acts at the end of step t when `(t + 1) % checkEverySteps == 0`.
    public let checkEverySteps: Int
    public let minLoans: Int
    /// The book it reads and suspends (`BreakerBooks`).
    public let book: Int

    /// `spec` on a grid of `stepMonths`-month steps, with claims filed `claimLagSteps` after default,
    /// reading book `book`.
    init(_ spec: BreakerSpec, stepMonths d: Int, claimLagSteps: Int, book: Int) {
        metric = spec.metric
        action = spec.action
        scope = spec.scope
        threshold = spec.threshold
        windowSteps = spec.measure == .stock ? max(1, claimLagSteps) : max(1, (spec.windowMonths + d - 1) / d)
        minSuspensionSteps = (spec.minSuspensionMonths + d - 1) / d
        untilRecovered = spec.untilRecovered
        checkEverySteps = max(1, spec.check.months / d)
        minLoans = spec.minLoans
        self.book = book
    }

    /// Whether the breaker is checked at the end of step `t`.
    @inline(__always) func checks(step t: Int) -> Bool { checkEverySteps == 1 || (t + 1) % checkEverySteps == 0 }

    /// The longest window the breakers of a scenario sum over, in steps: at least 12 months, so that a
    /// window of a year always fits.
    static func longestWindow(_ breakers: [CompiledBreaker], stepMonths d: Int) -> Int {
        max(breakers.map(\.windowSteps).max() ?? 1, max(1, 12 / d))
    }
}

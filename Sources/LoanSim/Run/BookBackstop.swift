import RiskModel

/// How much of the live book at the start a public pool backstops: the eligible cohorts' initial
/// borrowers at their mean loan size (as the engine books them), split into those some pool
/// compensates at their bank (a routing factor above zero) and the rest. Loans of a bank tape are
/// counted by their rules cohort.
public struct BookBackstop: Sendable {
    public let liveBook: Double
    public let backstopped: Double
    public let loans: Double
    public let backstoppedLoans: Double

    init(_ m: CompiledScenario) {
        let banks = m.bankShares.count, pools = m.pools.count
        var book = 0.0, covered = 0.0, loans = 0.0, coveredLoans = 0.0
        for (c, cohort) in m.cohorts.enumerated() where cohort.eligible {
            for (b, n) in Apportion.largestRemainder(cohort.initialBorrowers, shares: m.bankShares).enumerated() {
                let amount = Double(n) * cohort.meanSize
                let routed = (0..<pools).contains { m.schemes.poolFactor[(c * banks + b) * pools + $0] > 0 }
                book += amount
                loans += Double(n)
                if routed {
                    covered += amount
                    coveredLoans += Double(n)
                }
            }
        }
        (liveBook, backstopped, self.loans, backstoppedLoans) = (book, covered, loans, coveredLoans)
    }
}

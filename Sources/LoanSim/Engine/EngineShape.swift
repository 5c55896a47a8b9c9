import RiskModel

/// Facts about the scenario the engine reads on every step, hoisted once so that the step loop skips
/// what a scenario does not use: its counts, which rules it has, and each bank's initial balance.
struct EngineShape {
    let sampling: Sampling
    let bankCount: Int
    let cohortCount: Int
    let poolCount: Int
    /// Output sectors (`Scenario.outputSectors`), each cohort's (−1: none), and each cohort's sector factor index (−1: none).
    let sectorCount: Int
    let cohortSector: [Int]
    let cohortSectorFactor: [Int]
    /// Parts the path attributes payouts to (`PathAttribution`): cohorts and sectors, 0 if none.
    let cohortParts: Int
    let sectorParts: Int
    let hasIP: Bool
    let hasLinkage: Bool
    /// Some cohort's LGD moves with the cycle (`lgd: {model: frye-jacobs}`).
    let hasDownturnLGD: Bool
    /// Per-bank-year caps or guarantor payout caps: allowances to open each year.
    let needsYearState: Bool
    /// No cohort originates, renews or has loans maturing within the horizon (B1's book).
    let staticBook: Bool
    /// The breakers' books (at least one) and each cohort's mask of them (0 without breakers).
    let breakerBookCount: Int
    let breakerMask: [UInt32]
    /// The whole programme books' bits: tape and fund-backed loans count in these only.
    let breakerWholeMask: UInt32
    /// Each book's initial balance per bank (`book × banks + bank`, the same on every path): its cohorts'
    /// initial books, and the tape in the whole programme book.
    let initialBookOutstanding: [Double]

    init(_ model: CompiledScenario, tape: TapeLedger?) {
        sampling = model.scenario.sampling
        bankCount = model.bankShares.count
        cohortCount = model.cohorts.count
        poolCount = model.pools.count
        sectorCount = model.sectorNames.count
        cohortSector = model.cohortSector
        cohortSectorFactor = model.cohorts.map(\.sectorIndex)
        cohortParts = model.cohortParts.count
        sectorParts = model.sectorParts.count
        hasIP = model.cohorts.contains { $0.ip != nil }
        hasLinkage = model.linkage != nil
        hasDownturnLGD = model.lgdCurves.contains { $0 != nil }
        needsYearState = model.perBankYearCap != nil || model.scenario.pools.contains { $0.perBankYearCap != nil }
            || model.cohorts.contains { $0.parties.guarantorPayoutCap >= 0 }
        staticBook = model.cohorts.allSatisfy { c in
            !c.eligible || (c.demandPerStep == 0 && c.entrantsPerStep == 0 && c.termSteps > model.stepCount)
        }
        let books = model.breakerBooks
        breakerBookCount = max(1, books.count)
        breakerMask = books.cohortMask
        breakerWholeMask = books.wholeMask
        let banks = model.bankShares.count
        var initial = [Double](repeating: 0, count: breakerBookCount * banks)
        for k in 0..<breakerBookCount {
            let whole = books.count == 0 || books.whole[k]
            for (c, cohort) in model.cohorts.enumerated() where cohort.eligible && (whole || books.contains(cohort: c, book: k)) {
                for (b, n) in Apportion.largestRemainder(cohort.initialBorrowers, shares: model.bankShares).enumerated() {
                    initial[k * banks + b] += Double(n) * cohort.meanSize
                }
            }
            if whole { for b in 0..<banks { initial[k * banks + b] += tape?.sum(bank: b, .balance) ?? 0 } }
        }
        initialBookOutstanding = initial
    }
}

import RiskModel

/// The cohorts' books and lending state on one path (docs/model.md §3.3): each cohort's live loans
/// (`LoanBook`), its firms without a loan, the fractional carries of its arrivals and of each bank's
/// share of new loans, the step's allotments per cohort and bank, its live linked firms (invest-loan
/// linkage), and its demand and renewal laws prepared for binomial draws.
struct LendingState {
    /// Renewal draws of groups up to this many loans read precomputed inversion rows (`BinomialRows`).
    static let renewalRowsLimit = 64

    let books: UnsafeMutableBufferPointer<LoanBook>
    let idle: UnsafeMutableBufferPointer<Int>
    let entrantCarry: UnsafeMutableBufferPointer<Double>
    /// Per cohort and bank (`cohort × banks + bank`).
    let bankCarry: UnsafeMutableBufferPointer<Double>
    let allot: UnsafeMutableBufferPointer<Int>
    let linked: UnsafeMutableBufferPointer<Int>
    let demandLaw: [BinomialLaw]
    let renewalLaw: [BinomialLaw]
    let renewalRows: UnsafeMutableBufferPointer<BinomialRows>

    init(_ model: CompiledScenario, memory: EngineMemory) {
        let banks = model.bankShares.count, cohorts = model.cohorts.count
        // One group per bank and step lives at most `term` steps (the initial book's too): see `LoanBook`.
        books = memory.buffer(model.cohorts.map {
            LoanBook(banks: banks, meanSize: $0.meanSize, amortisingTerm: $0.amortising ? $0.termSteps : nil,
                     maxGroups: banks * (min($0.termSteps, model.stepCount + 1) + 1), memory: memory)
        })
        idle = memory.buffer(cohorts, 0)
        entrantCarry = memory.buffer(cohorts, 0.0)
        bankCarry = memory.buffer(cohorts * banks, 0.0)
        allot = memory.buffer(cohorts * banks, 0)
        linked = memory.buffer(cohorts, 0)
        demandLaw = model.cohorts.map { BinomialLaw($0.demandPerStep) }
        let renewalLaw = model.cohorts.map { BinomialLaw($0.renewalProbability) }
        self.renewalLaw = renewalLaw
        renewalRows = memory.buffer(renewalLaw.map { law in
            let n = BinomialRows.maxN(law, limit: LendingState.renewalRowsLimit)
            return BinomialRows(law, maxN: n, into: memory.buffer(BinomialRows.count(maxN: n), 0.0))
        })
    }
}

/// The engine's "breakers" phase (end of step, after payments): each bank's programme balance at the
/// step's end (cohort books, tape, fund-backed loans), its live loans where a breaker has `min_loans`,
/// then the breakers' statistics and checks (`CircuitBreakers`).
extension PathEngine {
    mutating func evaluateBreakers(step t: Int, out: inout PathOutcome) {
        for b in 0..<shape.bankCount {
            (ledgers.outstanding[b], ledgers.guaranteed[b]) = tapeBalance(bank: b)
            if !funds.isEmpty { ledgers.outstanding[b] += fundLoanBalance(bank: b, at: t + 1) }
        }
        for c in 0..<shape.cohortCount where lending.books[c].live > 0 {
            let guaranteed = model.cohorts[c].parties.guaranteed
            for b in 0..<shape.bankCount {
                let v = lending.books[c].balance(bank: b, at: t + 1)
                ledgers.outstanding[b] += v
                if guaranteed { ledgers.guaranteed[b] += v }
            }
        }
        if breakers.needsLoanCounts { countLiveLoans() }
        breakers.record(step: t, ledgers)
        var poolBalance = 0.0
        for p in 0..<shape.poolCount { poolBalance += pools[p].balance }
        breakers.evaluate(step: t, ledgers: &ledgers, poolBalance: poolBalance, initialOutstanding: shape.initialBankOutstanding, out: &out)
    }

    /// Live programme loans per bank: the cohorts' books, the tape's live loans and the fund-backed loans.
    private func countLiveLoans() {
        let loans = breakers.liveLoans
        for b in 0..<shape.bankCount {
            var n = 0
            for c in 0..<shape.cohortCount { n += lending.books[c].loans(bank: b) }
            for f in funds.indices { n += funds[f].liveLoans[b] }
            loans[b] = n
        }
        if let tape = tapeLedger {
            for i in 0..<tape.tape.count where tape.isLive(i) { loans[tape.tape.bank[i]] += 1 }
        }
    }
}

/// The engine's "breakers" phase (end of step, after payments): each book's programme balance per bank
/// at the step's end (its cohorts' books; the tape and fund-backed loans in the whole programme book),
/// its live loans where a breaker has `min_loans`, then the breakers' statistics and checks
/// (`CircuitBreakers`).
extension PathEngine {
    mutating func evaluateBreakers(step t: Int, out: inout PathOutcome) {
        let banks = shape.bankCount
        for k in 0..<breakers.books {
            let whole = shape.breakerWholeMask & (1 << UInt32(k)) != 0
            for b in 0..<banks {
                let i = k * banks + b
                (ledgers.outstanding[i], ledgers.guaranteed[i]) = whole ? tapeBalance(bank: b) : (0, 0)
                if whole && !funds.isEmpty { ledgers.outstanding[i] += fundLoanBalance(bank: b, at: t + 1) }
            }
        }
        for c in 0..<shape.cohortCount where lending.books[c].live > 0 {
            let guaranteed = model.cohorts[c].parties.guaranteed
            var mask = shape.breakerMask[c]
            while mask != 0 {
                let first = Int(mask.trailingZeroBitCount) * banks
                for b in 0..<banks {
                    let v = lending.books[c].balance(bank: b, at: t + 1)
                    ledgers.outstanding[first + b] += v
                    if guaranteed { ledgers.guaranteed[first + b] += v }
                }
                mask &= mask - 1
            }
        }
        if breakers.needsLoanCounts { countLiveLoans() }
        breakers.record(step: t, ledgers)
        var poolBalance = 0.0
        for p in 0..<shape.poolCount { poolBalance += pools[p].balance }
        breakers.evaluate(step: t, ledgers: &ledgers, poolBalance: poolBalance, initialOutstanding: shape.initialBookOutstanding, out: &out)
    }

    /// Live programme loans per book and bank: the book's cohorts' loans; in the whole programme book
    /// also the tape's live loans and the fund-backed loans.
    private func countLiveLoans() {
        let loans = breakers.liveLoans
        let banks = shape.bankCount
        for k in 0..<breakers.books {
            let whole = shape.breakerWholeMask & (1 << UInt32(k)) != 0
            for b in 0..<banks {
                var n = 0
                for c in 0..<shape.cohortCount where shape.breakerMask[c] & (1 << UInt32(k)) != 0 { n += lending.books[c].loans(bank: b) }
                if whole { for f in funds.indices { n += funds[f].liveLoans[b] } }
                loans[k * banks + b] = n
            }
            if whole, let tape = tapeLedger {
                for i in 0..<tape.tape.count where tape.isLive(i) { loans[k * banks + tape.tape.bank[i]] += 1 }
            }
        }
    }
}

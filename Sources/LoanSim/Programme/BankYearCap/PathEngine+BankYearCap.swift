/// The per-bank-year cap's work at the year's opening that needs the engine's books.
extension PathEngine {
    /// Each bank's balance of the cohort loans each pool covers (`BankYearAllowances.poolBasis`): the base
    /// of a pool's own per-bank-year cap.
    func fillPoolBasis(step t: Int) {
        let banks = shape.bankCount, pools = shape.poolCount
        let basis = bankYearCaps.poolBasis
        for i in basis.indices { basis[i] = 0 }
        for c in 0..<shape.cohortCount where lending.books[c].live > 0 {
            for b in 0..<banks {
                let v = lending.books[c].balance(bank: b, at: t)
                for p in 0..<pools where model.schemes.poolFactor[(c * banks + b) * pools + p] > 0 { basis[p * banks + b] += v }
            }
        }
    }
}

import LoanSimFiles

extension PoolLedger {
    /// The refill rule's work in the `open step` phase when a year opens (from the second): the year's
    /// payouts roll over, and the rule tops the pool up, counted with its top-ups.
    mutating func openYear(refill: RefillSpec?) {
        rollYear()
        if let refill { openStep(topUp: refill.topUp(balance: balance, paidLastYear: paidLastYear), interestRate: 0, feeRate: 0) }
    }
}

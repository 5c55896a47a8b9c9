/// The risk-compensation pool's ledger (风险补偿资金池) for one path: balance, the flows in and out,
/// and the claims waiting for money.
///
/// Invariant: `balance = initial + topUps + interest + clawback − paid − fees`, and `balance ≥ 0`.
struct PoolLedger {
    private(set) var balance = 0.0
    private(set) var initial = 0.0
    private(set) var topUps = 0.0
    private(set) var interest = 0.0
    private(set) var fees = 0.0
    private(set) var paid = 0.0
    private(set) var clawback = 0.0
    /// Paid since the start of the current year, and in the whole of last year.
    private(set) var paidThisYear = 0.0
    private(set) var paidLastYear = 0.0
    var queue = ClaimQueue()
    /// What the pool paid each bank this path (kept only when the run attributes payouts: `keepPaidByBank`).
    private(set) var paidToBank: [Double] = []
    /// Claims queued and not yet paid (the queue's running total), 万元; and whether any are.
    var queued: Double { queue.total }
    var hasQueued: Bool { !queue.isEmpty }

    /// Keeps what the pool pays each of `banks` banks (who drew on it: `PathAttribution`).
    mutating func keepPaidByBank(banks: Int) { paidToBank = Array(repeating: 0, count: banks) }

    mutating func reset(initial capital: Double) {
        for b in paidToBank.indices { paidToBank[b] = 0 }
        balance = capital
        initial = capital
        topUps = 0
        interest = 0
        fees = 0
        paid = 0
        clawback = 0
        paidThisYear = 0
        paidLastYear = 0
        queue.reset()
    }

    /// Start of a step: top-up, then interest on the balance, then the admin fee on it.
    mutating func openStep(topUp: Double, interestRate: Double, feeRate: Double) {
        balance += topUp
        topUps += topUp
        let i = balance * interestRate
        balance += i
        interest += i
        let f = balance * feeRate
        balance -= f
        fees += f
    }

    /// A new year: this year's payouts become last year's (the refill rule reads them).
    mutating func rollYear() {
        paidLastYear = paidThisYear
        paidThisYear = 0
    }

    /// Recovered money returned to the pool (clawback), as cash.
    mutating func receive(clawback amount: Double) {
        balance += amount
        clawback += amount
    }

    /// Pays `amount` to `bank` out of the balance (the payout rule's work: Programme/PoolPayout).
    mutating func pay(_ amount: Double, bank: Int, paidByBank: inout [Double]) {
        balance -= amount
        paid += amount
        paidThisYear += amount
        paidByBank[bank] += amount
        if !paidToBank.isEmpty { paidToBank[bank] += amount }
    }

    /// After a queue paid in full: a balance a rounding below zero is zero.
    mutating func clearRoundingBelowZero() { balance = max(0, balance) }
}

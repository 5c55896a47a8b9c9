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
    /// Claims queued and not yet paid (the queue's running total), 万元; and whether any are.
    var queued: Double { queue.total }
    var hasQueued: Bool { !queue.isEmpty }

    mutating func reset(initial capital: Double) {
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

    private mutating func pay(_ amount: Double, bank: Int, paidByBank: inout [Double]) {
        balance -= amount
        paid += amount
        paidThisYear += amount
        paidByBank[bank] += amount
    }

    /// Pays waiting claims by `rule`: FIFO in filing order (the head claim may be paid in part), or
    /// pro rata (every waiting claim gets the same fraction). Under denial nothing waits.
    mutating func payQueue(_ rule: ShortfallRule, paidByBank: inout [Double]) {
        switch rule {
        case .fifo, .deny:
            while balance > 0, let head = queue.head {
                let amount = min(balance, head.amount)
                pay(amount, bank: head.bank, paidByBank: &paidByBank)
                queue.reduceHead(by: amount)
            }
        case .proRata:
            let due = queue.remaining
            guard due > 0, balance > 0 else { return }
            let fraction = min(1, balance / due)
            let payments = queue.payAll(fraction: fraction)
            for (bank, amount) in payments where amount > 0 { pay(amount, bank: bank, paidByBank: &paidByBank) }
            if fraction >= 1 { balance = max(0, balance) }
        }
    }

    /// A claim under the denial rule: paid at once as far as the balance goes; returns what is denied.
    mutating func payOrDeny(_ amount: Double, bank: Int, paidByBank: inout [Double]) -> Double {
        let now = min(balance, amount)
        if now > 0 { pay(now, bank: bank, paidByBank: &paidByBank) }
        return amount - now
    }
}

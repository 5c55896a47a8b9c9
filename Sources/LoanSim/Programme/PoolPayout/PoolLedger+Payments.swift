import LoanSimFiles

/// The pool's payout rule at work: a claim filed (queued, or paid-or-denied under denial) and the
/// queue paid by the shortfall rule.
extension PoolLedger {
    /// The `claims filed` phase's work for one bank's claim: under denial what the balance cannot pay
    /// now is denied (returned); otherwise the claim waits in the queue and nothing is denied.
    mutating func file(_ amount: Double, bank: Int, rule: ShortfallRule, paidByBank: inout [Double]) -> Double {
        guard rule.queues else { return payOrDeny(amount, bank: bank, paidByBank: &paidByBank) }
        queue.file(amount, bank: bank)
        return 0
    }

    /// The `payments` phase's work: pays waiting claims by `rule`, FIFO in filing order (the head claim
    /// may be paid in part), or pro rata (every waiting claim gets the same fraction). Under denial
    /// nothing waits.
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
            if fraction >= 1 { clearRoundingBelowZero() }
        }
    }

    /// A claim under the denial rule: paid at once as far as the balance goes; returns what is denied.
    mutating func payOrDeny(_ amount: Double, bank: Int, paidByBank: inout [Double]) -> Double {
        let now = min(balance, amount)
        if now > 0 { pay(now, bank: bank, paidByBank: &paidByBank) }
        return amount - now
    }
}

/// The risk-compensation pool's ledger (风险补偿资金池) for one path: balance, the flows in and out,
/// and the queue of claims waiting for money.
///
/// Invariant: `balance = initial + topUps + interest − paid − fees`, and `balance ≥ 0`.
struct PoolLedger {
    private(set) var balance = 0.0
    private(set) var initial = 0.0
    private(set) var topUps = 0.0
    private(set) var interest = 0.0
    private(set) var fees = 0.0
    private(set) var paid = 0.0
    var queue = ClaimQueue()

    mutating func reset(initial capital: Double) {
        balance = capital
        initial = capital
        topUps = 0
        interest = 0
        fees = 0
        paid = 0
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

    /// Pays queued claims in filing order (FIFO) until the money or the queue runs out; the claim at
    /// the head may be paid in part. `paidByBank[b]` accumulates what bank `b` receives.
    mutating func payFIFO(paidByBank: inout [Double]) {
        while balance > 0, let head = queue.head {
            let pay = min(balance, head.amount)
            balance -= pay
            paid += pay
            paidByBank[head.bank] += pay
            queue.reduceHead(by: pay)
        }
    }
}

/// Each bank's state on one path (万元): this step's default statistics (for the circuit breakers),
/// its programme balances at the last evaluation, whether a breaker acts on it, the compensation the
/// pools paid it, and its programme P&L (income, and losses
/// before compensation).
struct BankLedgers {
    // Buffers from the engine's `EngineMemory`, except `compensationPaid`.
    let banks: Int
    let pools: Int
    /// The breakers' books (`BreakerBooks`, at least one): the statistics, balances and lending
    /// suspensions below are per book and bank (`book × banks + bank`).
    let books: Int
    /// This step's principal of defaulted loans, principal loss and guarantor payouts.
    let stepDefaultExposure: UnsafeMutableBufferPointer<Double>
    let stepLoss: UnsafeMutableBufferPointer<Double>
    let stepGuarantor: UnsafeMutableBufferPointer<Double>
    /// Programme balance and its guaranteed part, as last evaluated (year start or breaker check).
    let outstanding: UnsafeMutableBufferPointer<Double>
    let guaranteed: UnsafeMutableBufferPointer<Double>
    /// Breaker actions in force: lending suspended per book and bank, compensation stopped per bank.
    let lendingSuspended: UnsafeMutableBufferPointer<Bool>
    let compensationStopped: UnsafeMutableBufferPointer<Bool>
    /// Compensation paid to the bank so far (an array: the pools' payments add to it), and its value
    /// before this step's payments.
    var compensationPaid: [Double]
    let compensationPaidBefore: UnsafeMutableBufferPointer<Double>
    /// Interest, fees and upfront fees net of funding and operating costs; principal losses the bank
    /// bore before compensation (after other parties' shares, net of IP recoveries it kept).
    let income: UnsafeMutableBufferPointer<Double>
    let loss: UnsafeMutableBufferPointer<Double>

    init(banks: Int, pools: Int, books: Int, memory: EngineMemory) {
        self.banks = banks
        self.pools = pools
        self.books = max(1, books)
        let n = self.books * banks
        stepDefaultExposure = memory.buffer(n, 0.0)
        stepLoss = memory.buffer(n, 0.0)
        stepGuarantor = memory.buffer(n, 0.0)
        outstanding = memory.buffer(n, 0.0)
        guaranteed = memory.buffer(n, 0.0)
        lendingSuspended = memory.buffer(n, false)
        compensationStopped = memory.buffer(banks, false)
        compensationPaid = Array(repeating: 0, count: banks)
        compensationPaidBefore = memory.buffer(banks, 0.0)
        income = memory.buffer(banks, 0.0)
        loss = memory.buffer(banks, 0.0)
    }

    /// A new path: no breaker acting, nothing paid, earned or lost.
    mutating func resetPath() {
        for i in lendingSuspended.indices { lendingSuspended[i] = false }
        for b in 0..<banks {
            compensationStopped[b] = false
            compensationPaid[b] = 0
            income[b] = 0
            loss[b] = 0
        }
    }

    /// A new step: its default statistics start from zero.
    mutating func openStep() {
        for i in stepDefaultExposure.indices {
            stepDefaultExposure[i] = 0
            stepLoss[i] = 0
            stepGuarantor[i] = 0
        }
    }

    /// Defaults of `bank`'s loans with these shares: the step's statistics in each breaker book of
    /// `inBooks` (a `BreakerBooks` mask; 0 without breakers) and the bank's loss.
    mutating func recordDefaults(bank b: Int, _ shares: LossShares, inBooks: UInt32) {
        var mask = inBooks
        while mask != 0 {
            let i = Int(mask.trailingZeroBitCount) * banks + b
            stepDefaultExposure[i] += shares.exposure
            stepLoss[i] += shares.loss
            stepGuarantor[i] += shares.guarantor
            mask &= mask - 1
        }
        loss[b] += shares.loss - shares.guarantor - shares.insurer - shares.appraiser
    }

    /// Remembers what has been paid before this step's payments (the breakers' compensation window).
    mutating func markPaymentsBefore() {
        for b in 0..<banks { compensationPaidBefore[b] = compensationPaid[b] }
    }

    /// Compensation paid to `bank` in this step.
    func paidThisStep(bank b: Int) -> Double { compensationPaid[b] - compensationPaidBefore[b] }

    /// The bank's loss after every other party's share and its own IP recoveries, less compensation.
    func netLoss(bank b: Int) -> Double { loss[b] - compensationPaid[b] }

    /// The bank's programme net income: income minus its losses net of compensation.
    func netIncome(bank b: Int) -> Double { income[b] - (loss[b] - compensationPaid[b]) }

    /// Whether a breaker suspends `bank`'s lending in some book.
    func lendingSuspendedInSomeBook(bank b: Int) -> Bool {
        for k in 0..<books where lendingSuspended[k * banks + b] { return true }
        return false
    }

    /// Banks on which any breaker acts.
    var suspendedCount: Int { (0..<banks).filter { lendingSuspendedInSomeBook(bank: $0) || compensationStopped[$0] }.count }
}

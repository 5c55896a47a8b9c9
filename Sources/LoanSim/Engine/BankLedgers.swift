/// Each bank's state on one path (万元): this step's default statistics (for the circuit breakers),
/// its programme balances at the last evaluation, whether a breaker acts on it, the compensation the
/// pools paid it, its per-pool allowance for the year, and its programme P&L (income, and losses
/// before compensation).
struct BankLedgers {
    let banks: Int
    let pools: Int
    /// This step's principal of defaulted loans, principal loss and guarantor payouts.
    var stepDefaultExposure: [Double]
    var stepLoss: [Double]
    var stepGuarantor: [Double]
    /// Programme balance and its guaranteed part, as last evaluated (year start or breaker check).
    var outstanding: [Double]
    var guaranteed: [Double]
    /// Breaker actions in force.
    var lendingSuspended: [Bool]
    var compensationStopped: [Bool]
    /// Compensation paid to the bank so far, and its value before this step's payments.
    var compensationPaid: [Double]
    var compensationPaidBefore: [Double]
    /// Per pool and bank (`pool × banks + bank`): compensation the bank may still receive this year.
    var yearAllowance: [Double]
    /// Interest, fees and upfront fees net of funding and operating costs; principal losses the bank
    /// bore before compensation (after other parties' shares, net of IP recoveries it kept).
    var income: [Double]
    var loss: [Double]

    init(banks: Int, pools: Int) {
        self.banks = banks
        self.pools = pools
        let zeros = [Double](repeating: 0, count: banks)
        stepDefaultExposure = zeros
        stepLoss = zeros
        stepGuarantor = zeros
        outstanding = zeros
        guaranteed = zeros
        lendingSuspended = Array(repeating: false, count: banks)
        compensationStopped = lendingSuspended
        compensationPaid = zeros
        compensationPaidBefore = zeros
        yearAllowance = Array(repeating: .infinity, count: pools * banks)
        income = zeros
        loss = zeros
    }

    /// A new path: no breaker acting, nothing paid, earned or lost.
    mutating func resetPath() {
        for b in 0..<banks {
            lendingSuspended[b] = false
            compensationStopped[b] = false
            compensationPaid[b] = 0
            income[b] = 0
            loss[b] = 0
        }
    }

    /// A new step: its default statistics start from zero.
    mutating func openStep() {
        for b in 0..<banks {
            stepDefaultExposure[b] = 0
            stepLoss[b] = 0
            stepGuarantor[b] = 0
        }
    }

    /// Defaults of `bank`'s loans with these shares: the step's statistics and the bank's loss.
    mutating func recordDefaults(bank b: Int, _ shares: LossShares) {
        stepDefaultExposure[b] += shares.exposure
        stepLoss[b] += shares.loss
        stepGuarantor[b] += shares.guarantor
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

    /// Banks on which any breaker acts.
    var suspendedCount: Int { (0..<banks).filter { lendingSuspended[$0] || compensationStopped[$0] }.count }
}

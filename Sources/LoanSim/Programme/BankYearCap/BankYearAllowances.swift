import LoanSimFiles

/// The per-bank-year cap's engine state on one path: what each bank may still receive from each pool
/// this year (`pool × banks + bank`), set when the year opens and drawn down as claims are filed.
/// Without a cap it holds nothing and admits every claim.
struct BankYearAllowances {
    let cap: BankYearCapSpec?
    let banks: Int
    private let left: UnsafeMutableBufferPointer<Double>

    init(cap: BankYearCapSpec?, pools: Int, banks: Int, memory: EngineMemory) {
        self.cap = cap
        self.banks = banks
        left = memory.buffer(cap == nil ? 0 : pools * banks, Double.infinity)
    }

    /// The `openYear` phase: each bank's allowance from its balance now, the end of the prior year.
    func openYear(outstanding: UnsafeMutableBufferPointer<Double>) {
        guard let cap else { return }
        for p in 0..<(left.count / max(1, banks)) {
            for b in 0..<banks { left[p * banks + b] = cap.allowance(priorBalance: outstanding[b]) }
        }
    }

    /// The `claims` phase: the part of a claim the bank's allowance admits (the rest is denied).
    @inline(__always)
    func admit(_ amount: Double, pool p: Int, bank b: Int) -> Double {
        guard cap != nil else { return amount }
        let admitted = min(amount, left[p * banks + b])
        left[p * banks + b] -= admitted
        return admitted
    }
}

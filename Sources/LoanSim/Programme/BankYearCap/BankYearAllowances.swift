import LoanSimFiles

/// The per-bank-year cap's engine state on one path: what each bank may still receive from each pool
/// this year (`pool × banks + bank`), set when the year opens and drawn down as claims are filed.
/// A pool's cap is its own (`pools[].per_bank_year_cap`, on the bank's balance of the loans that pool
/// covers, `poolBasis`) or else the programme's (on the bank's whole programme balance). A pool without
/// either admits every claim.
struct BankYearAllowances {
    /// Per pool: its cap, and whether it is the pool's own (measured on the pool's loans).
    let caps: [BankYearCapSpec?]
    let own: [Bool]
    /// Some pool has a cap.
    let any: Bool
    /// Some pool has a cap of its own (the engine then fills `poolBasis` when a year opens).
    let anyOwn: Bool
    let banks: Int
    private let left: UnsafeMutableBufferPointer<Double>
    /// Each bank's balance of the loans each pool covers (`pool × banks + bank`), for the pools' own caps.
    let poolBasis: UnsafeMutableBufferPointer<Double>

    init(programme cap: BankYearCapSpec?, poolCaps: [BankYearCapSpec?], banks: Int, memory: EngineMemory) {
        caps = poolCaps.map { $0 ?? cap }
        own = poolCaps.map { $0 != nil }
        any = caps.contains { $0 != nil }
        anyOwn = own.contains(true)
        self.banks = banks
        left = memory.buffer(any ? caps.count * banks : 0, Double.infinity)
        poolBasis = memory.buffer(anyOwn ? caps.count * banks : 0, 0.0)
    }

    /// The `openYear` phase: each bank's allowance from its balance now, the end of the prior year: the
    /// pool's loans for a pool's own cap (`poolBasis`, filled by the engine), else the whole programme.
    func openYear(outstanding: UnsafeMutableBufferPointer<Double>) {
        guard any else { return }
        for p in caps.indices {
            guard let cap = caps[p] else { continue }
            for b in 0..<banks { left[p * banks + b] = cap.allowance(priorBalance: own[p] ? poolBasis[p * banks + b] : outstanding[b]) }
        }
    }

    /// The `claims` phase: the part of a claim the bank's allowance admits (the rest is denied).
    @inline(__always)
    func admit(_ amount: Double, pool p: Int, bank b: Int) -> Double {
        guard any else { return amount }
        let admitted = min(amount, left[p * banks + b])
        left[p * banks + b] -= admitted
        return admitted
    }
}

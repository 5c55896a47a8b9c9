/// A ring's slot count: at least `n`, a power of two, so that a step's slot is `step & (slots − 1)`
/// (no integer division in the per-step look-ups).
func ringSlots(_ n: Int) -> Int { n <= 1 ? 1 : 1 << (Int.bitWidth - (n - 1).leadingZeroBitCount) }

/// Claims waiting to be filed: per filing step (a ring of at least `lag + 1` slots), pool and bank, 万元.
struct ClaimPipeline {
    let slots: Int
    let pools: Int
    let banks: Int
    private let amount: UnsafeMutableBufferPointer<Double>

    init(lagSteps: Int, pools: Int, banks: Int, memory: EngineMemory) {
        slots = ringSlots(lagSteps + 1)
        self.pools = pools
        self.banks = banks
        amount = memory.buffer(slots * pools * banks, 0.0)
    }

    private func index(_ step: Int, _ pool: Int, _ bank: Int) -> Int { ((step & (slots - 1)) * pools + pool) * banks + bank }

    mutating func reset() { for i in amount.indices { amount[i] = 0 } }

    /// A claim on `pool` for `bank`, to be filed in step `filing`.
    mutating func add(_ value: Double, filing: Int, pool: Int, bank: Int) { amount[index(filing, pool, bank)] += value }

    /// What falls due in step `step` for (pool, bank), emptying the slot.
    mutating func take(step: Int, pool: Int, bank: Int) -> Double {
        let i = index(step, pool, bank)
        defer { amount[i] = 0 }
        return amount[i]
    }
}

/// The parties an IP recovery is returned to (clawback), besides the pools.
enum RecoveryParty: Int, CaseIterable {
    case guarantor, insurer, appraiser, bank
}

/// IP recoveries on their way back: per arrival step (a ring over the longest disposal lag), bank and
/// party (each pool, then `RecoveryParty`), 万元.
struct RecoveryPipeline {
    let slots: Int
    let pools: Int
    let banks: Int
    private let amount: UnsafeMutableBufferPointer<Double>
    var width: Int { pools + RecoveryParty.allCases.count }

    init(maxLagSteps: Int, pools: Int, banks: Int, memory: EngineMemory) {
        slots = ringSlots(maxLagSteps + 1)
        self.pools = pools
        self.banks = banks
        amount = memory.buffer(slots * banks * (pools + RecoveryParty.allCases.count), 0.0)
    }

    private func base(_ step: Int, _ bank: Int) -> Int { ((step & (slots - 1)) * banks + bank) * width }

    mutating func reset() { for i in amount.indices { amount[i] = 0 } }

    mutating func add(_ value: Double, arrival: Int, bank: Int, pool: Int) { amount[base(arrival, bank) + pool] += value }
    mutating func add(_ value: Double, arrival: Int, bank: Int, party: RecoveryParty) {
        amount[base(arrival, bank) + pools + party.rawValue] += value
    }

    /// What arrives in step `step` for `bank` and `pool` (or `party`), emptying the slot.
    mutating func take(step: Int, bank: Int, pool: Int) -> Double { take(base(step, bank) + pool) }
    mutating func take(step: Int, bank: Int, party: RecoveryParty) -> Double { take(base(step, bank) + pools + party.rawValue) }

    private mutating func take(_ i: Int) -> Double {
        defer { amount[i] = 0 }
        return amount[i]
    }
}

/// The model's tables read for every group of defaults, copied into buffers of the engine's own: the
/// model's arrays are shared by the engines of all threads, and reading them from the shared object
/// moves their reference counts between cores.
struct HotTables {
    let lossPerExposure: [Double]
    let singleScheme: [Int]
    let schemeRatio: [Double]
    let schemeCount: Int
    let poolFactor: [Double]
    let claimLag: [Int]
    let fixedSize: [Double]
    let claimCap: Double
    let stepCount: Int

    init(_ m: CompiledScenario) {
        // `map` allocates new buffers (a plain copy would share the model's).
        lossPerExposure = m.lossPerExposure.map { $0 }
        singleScheme = m.schemes.single.map { $0 }
        schemeRatio = m.schemes.ratio.map { $0 }
        schemeCount = m.schemes.count
        poolFactor = m.schemes.poolFactor.map { $0 }
        claimLag = m.cohorts.map(\.claimLagSteps)
        fixedSize = m.cohorts.map(\.size.fixed)
        claimCap = m.schemes.claimCap
        stepCount = m.stepCount
    }
}

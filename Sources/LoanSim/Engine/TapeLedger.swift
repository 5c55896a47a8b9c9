/// One path's loan tape: which loans are live, kept per default class in a slot list (class k's live
/// loans in `live[offset[k] ..< offset[k] + liveCount[k]]`, `slot[i]` the place of loan i, −1 when it
/// is not live), and the live book's accrual sums per bank and its balance per rules cohort.
/// `reset` restores the book's state at the start, copied from a snapshot taken once.
struct TapeLedger {
    let tape: CompiledTape
    let banks: Int
    private(set) var live: [Int]
    private(set) var liveCount: [Int]
    private(set) var slot: [Int]
    /// `sums[bank * Weight.count + w]`: the live loans' accrual weights.
    private(set) var sums: [Double]
    /// Live balance per rules cohort (for its guarantor's payout allowance).
    private(set) var balanceByRules: [Double]
    private var start: (live: [Int], liveCount: [Int], slot: [Int], sums: [Double], balanceByRules: [Double])

    init(_ tape: CompiledTape, banks: Int) {
        self.tape = tape
        self.banks = banks
        live = Array(repeating: -1, count: tape.count)
        liveCount = Array(repeating: 0, count: tape.classCount)
        slot = Array(repeating: -1, count: tape.count)
        sums = Array(repeating: 0, count: banks * CompiledTape.Weight.allCases.count)
        balanceByRules = Array(repeating: 0, count: tape.cohortCount)
        start = ([], [], [], [], [])
        for i in tape.startsAt.first ?? [] { add(i) }
        start = (live, liveCount, slot, sums, balanceByRules)
    }

    mutating func reset() {
        live.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: start.live) }
        liveCount.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: start.liveCount) }
        slot.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: start.slot) }
        sums.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: start.sums) }
        balanceByRules.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: start.balanceByRules) }
    }

    func isLive(_ i: Int) -> Bool { slot[i] >= 0 }
    func sum(bank b: Int, _ w: CompiledTape.Weight) -> Double { sums[b * CompiledTape.Weight.allCases.count + w.rawValue] }
    var balance: Double { (0..<banks).reduce(0) { $0 + sum(bank: $1, .balance) } }

    /// Loan `i` joins its class's live loans and the book's sums.
    mutating func add(_ i: Int) {
        let k = tape.loanClass[i]
        let s = tape.classOffset[k] + liveCount[k]
        live[s] = i
        slot[i] = s
        liveCount[k] += 1
        addWeights(i, sign: 1)
    }

    /// Loan `i` leaves (default or maturity): the last live loan of its class takes its slot.
    mutating func remove(_ i: Int) {
        let k = tape.loanClass[i]
        let s = slot[i], last = tape.classOffset[k] + liveCount[k] - 1
        let moved = live[last]
        live[s] = moved
        slot[moved] = s
        live[last] = -1
        slot[i] = -1
        liveCount[k] -= 1
        addWeights(i, sign: -1)
    }

    /// Exchanges the loans in slots `a` and `b` (the candidate draw shuffles a class's first slots).
    mutating func swapSlots(_ a: Int, _ b: Int) {
        guard a != b else { return }
        let (x, y) = (live[a], live[b])
        live[a] = y
        live[b] = x
        slot[y] = a
        slot[x] = b
    }

    private mutating func addWeights(_ i: Int, sign: Double) {
        let n = CompiledTape.Weight.allCases.count
        let base = tape.bank[i] * n
        for w in 0..<n { sums[base + w] += sign * tape.weights[i * n + w] }
        balanceByRules[tape.rules[i]] += sign * tape.amount[i]
    }
}

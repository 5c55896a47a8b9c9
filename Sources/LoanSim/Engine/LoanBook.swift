/// The live loans of one cohort as homogeneous groups: loans of one bank originated in one step.
/// Groups are appended in origination order and, with one term per cohort, mature in that order too,
/// so maturities pop from the front. They live in a ring of buffers from the engine's `EngineMemory`:
/// with one group per bank and step, at most `banks × (term + 1)` are live at once.
///
/// Balances are kept per bank as two running sums, so that the principal outstanding at any step is
/// O(1) and computed in one place (`balance(bank:at:)`): with equal-principal amortisation a loan
/// started at `s` owes `1 − (τ − s)/term` of its principal during step τ, so a bank's `L` loans with
/// start sum `S` owe `L − (τ·L − S)/term` loan-principals; bullet loans owe `L`.
struct LoanBook {
    /// Loans of one bank originated in one step.
    struct Group {
        var bank: Int
        var start: Int
        var count: Int
    }
    /// The live groups by logical index `g` (`groupRange`), in slot `g & mask` of the ring.
    private let ring: UnsafeMutableBufferPointer<Group>
    private let mask: Int
    /// Logical indices of the oldest live group and one past the newest.
    private(set) var head = 0
    private(set) var tail = 0
    /// Live loans in all groups.
    private(set) var live = 0
    /// Per bank: live loans, and the sum of their start steps.
    private let loansByBank: UnsafeMutableBufferPointer<Int>
    private let startSumByBank: UnsafeMutableBufferPointer<Int>
    /// Mean principal of a loan (万元), and the term in steps when loans amortise (nil: bullet).
    let meanSize: Double
    let amortisingTerm: Int?

    /// A book for `banks` banks holding at most `maxGroups` live groups at once.
    init(banks: Int, meanSize: Double, amortisingTerm: Int?, maxGroups: Int, memory: EngineMemory) {
        let slots = ringSlots(maxGroups)
        ring = memory.buffer(slots, Group(bank: 0, start: 0, count: 0))
        mask = slots - 1
        loansByBank = memory.buffer(banks, 0)
        startSumByBank = memory.buffer(banks, 0)
        self.meanSize = meanSize
        self.amortisingTerm = amortisingTerm
    }

    mutating func reset() {
        head = 0
        tail = 0
        live = 0
        loansByBank.fill(0)
        startSumByBank.fill(0)
    }

    var groupRange: Range<Int> { head..<tail }
    /// Live loans of bank `b`.
    func loans(bank b: Int) -> Int { loansByBank[b] }
    var bankCount: Int { loansByBank.count }

    /// The live group with logical index `g` (in `groupRange`).
    subscript(_ g: Int) -> Group { ring[g & mask] }

    /// Principal outstanding of bank `b`'s live loans during step `tau` (万元).
    func balance(bank b: Int, at tau: Int) -> Double {
        let loans = Double(loansByBank[b])
        guard let term = amortisingTerm else { return loans * meanSize }
        return (loans - (Double(tau) * loans - Double(startSumByBank[b])) / Double(term)) * meanSize
    }

    /// Principal outstanding of all live loans during step `tau` (万元).
    func balance(at tau: Int) -> Double {
        var total = 0.0
        for b in loansByBank.indices { total += balance(bank: b, at: tau) }
        return total
    }

    /// Outstanding share of one loan's principal during step `tau`, for a loan of group `g`.
    func outstandingFactor(group g: Int, at tau: Int) -> Double {
        guard let term = amortisingTerm else { return 1 }
        return 1 - Double(tau - self[g].start) / Double(term)
    }

    mutating func append(bank b: Int, start s: Int, count n: Int) {
        guard n > 0 else { return }
        precondition(tail - head <= mask, "LoanBook: more live groups than its ring holds")
        ring[tail & mask] = Group(bank: b, start: s, count: n)
        tail += 1
        live += n
        loansByBank[b] += n
        startSumByBank[b] += n * s
    }

    mutating func removeDefaults(_ d: Int, group g: Int) {
        ring[g & mask].count -= d
        let group = ring[g & mask]
        live -= d
        loansByBank[group.bank] -= d
        startSumByBank[group.bank] -= d * group.start
    }

    /// Removes the oldest group, returning it.
    mutating func popFront() -> (bank: Int, count: Int) {
        let group = ring[head & mask]
        head += 1
        live -= group.count
        loansByBank[group.bank] -= group.count
        startSumByBank[group.bank] -= group.count * group.start
        return (group.bank, group.count)
    }
}

/// The live loans of one cohort as homogeneous groups: loans of one bank originated in one step.
/// Groups are appended in origination order and, with one term per cohort, mature in that order too,
/// so maturities pop from the front.
///
/// Balances are kept per bank as two running sums, so that the principal outstanding at any step is
/// O(1) and computed in one place (`balance(bank:at:)`): with equal-principal amortisation a loan
/// started at `s` owes `1 − (τ − s)/term` of its principal during step τ, so a bank's `L` loans with
/// start sum `S` owe `L − (τ·L − S)/term` loan-principals; bullet loans owe `L`.
struct LoanBook {
    /// Loans of one bank originated in one step: one array of these rather than three parallel ones,
    /// so that a group is appended, read and removed in one place.
    struct Group {
        var bank: Int
        var start: Int
        var count: Int
    }
    var groups: [Group] = []
    /// Index of the oldest live group.
    var head = 0
    /// Live loans in all groups.
    var live = 0
    /// Per bank: live loans, and the sum of their start steps.
    private(set) var loansByBank: [Int]
    private var startSumByBank: [Int]
    /// Mean principal of a loan (万元), and the term in steps when loans amortise (nil: bullet).
    let meanSize: Double
    let amortisingTerm: Int?

    init(banks: Int, meanSize: Double, amortisingTerm: Int?) {
        loansByBank = Array(repeating: 0, count: banks)
        startSumByBank = loansByBank
        self.meanSize = meanSize
        self.amortisingTerm = amortisingTerm
    }

    mutating func reset() {
        groups.removeAll(keepingCapacity: true)
        head = 0
        live = 0
        for b in loansByBank.indices {
            loansByBank[b] = 0
            startSumByBank[b] = 0
        }
    }

    var groupRange: Range<Int> { head..<groups.count }
    var bankCount: Int { loansByBank.count }

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
        return 1 - Double(tau - groups[g].start) / Double(term)
    }

    mutating func append(bank b: Int, start s: Int, count n: Int) {
        guard n > 0 else { return }
        if head > 64 && head * 2 > groups.count {
            groups.removeFirst(head)
            head = 0
        }
        groups.append(Group(bank: b, start: s, count: n))
        live += n
        loansByBank[b] += n
        startSumByBank[b] += n * s
    }

    mutating func removeDefaults(_ d: Int, group g: Int) {
        groups[g].count -= d
        let group = groups[g]
        live -= d
        loansByBank[group.bank] -= d
        startSumByBank[group.bank] -= d * group.start
    }

    /// Removes the oldest group, returning it.
    mutating func popFront() -> (bank: Int, count: Int) {
        let group = groups[head]
        head += 1
        live -= group.count
        loansByBank[group.bank] -= group.count
        startSumByBank[group.bank] -= group.count * group.start
        return (group.bank, group.count)
    }
}

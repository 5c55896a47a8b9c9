/// The live loans of one cohort as homogeneous groups: loans of one bank originated in one step.
/// Groups are appended in origination order and, with one term per cohort, mature in that order too,
/// so maturities pop from the front.
struct LoanBook {
    var bank: [Int] = []
    var start: [Int] = []
    var count: [Int] = []
    /// Index of the oldest live group.
    var head = 0
    /// Live loans in all groups.
    var live = 0

    mutating func reset() {
        bank.removeAll(keepingCapacity: true)
        start.removeAll(keepingCapacity: true)
        count.removeAll(keepingCapacity: true)
        head = 0
        live = 0
    }

    var groupRange: Range<Int> { head..<count.count }

    mutating func append(bank b: Int, start s: Int, count n: Int) {
        guard n > 0 else { return }
        if head > 64 && head * 2 > count.count {
            bank.removeFirst(head)
            start.removeFirst(head)
            count.removeFirst(head)
            head = 0
        }
        bank.append(b)
        start.append(s)
        count.append(n)
        live += n
    }

    mutating func removeDefaults(_ d: Int, group g: Int) {
        count[g] -= d
        live -= d
    }

    /// Removes the oldest group, returning it.
    mutating func popFront() -> (bank: Int, count: Int) {
        let g = head
        head += 1
        live -= count[g]
        return (bank[g], count[g])
    }
}

/// Claims filed with the pool and not yet paid, in filing order. A claim here is the sum of one bank's
/// loan claims filed in one step (claims of the same step are queued in bank order).
struct ClaimQueue {
    private var amounts: [Double] = []
    private var banks: [Int] = []
    private var start = 0
    /// Total unpaid, 万元.
    private(set) var total = 0.0

    mutating func reset() {
        amounts.removeAll(keepingCapacity: true)
        banks.removeAll(keepingCapacity: true)
        start = 0
        total = 0
    }

    var isEmpty: Bool { start == amounts.count }

    var head: (amount: Double, bank: Int)? {
        isEmpty ? nil : (amounts[start], banks[start])
    }

    mutating func file(_ amount: Double, bank: Int) {
        guard amount > 0 else { return }
        amounts.append(amount)
        banks.append(bank)
        total += amount
    }

    /// Pays `amount` (≤ the head claim) off the head claim; removes it once nothing is left.
    mutating func reduceHead(by amount: Double) {
        let left = amounts[start] - amount
        total -= amount
        if left <= 0 {
            start += 1
            if isEmpty { total = 0 }
        } else {
            amounts[start] = left
        }
    }
}

extension ClaimQueue {
    /// Exact sum of the unpaid claims (the running `total` may carry rounding from partial payments).
    var remaining: Double {
        var s = 0.0
        for i in start..<amounts.count { s += amounts[i] }
        return s
    }
}

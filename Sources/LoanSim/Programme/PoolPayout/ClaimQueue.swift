/// Claims filed with the pool and not yet paid, in filing order. A claim here is the sum of one bank's
/// loan claims filed in one step (claims of the same step are queued in bank order).
struct ClaimQueue {
    fileprivate var amounts: [Double] = []
    fileprivate var banks: [Int] = []
    fileprivate var start = 0
    /// Total unpaid, 万元.
    fileprivate(set) var total = 0.0

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
    /// Pays every waiting claim `fraction` of what it is owed (pro rata); returns (bank, amount) paid,
    /// in queue order. Claims paid in full leave the queue.
    mutating func payAll(fraction: Double) -> [(Int, Double)] {
        var out: [(Int, Double)] = []
        var kept = 0
        var total = 0.0
        for i in start..<amounts.count {
            let pay = fraction >= 1 ? amounts[i] : amounts[i] * fraction
            out.append((banks[i], pay))
            let left = amounts[i] - pay
            if left > 0 {
                amounts[start + kept] = left
                banks[start + kept] = banks[i]
                kept += 1
                total += left
            }
        }
        amounts.removeLast(amounts.count - start - kept)
        banks.removeLast(banks.count - start - kept)
        self.total = total
        return out
    }

    /// Exact sum of the unpaid claims (the running `total` may carry rounding from partial payments).
    var remaining: Double {
        var s = 0.0
        for i in start..<amounts.count { s += amounts[i] }
        return s
    }
}

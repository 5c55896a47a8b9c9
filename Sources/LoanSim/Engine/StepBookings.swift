/// The fast path's defaults of one step, summed before they are booked (the issue's "per-step claim
/// sums"). Defaults of loans whose claims go the same way (the same bank, claim lag, output sector and
/// pool routing, in the same breaker books) are booked together: their totals, the bank's ledger and one claim per pool into the
/// pipeline, once per step instead of once per group of defaults. The per-loan path books at once.
///
/// A slot is such a class of (cohort, bank) pairs, found at set-up; `add` sums a group's shares into
/// its slot and `take` hands a slot's sums back once and empties it; the engine takes the slots in order.
struct StepBookings {
    struct Slot {
        let bank: Int
        let claimLag: Int
        let sector: Int
        /// `(c * banks + bank) * pools` of one member: where its pool routing factors start.
        let route: Int
        /// The breaker books its members are in (`BreakerBooks` mask).
        let books: UInt32
    }

    /// `slotOf[c * banks + b]`: the slot of cohort c's loans at bank b.
    let slotOf: [Int]
    let slots: [Slot]
    private let defaults: UnsafeMutableBufferPointer<Int>
    private let shares: UnsafeMutableBufferPointer<LossShares>

    init(_ m: CompiledScenario, memory: EngineMemory) {
        let banks = m.bankShares.count, pools = m.pools.count
        var slotOf = [Int](), slots = [Slot]()
        var known = [[Double]: Int]()
        for c in m.cohorts.indices {
            for b in 0..<banks {
                let route = (c * banks + b) * pools
                // The key: bank, lag, sector and breaker books (as numbers), then the routing factors.
                let books = m.breakerBooks.cohortMask[c]
                let key = [Double(b), Double(m.cohorts[c].claimLagSteps), Double(m.cohortSector[c]), Double(books)]
                    + m.schemes.poolFactor[route..<route + pools]
                if let s = known[key] {
                    slotOf.append(s)
                } else {
                    known[key] = slots.count
                    slotOf.append(slots.count)
                    slots.append(Slot(bank: b, claimLag: m.cohorts[c].claimLagSteps, sector: m.cohortSector[c], route: route, books: books))
                }
            }
        }
        self.slotOf = slotOf
        self.slots = slots
        defaults = memory.buffer(slots.count, 0)
        shares = memory.buffer(slots.count, LossShares())
    }

    /// `d` defaults of cohort `c` at `bank` with `shares` (their pool claim before routing).
    mutating func add(_ d: Int, _ s: LossShares, cohort c: Int, bank: Int, banks: Int) {
        let k = slotOf[c * banks + bank]
        defaults[k] += d
        shares[k].add(s)
    }

    /// Slot `k`'s defaults this step and their shares (nil: none), the slot emptied.
    mutating func take(_ k: Int) -> (defaults: Int, shares: LossShares)? {
        guard defaults[k] > 0 else { return nil }
        defer {
            defaults[k] = 0
            shares[k] = LossShares()
        }
        return (defaults[k], shares[k])
    }
}

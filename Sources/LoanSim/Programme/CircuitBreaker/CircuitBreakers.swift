/// The circuit breakers' state on one path (docs/model.md §3.6, docs/model-choices.md "Circuit breaker"):
/// each breaker's trailing statistics per bank, and per breaker and bank whether it acts and since when.
///
/// Phase "breakers" (end of step, after payments): `record` the step's statistics, then `evaluate` at
/// each breaker's check dates. A breaker's measure is its metric per bank (`scope: bank`) or over the
/// whole programme (`scope: programme`, the same figure for every bank, so that it acts on all of them).
/// A breaker reads its book (`BreakerBooks`: the whole programme book, or the cohorts it names), and its
/// statistics are kept per book and bank (`book × banks + bank`); a suspension reaches that book's lending.
/// It acts when the measure exceeds the threshold on a book of at least `min_loans` live loans; it is
/// lifted at a later check once the minimum suspension has passed and, with `until_recovered`, once it
/// no longer would act (measure at or under the threshold, or a book under `min_loans`).
struct CircuitBreakers {
    /// The breakers acting on this path: the scenario's, or the reading of them the path drew
    /// (`select`, a calibration averaged over the breaker's readings).
    private(set) var rules: [CompiledBreaker]
    let banks: Int
    /// Breaker books (at least one).
    let books: Int
    var windows: BreakerWindows
    /// Per breaker and bank (`breaker × banks + bank`): acting on the bank, and since which step.
    private let on: UnsafeMutableBufferPointer<Bool>
    private let since: UnsafeMutableBufferPointer<Int>
    /// Live loans per book and bank at the last check (filled by the engine only when a breaker has `min_loans`).
    let liveLoans: UnsafeMutableBufferPointer<Int>
    private(set) var needsLoanCounts: Bool
    private(set) var hasProgrammeScope: Bool

    /// `variants`: other readings of the same breakers a path may `select` (the buffers fit the largest).
    init(_ rules: [CompiledBreaker], variants: [[CompiledBreaker]] = [], stepMonths d: Int, banks: Int, books: Int = 1, memory: EngineMemory) {
        self.rules = rules
        self.banks = banks
        self.books = max(1, books)
        let all = [rules] + variants
        let most = all.map(\.count).max() ?? 0
        windows = BreakerWindows(maxWindowSteps: all.map { CompiledBreaker.longestWindow($0, stepMonths: d) }.max() ?? 1,
                                 banks: most == 0 ? 0 : self.books * banks, memory: memory)
        on = memory.buffer(most * banks, false)
        since = memory.buffer(most * banks, 0)
        liveLoans = memory.buffer(most == 0 ? 0 : self.books * banks, 0)
        (needsLoanCounts, hasProgrammeScope) = (false, false)
        select(rules)
    }

    /// This path's reading of the breakers (before `resetPath`).
    mutating func select(_ rules: [CompiledBreaker]) {
        self.rules = rules
        needsLoanCounts = rules.contains { $0.minLoans > 0 }
        hasProgrammeScope = rules.contains { $0.scope == .programme }
    }

    var isEmpty: Bool { rules.isEmpty }

    /// A new path: no statistics, no breaker acting.
    mutating func resetPath() {
        windows.reset()
        for i in on.indices {
            on[i] = false
            since[i] = 0
        }
    }

    /// Step `t`'s statistics per book and bank: defaults, losses, guarantor payouts, compensation received
    /// (the bank's, in every book) and the balance at the step's end (`ledgers.outstanding`, just evaluated).
    mutating func record(step t: Int, _ ledgers: borrowing BankLedgers) {
        for k in 0..<books {
            for b in 0..<banks {
                let i = k * banks + b
                windows.record(.defaultExposure, step: t, bank: i, ledgers.stepDefaultExposure[i])
                windows.record(.loss, step: t, bank: i, ledgers.stepLoss[i])
                windows.record(.guarantorPaid, step: t, bank: i, ledgers.stepGuarantor[i])
                windows.record(.compensation, step: t, bank: i, ledgers.paidThisStep(bank: b))
                windows.record(.outstanding, step: t, bank: i, ledgers.outstanding[i])
            }
        }
    }

    /// The breakers checked at the end of step `t` act or are lifted; the actions in force are written
    /// to `ledgers` (lending suspended, compensation stopped).
    mutating func evaluate(step t: Int, ledgers: inout BankLedgers, poolBalance: Double, initialOutstanding: [Double],
                           out: inout PathOutcome) {
        for k in rules.indices where rules[k].checks(step: t) {
            let rule = rules[k]
            let window = min(rule.windowSteps, t + 1)
            let first = rule.book * banks
            if rule.scope == .programme {
                let figure = measure(rule, window: window, step: t, banks: first..<(first + banks), ledgers, poolBalance, initialOutstanding)
                for b in 0..<banks { decide(k, bank: b, step: t, figure, out: &out) }
            } else {
                for b in 0..<banks {
                    let i = first + b
                    decide(k, bank: b, step: t, measure(rule, window: window, step: t, banks: i..<(i + 1), ledgers, poolBalance, initialOutstanding),
                           out: &out)
                }
            }
        }
        for i in ledgers.lendingSuspended.indices { ledgers.lendingSuspended[i] = false }
        for b in 0..<banks {
            ledgers.compensationStopped[b] = false
            for k in rules.indices where on[k * banks + b] {
                if rules[k].action == .suspendLending { ledgers.lendingSuspended[rules[k].book * banks + b] = true } else { ledgers.compensationStopped[b] = true }
            }
        }
    }

    /// The breaker's metric and the live loans it is measured on, over `range` of its book's banks (one
    /// bank, or all; indices `book × banks + bank`).
    private func measure(_ rule: CompiledBreaker, window: Int, step t: Int, banks range: Range<Int>, _ ledgers: borrowing BankLedgers,
                         _ poolBalance: Double, _ initialOutstanding: [Double]) -> (rate: Double, loans: Int) {
        func sum(_ series: BreakerWindows.Series) -> Double {
            var s = 0.0
            for b in range { s += windows.sum(series, window: window, endingAt: t, bank: b) }
            return s
        }
        func total(_ values: UnsafeMutableBufferPointer<Double>) -> Double {
            var s = 0.0
            for b in range { s += values[b] }
            return s
        }
        var loans = 0
        if rule.minLoans > 0 { for b in range { loans += liveLoans[b] } }
        switch rule.metric {
        case .overdueRate:
            // Flow: defaults in the window; stock: the overdue balance, defaults still before their claim.
            let overdue = sum(.defaultExposure)
            return (ratio(overdue, total(ledgers.outstanding) + overdue), loans)
        case .annualLossRate:
            // Against the balance at the start of the window (the end of the step before it).
            let start = t - window
            var base = 0.0
            for b in range { base += start >= 0 ? windows.value(.outstanding, step: start, bank: b) : initialOutstanding[b] }
            return (ratio(sum(.loss), base), loans)
        case .compensationToBalance:
            return (ratio(sum(.compensation), poolBalance), loans)
        case .guarantorPayoutRate:
            return (ratio(sum(.guarantorPaid), total(ledgers.guaranteed)), loans)
        }
    }

    /// Breaker `k` on bank `b`, given its measure: acts, stays, or is lifted.
    private mutating func decide(_ k: Int, bank b: Int, step t: Int, _ figure: (rate: Double, loans: Int), out: inout PathOutcome) {
        let rule = rules[k], i = k * banks + b
        let over = figure.rate > rule.threshold && figure.loans >= rule.minLoans
        if !on[i] {
            if over {
                on[i] = true
                since[i] = t
                out.breakerTrips += 1
                if out.bankFirstSuspension[b] < 0 { out.bankFirstSuspension[b] = t }
            }
        } else if t - since[i] >= rule.minSuspensionSteps && (!rule.untilRecovered || !over) {
            on[i] = false
        }
    }

    /// a / b, with 0/0 = 0 and a/0 = ∞ for a > 0.
    private func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : (a > 0 ? .infinity : 0) }
}

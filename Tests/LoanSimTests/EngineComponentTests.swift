import Foundation
import Testing
import RiskModel
@testable import LoanSim

/// The engine's components against the slow, obvious computation they replace.
@Suite struct EngineComponentTests {
    /// The fast path (one pass over the size draws, per-step claim sums) and the per-loan rules give
    /// the same numbers on every path of B1 and of the calibrated 郑科贷 baseline: they draw the
    /// same words, so only the order of additions differs.
    @Test(arguments: ["bench-b1.yaml", "zhengkedai-baseline.yaml"])
    func fastPathAgreesWithPerLoanRules(_ file: String) throws {
        var s = try ScenarioLoader.load(path: "\(scenariosDirectory)/\(file)").scenario
        s.horizonMonths = min(s.horizonMonths, 36)
        gslStartUp()
        let fast = CompiledScenario(s), slow = CompiledScenario(s, perLoanLossSharing: true)
        #expect(fast.schemes.single.contains { $0 >= 0 } && !slow.schemes.single.contains { $0 >= 0 })
        let a = Simulation.runSerial(fast, paths: 300, seed: 5).outcomes, b = Simulation.runSerial(slow, paths: 300, seed: 5).outcomes
        var defaults = 0.0
        for (x, y) in zip(a, b) {
            defaults += x.defaults
            #expect(x.defaults == y.defaults)
            #expect(close(x.grossLoss, y.grossLoss, 1e-12) && close(x.claimsFiled, y.claimsFiled, 1e-12))
            #expect(close(x.poolPaid, y.poolPaid, 1e-12) && close(x.bankNetLoss, y.bankNetLoss, 1e-9))
        }
        #expect(defaults > 1000)
    }

    /// A ring holds at least the steps asked for, in a power of two of slots (its index is a mask).
    /// An engine's memory hands out buffers initialised as asked, and releases what buffers of values with
    /// references hold when it goes (a pool ledger's queue): nothing outlives it, nothing leaks.
    @Test func engineMemoryInitialisesAndReleases() {
        final class Held {}
        weak var watched: Held?
        do {
            let memory = EngineMemory()
            let counts = memory.buffer(5, 7)
            let flags = memory.buffer([true, false, true])
            var held: UnsafeMutableBufferPointer<[Held]>? = nil
            do {
                let object = Held()
                watched = object
                held = memory.buffer([[object], []])
            }
            #expect(Array(counts) == [7, 7, 7, 7, 7] && Array(flags) == [true, false, true])
            #expect(watched != nil && held?[0].count == 1, "the buffer keeps its values alive")
            withExtendedLifetime(memory) {}
        }
        #expect(watched == nil, "freed with the memory")
    }

    @Test func ringSlotsAreThePowerOfTwoAtLeastAsked() {
        #expect([1, 2, 3, 4, 5, 12, 13, 16, 17].map(ringSlots) == [1, 2, 4, 4, 8, 16, 16, 16, 32])
    }

    /// The loan book's O(1) balance by bank equals the sum over its groups of count × mean size ×
    /// outstanding share, for bullet and amortising loans, after appends, defaults and maturities.
    @Test(arguments: [nil, 24] as [Int?])
    func loanBookBalanceIsTheSumOverGroups(_ term: Int?) {
        let memory = EngineMemory()
        defer { withExtendedLifetime(memory) {} }
        var book = LoanBook(banks: 3, meanSize: 137.5, amortisingTerm: term, maxGroups: 60, memory: memory)
        let rng = RandomStream(kind: .taus2, seed: 7)
        for t in 0..<20 {
            for b in 0..<3 { book.append(bank: b, start: t, count: 1 + rng.ref.uniformInt(50)) }
            // A group chosen by the seeded stream (not `randomElement()`, which draws from the system generator).
            let g = book.groupRange.lowerBound + rng.ref.uniformInt(book.groupRange.count)
            if book[g].count > 2 { book.removeDefaults(2, group: g) }
            if t % 5 == 4 { _ = book.popFront() }
            for tau in [t, t + 1] {
                for b in 0..<3 {
                    var direct = 0.0
                    for g in book.groupRange where book[g].bank == b {
                        direct += Double(book[g].count) * 137.5 * (term.map { 1 - Double(tau - book[g].start) / Double($0) } ?? 1)
                    }
                    #expect(close(book.balance(bank: b, at: tau), direct, 1e-12))
                }
            }
        }
        #expect(book.live == book.groupRange.reduce(0) { $0 + book[$1].count })
    }

    /// Claims come out in the step they were filed for, per pool and bank, once; recoveries reach
    /// their named party.
    @Test func pipelinesDeliverOnTime() {
        // The components' buffers live as long as their memory (an engine keeps it for its whole life).
        let memory = EngineMemory()
        withExtendedLifetime(memory) {
            var claims = ClaimPipeline(lagSteps: 3, pools: 2, banks: 2, memory: memory)
            claims.add(5, filing: 4, pool: 1, bank: 0)
            claims.add(2, filing: 4, pool: 1, bank: 0)
            claims.add(7, filing: 5, pool: 0, bank: 1)
            #expect(claims.take(step: 4, pool: 0, bank: 0) == 0 && claims.take(step: 4, pool: 1, bank: 0) == 7)
            #expect(claims.take(step: 4, pool: 1, bank: 0) == 0 && claims.take(step: 5, pool: 0, bank: 1) == 7)
            var recoveries = RecoveryPipeline(maxLagSteps: 6, pools: 2, banks: 1, memory: memory)
            recoveries.add(3, arrival: 9, bank: 0, pool: 1)
            recoveries.add(4, arrival: 9, bank: 0, party: .insurer)
            #expect(recoveries.take(step: 9, bank: 0, pool: 0) == 0 && recoveries.take(step: 9, bank: 0, pool: 1) == 3)
            #expect(recoveries.take(step: 9, bank: 0, party: .insurer) == 4 && recoveries.take(step: 9, bank: 0, party: .bank) == 0)
            #expect(recoveries.take(step: 9, bank: 0, pool: 1) == 0 && recoveries.take(step: 9, bank: 0, party: .insurer) == 0)
            var windows = BreakerWindows(maxWindowSteps: 3, banks: 1, memory: memory)
            for t in 0..<10 { windows.record(.loss, step: t, bank: 0, Double(t)) }
            #expect(windows.sum(.loss, window: 3, endingAt: 9, bank: 0) == 24)
        }
    }
}

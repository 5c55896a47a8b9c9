import Foundation
import Testing
import RiskModel
@testable import LoanSim

@Suite struct StepBookingsTests {
    /// Two (cohort, bank) pairs share a slot exactly when their claims go the same way: the same bank,
    /// claim lag, output sector and routing to every pool. Checked on every pair of four scenarios with
    /// several banks, pools, lags and sectors.
    @Test(arguments: ["bench-b1.yaml", "henan-kejidai-2025.yaml", "zhengzhou-city-district-province.yaml", "bank-tape-example.yaml"])
    func slotsAreTheClassesOfHowClaimsGo(_ file: String) throws {
        let s = try ScenarioLoader.load(path: "\(scenariosDirectory)/\(file)").scenario
        let m = CompiledScenario(s)
        let memory = EngineMemory()
        defer { withExtendedLifetime(memory) {} }
        let bookings = StepBookings(m, memory: memory)
        let banks = m.bankShares.count, pools = m.pools.count
        func key(_ c: Int, _ b: Int) -> [Double] {
            let route = (c * banks + b) * pools
            return [Double(b), Double(m.cohorts[c].claimLagSteps), Double(m.cohortSector[c])] + m.schemes.poolFactor[route..<route + pools]
        }
        let pairs = m.cohorts.indices.flatMap { c in (0..<banks).map { (c, $0) } }
        for (c, b) in pairs {
            let slot = bookings.slots[bookings.slotOf[c * banks + b]]
            #expect(slot.bank == b && slot.claimLag == m.cohorts[c].claimLagSteps && slot.sector == m.cohortSector[c])
            for (c2, b2) in pairs {
                #expect((bookings.slotOf[c * banks + b] == bookings.slotOf[c2 * banks + b2]) == (key(c, b) == key(c2, b2)))
            }
        }
        if file == "bench-b1.yaml" { #expect(bookings.slots.count == 1) }
    }

    /// What is added comes back summed per slot, once, and the slot is empty after.
    @Test func takeReturnsEachUsedSlotOnceSummed() throws {
        let s = try ScenarioLoader.load(path: "\(scenariosDirectory)/henan-kejidai-2025.yaml").scenario
        let m = CompiledScenario(s)
        let memory = EngineMemory()
        defer { withExtendedLifetime(memory) {} }
        var bookings = StepBookings(m, memory: memory)
        let banks = m.bankShares.count
        let pairs = m.cohorts.indices.flatMap { c in (0..<banks).map { (c, $0) } }
        let rng = RandomStream(kind: .taus2, seed: 3)
        for round in 0..<2 {
            var expected = [Int: (Int, Double, Double)]()
            for _ in 0..<40 {
                let (c, b) = pairs[rng.ref.uniformInt(pairs.count)]
                let d = 1 + rng.ref.uniformInt(5)
                var shares = LossShares()
                shares.exposure = Double(d) * 100
                shares.poolClaim = Double(d) * 30
                bookings.add(d, shares, cohort: c, bank: b, banks: banks)
                let k = bookings.slotOf[c * banks + b]
                expected[k, default: (0, 0, 0)].0 += d
                expected[k, default: (0, 0, 0)].1 += Double(d) * 100
                expected[k, default: (0, 0, 0)].2 += Double(d) * 30
            }
            var seen = [Int]()
            for k in bookings.slots.indices {
                guard let (d, shares) = bookings.take(k) else { continue }
                seen.append(k)
                #expect(d == expected[k]!.0, "round \(round)")
                #expect(shares.exposure == expected[k]!.1 && shares.poolClaim == expected[k]!.2)
                #expect(bookings.take(k) == nil)
            }
            #expect(seen == expected.keys.sorted())
        }
    }
}

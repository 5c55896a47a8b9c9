import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// The pool's payout rule as a component: its specifications' keys, its compile step and its work.
@Suite struct PoolPayoutTests {
    /// A top-up is `amount` in a scenario file and `amount_wan` in scenario.json, read back the same;
    /// the shortfall rule is echoed as its raw value.
    @Test func specificationsKeepTheirKeys() throws {
        #expect(TopUpSpec.CodingKeys.yamlKeys == ["month", "amount"])
        let spec = TopUpSpec(month: 13, amount: 2500)
        let json = try OutputCoding.encode(spec)
        #expect(json.contains("\"amount_wan\" : 2500") && json.contains("\"month\" : 13"), "\(json)")
        #expect(try OutputCoding.decode(TopUpSpec.self, from: Data(json.utf8), file: "t.json") == spec)
        #expect(try OutputCoding.encode([ShortfallRule.proRata]).contains("\"pro_rata\""))
        let s = try scenario("""
            name: p
            horizon_months: 24
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}]
            pool: {initial: 100, shortfall: deny, top_ups: [{month: 13, amount: 2500}]}
            """)
        #expect(s.pools[0].topUps == [spec] && s.pools[0].shortfall == .deny)
    }

    /// A top-up written with scenario.json's key, or past the horizon, is refused at its place.
    @Test(arguments: [
        ("[{month: 3, amount_wan: 10}]", "pool.top_ups[0].amount_wan", "month, amount"),
        ("[{month: 25, amount: 10}]", "pool.top_ups[0].month", "24"),
        ("[{month: 3, amount: -1}]", "pool.top_ups[0].amount", "0"),
    ])
    func badTopUpsAreRefused(_ topUps: String, _ key: String, _ allowed: String) throws {
        let yaml = """
            name: p
            horizon_months: 24
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}]
            pool: {initial: 100, top_ups: \(topUps)}
            """
        expectRefused({ try scenario(yaml) }, line: 4, key: key, allowed: allowed)
    }

    /// The compile step: quarterly steps add months 1 and 3 into step 0, month 4 is step 1.
    @Test func topUpsFallInTheirSteps() {
        let pools = [PoolSpec(name: "a", initialCapital: 0, topUps: [.init(month: 1, amount: 10), .init(month: 3, amount: 5)]),
                     PoolSpec(name: "b", initialCapital: 0, topUps: [.init(month: 4, amount: 7)])]
        let schedule = TopUpSchedule(pools, stepMonths: 3, stepCount: 4, horizonMonths: 12)
        #expect(schedule.amount(step: 0, pool: 0) == 15 && schedule.amount(step: 1, pool: 0) == 0)
        #expect(schedule.amount(step: 0, pool: 1) == 0 && schedule.amount(step: 1, pool: 1) == 7)
    }

    /// A claim filed: under denial the balance pays what it can and the rest is returned as denied;
    /// under FIFO and pro rata the whole claim waits and nothing is denied.
    @Test(arguments: ShortfallRule.allCases)
    func aFiledClaimQueuesOrIsDenied(_ rule: ShortfallRule) {
        var pool = PoolLedger()
        var paid = [0.0, 0.0]
        pool.reset(initial: 50)
        let denied = pool.file(80, bank: 1, rule: rule, paidByBank: &paid)
        if rule == .deny {
            #expect(denied == 30 && paid == [0, 50] && pool.balance == 0 && !pool.hasQueued)
        } else {
            #expect(denied == 0 && paid == [0, 0] && pool.queued == 80 && pool.balance == 50)
        }
        // Every rule in words, in both languages, and different words for different rules.
        let words = ShortfallRule.allCases.map { $0.describe(chinese: false).value }
        #expect(Set(words).count == 3 && !rule.describe(chinese: true).value.isEmpty)
    }
}

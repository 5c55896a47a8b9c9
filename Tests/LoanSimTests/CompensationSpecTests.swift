import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// The compensation rules, a pool's coverage, stacking and the public cap as a component: echoed in
/// scenario.json and read back the same, compiled into scheme tables, described in both languages.
@Suite struct CompensationSpecTests {
    func roundTrip(_ s: Scenario) throws -> (String, ScenarioFile) {
        let json = try OutputCoding.encode(ScenarioJSON.file(s))
        return (json, try OutputCoding.decode(ScenarioFile.self, from: Data(json.utf8), file: "scenario.json"))
    }

    /// Henan's revenue tiers, and the city-district-province pools' coverage, own rules, stacking and
    /// public cap, come back from scenario.json as they were read.
    @Test func echoedAndReadBack() throws {
        let henan = try ScenarioLoader.load(path: scenariosDirectory + "/henan-kejidai-2025.yaml").scenario
        let (_, h) = try roundTrip(henan)
        #expect(h.programme.compensation == henan.programme.compensation && henan.programme.compensation.revenueTiers.count == 4)
        let city = try ScenarioLoader.load(path: scenariosDirectory + "/zhengzhou-city-district-province.yaml").scenario
        let (_, c) = try roundTrip(city)
        #expect(c.programme.stacking == true && c.programme.publicCap == city.programme.publicCap && city.programme.publicCap != nil)
        #expect(c.allPools.map(\.covers) == city.pools.map { $0.coverage.coversAll ? nil : $0.coverage })
        #expect(c.allPools.map(\.compensation) == city.pools.map(\.compensation) && city.pools[3].compensation != nil)
        // The baseline has only the type ratios, one pool covering all, no stacking, no public cap: none echoed.
        let (json, _) = try roundTrip(try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario)
        for key in ["\"compensation\"", "\"covers\"", "\"stacking\"", "\"public_cap\""] { #expect(!json.contains(key), "\(key)") }
    }

    /// Two schemes: "city" split 50/50 between a city pool (every bank) and each bank's district pool,
    /// and "province" for high-tech firms only. Without stacking a high-tech loan is paid by the first
    /// scheme alone.
    @Test(arguments: [false, true])
    func schemeTablesInClosedForm(_ stacking: Bool) throws {
        let s = try scenario("""
            name: schemes
            horizon_months: 12
            banks: [{name: a, share: 0.5}, {name: b, share: 0.5}]
            cohorts: [{name: ht, type: hightech, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}]
            programme: {stacking: \(stacking)}
            pools:
              - {name: city, scheme: city, share: 0.5, initial: 100}
              - {name: east, scheme: city, share: 0.5, initial: 100, covers: {banks: [a]}}
              - {name: west, scheme: city, share: 0.5, initial: 100, covers: {banks: [b]}}
              - {name: province, initial: 100, covers: {types: [hightech]}, compensation: {credit: 0.6}}
            """)
        let t = CompiledSchemes(s, perLoanLossSharing: false)
        #expect(t.count == 2 && t.poolScheme == [0, 0, 0, 1])
        // (cohort 0, bank a) then (cohort 0, bank b): pools city, east, west, province.
        let province: Double = stacking ? 1 : 0
        #expect(t.poolFactor == [0.5, 0.5, 0, province, 0.5, 0, 0.5, province])
        #expect(t.active == [true, stacking, true, stacking])
        #expect(t.ratio == [0.8, 0.6] && t.fullUpTo == [-1, -1])
        #expect(t.single == (stacking ? [-1, -1] : [0, 0]))
    }

    @Test func describedInBothLanguages() {
        let rules = CompensationRulesSpec(credit: 0.6, collateralised: 0.3, revenueTiers: [.init(upTo: 2000, ratio: 0.6), .init(upTo: nil, ratio: 0.3)],
                                          termBonus: .init(perYear: 0.05, max: 0.1),
                                          fullCompensation: .init(upToLoss: 300, types: ["hightech"], profitableOnly: true), choice: .first)
        #expect(!rules.isTypeRatiosOnly && CompensationRulesSpec(credit: 0.7, collateralised: 0.5).isTypeRatiosOnly)
        for zh in [false, true] {
            let rows = rules.describe(chinese: zh, percent: { "\(Int(($0 * 100).rounded()))%" }, money: { "\(Int($0))" })
            #expect(rows.count == 4, "\(rows)")
            #expect(rows[0].value == (zh ? "营收 ≤ 2000: 60%; 以上: 30%" : "revenue ≤ 2000: 60%; above: 30%"))
            #expect(rows[3].value.contains("300") && rows[3].value.contains(zh ? "高新技术企业" : "high-tech firms"))
            #expect(PoolCoverageSpec(banks: ["a"]).describe(chinese: zh)?.value.contains("a") == true)
        }
        #expect(PoolCoverageSpec().describe(chinese: false) == nil)
    }
}

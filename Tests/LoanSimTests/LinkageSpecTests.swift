import Foundation
import LoanSimFiles
import RiskModel
import Testing
@testable import LoanSim

/// Invest-loan linkage as a component: read under its specification's keys, echoed in scenario.json,
/// refused at its place, compiled in closed form, described in both languages.
@Suite struct LinkageSpecTests {
    func load(_ linkage: String) throws -> Scenario {
        try scenario("""
            name: l
            horizon_months: 24
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}]
            pool: {initial: 100}
            linkage: \(linkage)
            """)
    }

    /// Read, echoed and read back; compiled: a stake costs stake × the entry law's mean (a warrant
    /// nothing), the exit threshold is Φ⁻¹(1 − the step's exit probability).
    @Test func readEchoedCompiled() throws {
        let s = try load("{share_of_borrowers: 0.3, stake: 0.03, entry_value: {median: 4000, sigma: 0.5}, exit_rate_per_year: 0.06, exit_multiple: {pareto_alpha: 2, min: 1.5}}")
        let l = try #require(s.linkage)
        #expect(l.entryValue == .init(median: 4000, sigma: 0.5) && l.exitMultiple == .init(paretoAlpha: 2, min: 1.5) && l.meanMultiple == 3)
        let json = try OutputCoding.encode(ScenarioJSON.file(s))
        #expect(try OutputCoding.decode(ScenarioFile.self, from: Data(json.utf8), file: "scenario.json").linkage == l)
        let c = CompiledLinkage(l, copula: .gaussian, stepMonths: 1)
        #expect(abs(c.cost - 0.03 * 4000 * exp(0.125)) < 1e-9 && c.alpha == 2 && c.minMultiple == 1.5)
        #expect(abs(c.exitThreshold - Normal.quantile(1 - ConditionalPD.stepPD(annual: 0.06, months: 1))) < 1e-12)
        var warrant = l
        warrant.instrument = .warrant
        #expect(CompiledLinkage(warrant, copula: .gaussian, stepMonths: 1).cost == 0)
        #expect(!(try OutputCoding.encode(ScenarioJSON.file(try scenario("name: n\nhorizon_months: 12\ncohorts: [{name: c, firms: 1, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}}]\npool: {initial: 1}")))).contains("\"linkage\""))
    }

    @Test(arguments: [
        ("{exit_multiple: {pareto_alpha: 1}}", "linkage.exit_multiple.pareto_alpha", "x > 1"),
        ("{entry_value: {sigma: 1}}", "linkage.entry_value.median", "万元"),
        ("{instrument: option}", "linkage.instrument", "stake, warrant"),
        ("{stake_share: 0.02}", "linkage.stake_share", "share_of_borrowers"),
    ])
    func badLinkageIsRefusedAtItsPlace(_ linkage: String, _ key: String, _ allowed: String) throws {
        expectRefused({ try load(linkage) }, line: 5, key: key, allowed: allowed)
    }

    @Test func describedInBothLanguages() {
        for zh in [false, true] {
            let rows = LinkageSpec().describe(chinese: zh, percent: { "\($0 * 100)%" }, money: { "\($0)" })
            #expect(rows.count == 4 && rows[3].value.contains("2.67"))
        }
    }
}

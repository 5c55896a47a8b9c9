import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// A fund as a component: its specification is what scenario.json echoes, in the scenario's own layout,
/// and what the report reads back.
@Suite struct FundSpecTests {
    @Test func echoedInTheScenarioLayoutAndReadBack() throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/zhengzhou-angel-fund-2024.yaml").scenario
        let fund = try #require(s.funds.first)
        let json = try OutputCoding.encode(ScenarioJSON.file(s))
        for key in ["\"ticket\"", "\"follow_on\"", "\"exit_multiple\"", "\"grant_to_equity\"", "\"firms_per_year\"", "\"investments\""] {
            #expect(json.contains(key), "\(key)")
        }
        let back = try OutputCoding.decode(ScenarioFile.self, from: Data(json.utf8), file: "scenario.json")
        #expect(back.funds == s.funds)
        // The cohorts' order (the engine draws in it) survives the echo.
        #expect(back.funds?.first?.investments.map(\.cohort) == fund.investments.map(\.cohort))
        #expect(FundSpec.CodingKeys.yamlKeys.contains("grant_to_equity") && FundSpec.Grants.CodingKeys.yamlKeys.first == "firms_per_year")
        #expect(abs(ExitMultipleSpec(paretoAlpha: 1.6, min: 1).mean - 8.0 / 3) < 1e-12)
    }

    /// A fund key misspelt is refused with the specification's keys as the allowed ones.
    @Test func unknownKeyNamesTheSpecificationsKeys() throws {
        let yaml = """
            name: f
            horizon_months: 60
            cohorts: [{name: c, firms: 100, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}}]
            pool: {initial: 100}
            funds: [{name: angel, committed: 1亿, investments: {c: 5}, tickets: {median: 500}}]
            """
        let error = #expect(throws: ScenarioError.self) { try scenario(yaml) }
        let issues = try #require(error?.issues)
        #expect(issues.contains { $0.keyPath == "funds[0].tickets" && ($0.allowed ?? "").contains("ticket, follow_on") }, "\(issues)")
    }
}

import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// The IP pledge as a component: read under its specification's keys, echoed whole in scenario.json,
/// refused at its place, described in both languages.
@Suite struct IPPledgeSpecTests {
    static let cohort = "cohorts: [{name: ip, firms: 10, pd: 0.02, rho: 0.1, lgd: 1, term_months: 12, ip_pledge: %@}]"

    func load(_ ip: String) throws -> Scenario {
        try scenario("name: p\nhorizon_months: 24\n" + Self.cohort.replacingOccurrences(of: "%@", with: ip) + "\npool: {initial: 100}")
    }

    /// The pledge rate defaults to the type's (utility model 15%), the loan size is the pledge rate ×
    /// the appraised median, and the echo decodes back to the same specification.
    @Test func readEchoedAndReadBack() throws {
        let s = try load("{ip_type: utility_model, appraised_value: {median: 800, sigma: 0.7}, disposal_lag_months: {min: 6, max: 18}}")
        let ip = try #require(s.cohorts[0].ipPledge)
        #expect(ip.pledgeRate == 0.15 && ip.appraisedValue == .init(median: 800, sigma: 0.7) && ip.disposalLagMonths.range == 6...18)
        #expect(s.cohorts[0].loanSize.median == 120 && s.cohorts[0].loanSize.sigma == 0.7)
        #expect(abs(ip.expectedRealisation - 0.075) < 1e-15)
        let file = ScenarioJSON.file(s)
        let json = try OutputCoding.encode(file)
        #expect(json.contains("\"ip_type\" : \"utility_model\"") && json.contains("\"disposal_lag_months\""), "\(json.prefix(400))")
        let back = try OutputCoding.decode(ScenarioFile.self, from: Data(json.utf8), file: "scenario.json")
        #expect(back.cohorts[0].ipPledge == ip)
        #expect(IPPledgeSpec.CodingKeys.yamlKeys.contains("disposal_lag_months") && IPPledgeSpec.MonthRange.CodingKeys.yamlKeys == ["min", "max"])
    }

    @Test(arguments: [
        ("{appraised_value: {median: 800}, dispose: 0.2}", "ip_pledge.dispose", "disposal_probability"),
        ("{appraised_value: {median: 800}, disposal_lag_months: {min: 24, max: 12}}", "ip_pledge.disposal_lag_months.max", "min ≤ max"),
        ("{ip_type: trademark, appraised_value: {median: 800}, pledge_rate: 0.6}", "ip_pledge.pledge_rate", "50%"),
        ("{ip_type: patent, appraised_value: {median: 800}}", "ip_pledge.ip_type", "invention_patent"),
        ("{pledge_rate: 0.2}", "ip_pledge.appraised_value", "median"),
    ])
    func badPledgesAreRefusedAtTheirPlace(_ ip: String, _ key: String, _ allowed: String) throws {
        expectRefused({ try load(ip) }, line: 3, key: key, allowed: allowed)
    }

    /// The words the report shows: every row in both languages, the figures formatted by the caller.
    @Test func describedInBothLanguages() {
        let ip = IPPledgeSpec(ipType: .trademark, appraisedMedian: 500)
        for zh in [false, true] {
            let rows = ip.describe(chinese: zh, percent: { "\($0 * 100)%" }, money: { "\($0)" })
            #expect(rows.count == 7 && rows.contains { $0.value.contains("50.0%") })
            #expect(rows[0].value == (zh ? "商标" : "trademark"))
        }
    }
}

import Foundation
import LoanSim
import RiskModel
import Testing
import TextFormats
@testable import LoanSimReport

/// scenario.json restates what the engine runs, and the report restates scenario.json: every pool,
/// every breaker with its own metric and action, each cohort's ratio as the rules give it.
@Suite struct RestatementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shipped: [String] = {
        let dir = root.appendingPathComponent("scenarios").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test(arguments: shipped)
    func scenarioJSONRestatesEveryPoolBreakerAndRatio(_ file: String) throws {
        let s = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(file)").path).scenario
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ScenarioJSON.render(s).utf8)) as? [String: Any])
        let pools = try #require(json["pools"] as? [[String: Any]])
        #expect(pools.map { $0["name"] as? String } == s.pools.map(\.name))
        #expect(pools.map { ($0["initial_wan"] as? NSNumber)?.doubleValue } == s.pools.map(\.initialCapital))
        let breakers = try #require(json["breakers"] as? [[String: Any]])
        #expect(breakers.map { $0["metric"] as? String } == s.breakers.map(\.metric.rawValue))
        #expect(breakers.map { $0["action"] as? String } == s.breakers.map(\.action.rawValue))
        let cohorts = try #require(json["cohorts"] as? [[String: Any]])
        for (c, j) in zip(s.cohorts, cohorts) {
            #expect((j["compensation_ratio"] as? NSNumber)?.doubleValue == s.programme.baseRatio(c), "\(c.name)")
        }
        // The report's inputs section names each pool and each breaker's metric in both languages.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("restate-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try ScenarioJSON.render(s).write(toFile: dir + "/scenario.json", atomically: true, encoding: .utf8)
        let files = RunFiles(directory: dir, summary: [:], scenario: json)
        for lang in ReportLanguage.allCases {
            let html = RunPage(files: files, lang: lang).inputs()
            if s.pools.count > 1 { for p in s.pools { #expect(html.contains(p.name), "\(file) \(lang): pool \(p.name)") } }
            for b in s.breakers { #expect(html.contains(lang.t("m." + b.metric.rawValue)), "\(file) \(lang): \(b.metric)") }
            #expect(lang == .en || !html.contains("overdue rate") && !html.contains("credit / collateralised"))
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Revenue tiers give Henan's cohorts ratios that differ from the type ratio alone.
    @Test func henanTiersReachScenarioJSON() throws {
        let s = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/henan-kejidai-2025.yaml").path).scenario
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ScenarioJSON.render(s).utf8)) as? [String: Any])
        let ratios = (json["cohorts"] as? [[String: Any]] ?? []).compactMap { ($0["compensation_ratio"] as? NSNumber)?.doubleValue }
        #expect(zip(s.cohorts, ratios).contains { c, r in r != s.programme.ratio(for: c.loanType) })
        #expect(s.breakers.contains { $0.metric == .annualLossRate })
    }

    /// The CSV writer's quoting read back by the one CSV reader: commas, quotes, empty fields.
    @Test func csvQuotingRoundTrips() {
        let fields = ["plain", "a,b", "say \"hi\"", "", "1.5", "\"", ",,"]
        let line = fields.map(StudyWriters.csvQuote).joined(separator: ",")
        #expect(CSVLine.fields(line) == fields)
        #expect(CSVLine.split("ab,\"c\"\"d\",e").starts == [1, 4, 11])  // e is the 11th character
    }
}

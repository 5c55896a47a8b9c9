import Foundation
import LoanSim
import RiskModel
import Testing
import LoanSimFiles
import TextFormats
@testable import LoanSimReport

/// scenario.json restates what the engine runs, and the report restates scenario.json: every pool,
/// every breaker with its own metric and action, each cohort's ratio as the rules give it.
@Suite struct RestatementTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The shipped scenarios; a listing that fails, or finds fewer than the 19 scenarios shipped, stops
    /// the run (an empty argument list would run nothing and pass).
    static let shipped: [String] = {
        let dir = root.appendingPathComponent("scenarios").path
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: dir) } catch { fatalError("cannot list \(dir): \(error)") }
        let yaml = files.filter { $0.hasSuffix(".yaml") }.sorted()
        precondition(yaml.count >= 19, "expected the 19 shipped scenarios in \(dir), found \(yaml.count)")
        return yaml
    }()

    @Test(arguments: shipped)
    func scenarioJSONRestatesEveryPoolBreakerAndRatio(_ file: String) throws {
        let s = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/\(file)").path).scenario
        // Round trip: the text decodes into the schema and encodes back to the same bytes.
        let text = try ScenarioJSON.render(s)
        let json = try OutputCoding.decode(ScenarioFile.self, from: Data(text.utf8), file: file)
        #expect(try OutputCoding.encode(json) == text)
        #expect(json == ScenarioJSON.file(s))
        #expect(json.allPools.map(\.name) == s.pools.map(\.name))
        #expect(json.allPools.map(\.initialWan) == s.pools.map(\.initialCapital))
        #expect(json.allBreakers == s.breakers)
        for (c, j) in zip(s.cohorts, json.cohorts) {
            #expect(j.compensationRatio == s.programme.baseRatio(c), "\(c.name)")
        }
        // The report's inputs section names each pool and each breaker's metric in both languages.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("restate-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try ScenarioJSON.render(s).write(toFile: dir + "/scenario.json", atomically: true, encoding: .utf8)
        let files = RunFiles(directory: dir, summary: .blank, scenario: json)
        for lang in ReportLanguage.allCases {
            let page = RunPage(files: files, lang: lang)
            let html = page.inputs()
            if s.pools.count > 1 { for p in s.pools { #expect(html.contains(p.name), "\(file) \(lang): pool \(p.name)") } }
            for b in s.breakers {
                // Every row the breaker describes itself with is on the page, in the page's language, its
                // cohorts by their labels (a city-book breaker's book in Chinese: 高新技术企业信用贷款、…).
                for row in b.describe(chinese: lang == .zh, named: page.called, percent: { lang.percent($0, decimals: 1) }) {
                    #expect(html.contains(esc(row.label)) && html.contains(esc(row.value)), "\(file) \(lang): \(row)")
                }
                #expect(html.contains(esc(b.metric.words(chinese: lang == .zh))), "\(file) \(lang): \(b.metric)")
            }
            #expect(lang == .en || !html.contains("overdue rate") && !html.contains("credit / collateralised"))
            if lang == .zh, let named = s.breakers.first(where: { !$0.cohorts.isEmpty })?.cohorts.first, page.called(named) != named {
                #expect(!html.contains(named), "\(file): the cohort's label, not its name '\(named)'")
            }
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Revenue tiers give Henan's cohorts ratios that differ from the type ratio alone.
    @Test func henanTiersReachScenarioJSON() throws {
        let s = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/henan-kejidai-2025.yaml").path).scenario
        let ratios = ScenarioJSON.file(s).cohorts.map(\.compensationRatio)
        #expect(zip(s.cohorts, ratios).contains { c, r in r != s.programme.ratio(for: c.loanType) })
        #expect(s.breakers.contains { $0.metric == .annualLossRate })
    }

    /// A damaged scenario.json is refused naming the file and the field, not read as empty.
    @Test func damagedScenarioFileNamesTheField() throws {
        let s = try ScenarioLoader.load(path: Self.root.appendingPathComponent("scenarios/bench-b1.yaml").path).scenario
        let text = try ScenarioJSON.render(s).replacingOccurrences(of: "\"horizon_months\" : 60", with: "\"horizon_months\" : \"sixty\"")
        #expect(text.contains("sixty"))
        #expect(throws: OutputFileError.self) { try OutputCoding.decode(ScenarioFile.self, from: Data(text.utf8), file: "x/scenario.json") }
        do { _ = try OutputCoding.decode(ScenarioFile.self, from: Data(text.utf8), file: "x/scenario.json") } catch {
            #expect("\(error)" == "x/scenario.json: field horizon_months: expected Int")
        }
        let missing = try ScenarioJSON.render(s).replacingOccurrences(of: "\"cohorts\" :", with: "\"kohorts\" :")
        do { _ = try OutputCoding.decode(ScenarioFile.self, from: Data(missing.utf8), file: "y.json") } catch {
            #expect("\(error)" == "y.json: field cohorts is missing")
        }
    }

    /// The CSV writer's quoting read back by the one CSV reader: commas, quotes, empty fields.
    @Test func csvQuotingRoundTrips() {
        let fields = ["plain", "a,b", "say \"hi\"", "", "1.5", "\"", ",,"]
        let line = fields.map(StudyWriters.csvQuote).joined(separator: ",")
        #expect(CSVLine.fields(line) == fields)
        #expect(CSVLine.split("ab,\"c\"\"d\",e").starts == [1, 4, 11])  // e is the 11th character
        // Plain ASCII lines take the byte path; the same fields and columns as the character path
        // (which non-ASCII lines take: columns count characters).
        #expect(CSVLine.split("T1,F1,bank-a, 12.5 ,,x").fields == ["T1", "F1", "bank-a", " 12.5 ", "", "x"])
        #expect(CSVLine.split("T1,F1,bank-a, 12.5 ,,x").starts == [1, 4, 7, 14, 21, 22])
        #expect(CSVLine.split(",").fields == ["", ""] && CSVLine.split("").fields == [""])
        #expect(CSVLine.split("银行,b").starts == [1, 4] && CSVLine.split("银行,b").fields == ["银行", "b"])
    }
}

/// The report's budget-by-year table: one row per programme year, the fiscal cost as summary.json has it.
@Suite struct BudgetReportTests {
    @Test func budgetTableHasEveryYear() async throws {
        let dir = try await runDirectory("budget-zhengkedai")
        let input = try ReportInput.load(dir)
        guard case .run(let files) = input else { Issue.record("not a run folder"); return }
        let years = files.summary.budgetByYear.years
        #expect(!years.isEmpty)
        for lang in ReportLanguage.allCases {
            let html = RunPage(files: files, lang: lang).budgetByYear()
            #expect(html.components(separatedBy: "<tr").count - 2 == years.count, "\(lang): one row per year")
            let first = years[0].fiscalCost.mean
            #expect(html.contains(lang.money(first)))
            #expect(lang == .en || html.contains("第1年") && html.contains("财政成本"))
        }
    }
}

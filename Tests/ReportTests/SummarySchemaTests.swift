import Foundation
import LoanSim
import LoanSimFiles
@testable import LoanSimReport
import Testing

extension SummaryFile {
    /// A summary with nothing in it (tests that restate a scenario without a run).
    static let blank = SummaryFile(
        scenario: .init(name: "", file: "", sha256: ""), seed: 0, paths: 0, generator: "", version: "", horizonMonths: 0, step: "",
        sampling: "", blockSize: 0, moneyUnit: "万元", metrics: [:], depletion: .init(probability: 0, se: 0, byYear: [], byYearSe: nil),
        pools: [:], budgetByYear: .init(unit: "万元", definition: "", years: [], funders: []), parties: [:],
        breakers: .init(pSuspendedByYearAnyBank: [], pSuspendedByYear: [:]),
        economics: .init(pLinkageBeatsLending: nil, pLinkageBeatsLendingSe: nil, linkageCoverOfCreditLosses: nil, lendingPerPoolCapital: nil,
                         lendingPerFiscalCost: nil, fiscalCostPerLoan: nil, fiscalCostPerFirm: nil, bankNetIncomeByBank: [:]), reach: nil,
        definitions: [:], parameterUncertainty: nil, predictiveCheck: nil)
}

/// summary.json has one schema (`SummaryFile`), used by the writer and by the report.
@Suite struct SummarySchemaTests {
    /// Decoding what a run wrote and encoding it again gives the same bytes, for scenarios that fill
    /// every optional section: several pools with funders, breakers, calibration, a record, linkage.
    @Test(arguments: ["zhengzhou-city-district-province", "zhengkedai-baseline", "zhengzhou-backcast-2018-2025",
                      "bank-zhengkedai-linkage", "henan-kejidai-2025"])
    func summaryRoundTrips(_ name: String) async throws {
        let dir = try await runDirectory(name)
        let path = dir + "/summary.json"
        let data = try #require(FileManager.default.contents(atPath: path))
        let decoded = try OutputCoding.decode(SummaryFile.self, from: data, file: path)
        #expect(try OutputCoding.encode(decoded) == String(decoding: data, as: UTF8.self))
        #expect(decoded.scenario.name.isEmpty == false)
        #expect(decoded.budgetByYear.years.count * 12 >= decoded.horizonMonths)
        if name == "zhengzhou-city-district-province" { #expect(decoded.pools.count > 1 && decoded.pools.values.contains { !$0.funders.isEmpty }) }
        if name == "zhengzhou-backcast-2018-2025" { #expect(decoded.predictiveCheck?.isEmpty == false) }
        if name == "zhengkedai-baseline" { #expect(decoded.parameterUncertainty?.cohorts.isEmpty == false) }
        if name == "bank-zhengkedai-linkage" { #expect(decoded.economics.pLinkageBeatsLending != nil) }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// A value that is not finite is written as null and read back as NaN; a missing or mistyped field
    /// is named in the error.
    @Test func nonFiniteStatsAndBadFields() throws {
        let s = SummaryFile.Stats(unit: "万元", mean: .nan, se: .infinity, sd: 1, q01: 0, q05: 0, q50: 0, q90: 0, q95: 0, q99: 0, q999: 0,
                                  es99: 0, min: 0, max: 0)
        let text = try OutputCoding.encode(s)
        #expect(text.contains("\"mean\" : null") && text.contains("\"se\" : null"))
        let back = try OutputCoding.decode(SummaryFile.Stats.self, from: Data(text.utf8), file: "s.json")
        #expect(back.mean.isNaN && back.se.isNaN && back.sd == 1)
        let bad = text.replacingOccurrences(of: "\"sd\" : 1", with: "\"sd\" : \"x\"")
        #expect(throws: OutputFileError.self) { try OutputCoding.decode(SummaryFile.Stats.self, from: Data(bad.utf8), file: "s.json") }
        do {
            _ = try OutputCoding.decode(SummaryFile.self, from: Data("{\"seed\": 1}".utf8), file: "run/summary.json")
        } catch let e as OutputFileError {
            #expect(e.description.hasPrefix("run/summary.json: field "))
        }
    }

    /// A ratio is `{unit, value, se, definition}`; files of 0.2.1 and earlier gave it as a bare number,
    /// read as the value without a standard error (their reports open, showing the value alone); a
    /// ratio of any other shape is an error naming the field.
    @Test func ratiosReadOldAndNewForms() throws {
        let new = try OutputCoding.decode(SummaryFile.Ratio.self, from: Data(#"{"unit": "万元/firm", "value": 3.5, "se": 0.04, "definition": "d"}"#.utf8),
                                          file: "s.json")
        #expect(new == SummaryFile.Ratio(unit: "万元/firm", value: 3.5, se: 0.04, definition: "d"))
        #expect(try OutputCoding.decode(SummaryFile.Ratio.self, from: Data(OutputCoding.encode(new).utf8), file: "s.json") == new)
        let old = try OutputCoding.decode(SummaryFile.Ratio.self, from: Data("112.5".utf8), file: "s.json")
        #expect(old.value == 112.5 && old.se == nil && old.unit.isEmpty)
        #expect(throws: OutputFileError.self) { try OutputCoding.decode(SummaryFile.Ratio.self, from: Data(#"{"value": "x"}"#.utf8), file: "s.json") }
        // 0.2.1's reach gave fiscal cost per first-time borrower as `fiscal_cost_per_new_firm_wan`: read as the same ratio.
        let oldReach = try OutputCoding.decode(SummaryFile.Reach.self, from: Data(#"{"definition": "d", "by_type": [], "fiscal_cost_per_new_firm_wan": 4.25}"#.utf8),
                                               file: "s.json")
        #expect(oldReach.fiscalCostPerNewFirm == SummaryFile.Ratio(unit: "万元/firm", value: 4.25, se: nil, definition: "mean(fiscal_cost) / mean(new_firms_financed)"))
        let reach = SummaryFile.Reach(definition: "d", byType: [], fiscalCostPerNewFirm: new)
        #expect(try OutputCoding.decode(SummaryFile.Reach.self, from: Data(OutputCoding.encode(reach).utf8), file: "s.json") == reach)
        #expect(try OutputCoding.decode(SummaryFile.Reach.self, from: Data(#"{"definition": "d", "by_type": []}"#.utf8), file: "s.json").fiscalCostPerNewFirm == nil)
        #expect(ReportLanguage.en.pm(112.5, .nan, unit: "ratio") == "112.50" && ReportLanguage.zh.pm(0.3766, .nan, unit: "probability") == "37.66%")
        // A probability no path hit: its exact interval from the paths (0 of 300: up to 1.22%); weighted (paths 0): as it is.
        #expect(ReportLanguage.en.pm(0, 0, unit: "probability", paths: 300) == "0.00% (95%: 0.00%–1.22%)")
        #expect(ReportLanguage.en.pm(0, 0, unit: "probability", paths: 0) == "0.00% ± 0.00%")
        #expect(ReportLanguage.en.pm(0.5, 0.01, unit: "probability", paths: 300) == "50.00% ± 1.00%")
    }
}

/// The report's first screen states the answers in sentences, in both languages.
@Suite struct AnswerFirstTests {
    @Test func firstScreenStatesDepletionPlanCostAndReach() async throws {
        let dir = try await runDirectory()
        guard case .run(var files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        let years = files.summary.depletion.byYear
        let zh = RunPage(files: files, lang: .zh).answer()
        // The baseline runs from September 2025: calendar years, the part year 2025 first; the answer
        // opens with the first whole year, 2026, and ends with the part year 2030 (January–August).
        #expect(files.summary.calendarYears?.map(\.calendarYear) == Array(2025...2030) && years.count == 6)
        #expect(zh.contains("资金池在2026年末前耗尽的概率为 \(ReportLanguage.zh.percent(years[1], decimals: 1))"), "\(zh)")
        #expect(zh.contains("到2030年（1–8月）末为 \(ReportLanguage.zh.percent(years.last!, decimals: 1))"))
        #expect(zh.contains("2025年（9–12月） \(ReportLanguage.zh.percent(years[0], decimals: 1))"))
        #expect(zh.contains("<code>loansim plan</code>"), "without a plan: how to get one")
        let distinct = try #require(files.summary.metrics["distinct_firms_financed"]?.mean)
        #expect(zh.contains("期间获贷企业 \(ReportLanguage.zh.group(distinct, decimals: 0)) 户") && zh.contains("覆盖目标 90%"))
        files.plan = PlanFile(seed: 3, paths: 512, generator: "gsl_rng_taus2", version: "0.1.0", blockSize: 256,
                              scenario: .init(name: "x", file: "x.yaml", sha256: "0", set: nil), target: "depletion.year5 <= 0.05", vary: "pool.initial",
                              range: [0, 60_000], answer: 15_000, answerIs: "smallest meeting the target", answerSe: 257,
                              evaluations: [], checksSeed: 4,
                              checks: [.init(value: 15_000, estimate: 0.05, se: 0.005, meets: true), .init(value: 14_250, estimate: 0.0655, se: 0.0055, meets: false)])
        let withPlan = RunPage(files: files, lang: .zh).answer()
        #expect(withPlan.contains("要使第5年末前耗尽概率不超过 5.0%，资金池初始规模至少需 1.50 ± 0.03 亿元"), "\(withPlan)")
        #expect(withPlan.contains("取 1.43 亿元 时 6.5%") || withPlan.contains("取 1.42 亿元 时 6.5%") || withPlan.contains("时 6.6%"))
        let en = RunPage(files: files, lang: .en).answer()
        #expect(en.contains("To keep the chance of running dry by the end of year 5 at most 5.0%, initial pool capital needs to be at least 1.50 ± 0.03 亿元"))
        let reach = RunPage(files: files, lang: .zh).reachSection()
        #expect(reach.contains("高新技术企业") && reach.contains("科技型中小企业"))
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// A pool no path runs dry gets the exact 95% interval of "0 of 512 paths", not a zero-width one.
    @Test func noPathRunDryHasAnExactInterval() async throws {
        let dir = try await runDirectory(overrides: [.init(keyPath: "pool.initial", value: "1000亿")])
        guard case .run(let files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        #expect(files.summary.depletion.probability == 0 && files.summary.paths == 512)
        let high = ReportLanguage.en.percent(1 - pow(0.025, 1.0 / 512), decimals: 1)
        #expect(RunPage(files: files, lang: .en).answer().contains("is 0.0% (95% interval 0.0%–\(high))"), "\(high)")
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// A tape run's report restates the tape (file, date, loans, rules cohort per type) and shows the book
/// by sector, each figure from summary.json.
@Suite struct TapeReportTests {
    @Test func tapeAndSectorsAreShown() async throws {
        let dir = try await runDirectory("bank-tape-example")
        guard case .run(let files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        let book = try #require(files.scenario?.book)
        #expect(book.loans == 3000 && book.asOf == "2025-09" && book.tape == "bank-tape-example.csv")
        #expect(book.byType.first { $0.type == "ip_pledge" }?.rules == "rules-ip-pledge")
        let zh = RunPage(files: files, lang: .zh)
        let inputs = zh.inputs()
        #expect(inputs.contains("银行贷款台账") && inputs.contains("在贷 3,000 笔") && inputs.contains("知识产权质押") && inputs.contains("rules-guaranteed"))
        let sectors = try #require(files.summary.bySector)
        #expect(sectors.map(\.sector) == ["electronics", "software", "biomedicine", "new-materials", "equipment"])
        let table = zh.sectorsTable()
        for s in sectors {
            #expect(table.contains(">\(s.sector)</td>") && table.contains(ReportLanguage.zh.pm(s.grossLoss.mean, s.grossLoss.se, unit: "万元")))
        }
        #expect(RunPage(files: files, lang: .en).sectorsTable().contains("Claims on the pools"))
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// The provenance table names the copula: Gaussian by default, Student-t with its ν when asked.
@Suite struct CopulaReportTests {
    @Test func provenanceNamesTheCopula() async throws {
        let dir = try await runDirectory("zhengkedai-t-copula")
        guard case .run(let files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        #expect(files.scenario?.copula == "t" && files.scenario?.copulaNu == 4)
        #expect(RunPage(files: files, lang: .zh).provenance().contains("t 分布，自由度 ν = 4.0"))
        #expect(RunPage(files: files, lang: .en).provenance().contains("Student-t, ν = 4.0"))
        let plain = try await runDirectory("bench-b1")
        guard case .run(let b1) = try ReportInput.load(plain) else { Issue.record("not a run folder"); return }
        #expect(b1.scenario?.copula == nil && RunPage(files: b1, lang: .en).provenance().contains("Gaussian"))
        for d in [dir, plain] { try? FileManager.default.removeItem(atPath: d) }
    }
}

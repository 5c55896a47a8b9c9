import Foundation
import LoanSim
import RiskModel
import Testing
@testable import LoanSimReport

/// Writes a small run's files (through the real writers) into a temporary directory.
func runDirectory(_ name: String = "zhengkedai-baseline", overrides: [ScenarioOverride] = []) async throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let loaded = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/\(name).yaml").path, overrides: overrides)
    gslStartUp()
    let model = CompiledScenario(loaded.scenario)
    let result = await Simulation.run(model, paths: 512, seed: 3, threads: 2)
    let summary = RunSummary(info: RunInfo(loaded: loaded, paths: 512, seed: 3), model: model, result: result)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID())").path
    try RunWriters.write(summary, outcomes: result.outcomes, scenario: loaded.scenario, to: dir)
    return dir
}

@Suite struct ReportTests {
    /// An importance-sampled run's histograms weigh each path by its weight's share: the top bin of pool
    /// paid holds the weighted share of the paths in it, not their count's (the shifted sample's).
    @Test func weightedRunsHistogramsShowTheirWeights() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/bench-b1.yaml").path)
        gslStartUp()
        let model = CompiledScenario(loaded.scenario, importance: ImportanceDesign(theta: 2, scenario: loaded.scenario, target: .depletion))
        let result = await Simulation.run(model, paths: 512, seed: 3, threads: 2)
        let summary = RunSummary(info: RunInfo(loaded: loaded, paths: 512, seed: 3), model: model, result: result)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID())").path
        try RunWriters.write(summary, outcomes: result.outcomes, scenario: loaded.scenario, to: dir)
        guard case .run(let files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        let paid = result.outcomes.map(\.poolPaid), w = result.outcomes.map(\.weight)
        let hi = paid.max()!, lo = paid.min()!
        let top = paid.indices.filter { (paid[$0] - lo) / (hi - lo) * 40 >= 39 }
        let weightedShare = top.reduce(0) { $0 + w[$1] } / w.reduce(0, +), countShare = Double(top.count) / 512
        #expect(abs(weightedShare - countShare) > 0.05, "the shift should move the top bin: \(weightedShare) against \(countShare)")
        let page = RunPage(files: files, lang: .en)
        let html = page.histogram(.poolPaid)
        #expect(html.contains("Probability (weighted paths)"))
        #expect(html.contains(": \(ReportLanguage.en.percent(weightedShare, decimals: 2))</title>"), "\(weightedShare)")
        #expect(!html.contains(": \(ReportLanguage.en.percent(countShare, decimals: 2))</title>"))
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func runReportIsSelfContainedWithEveryChart() async throws {
        let dir = try await runDirectory()
        for lang in ReportLanguage.allCases {
            let html = Report.html(try ReportInput.load(dir), lang: lang)
            for chart in ["fan", "depletion-by-year", "loss-gross_loss", "loss-pool_paid", "loss-bank_net_loss"] {
                #expect(html.contains("data-chart=\"\(chart)\""), "\(lang): \(chart)")
            }
            #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
            #expect(html.contains("20180097") == false)   // the run used seed 3, not the file's
            #expect(html.contains(">3<"))                  // seed restated
            #expect(html.contains("gsl_rng_taus2") && html.contains("loansim \(LoanSimVersion.string)"))
            // Inputs restated, each cohort by its label.
            #expect(html.contains(lang == .zh ? "高新技术企业信用贷款" : "High-tech firms, credit loans"))
        }
        let zh = Report.html(try ReportInput.load(dir), lang: .zh), en = Report.html(try ReportInput.load(dir), lang: .en)
        #expect(zh.contains("资金池余额") && zh.contains("亿元") && zh.contains("lang=\"zh-CN\""))
        #expect(en.contains("Pool balance by month") && en.contains("lang=\"en\""))
    }

    /// Several pools, parties and breakers: the report shows each pool and the suspension probabilities.
    @Test func rulebookSectionsAppear() async throws {
        let dir = try await runDirectory("zhengzhou-city-district-province")
        let html = Report.html(try ReportInput.load(dir), lang: .en)
        #expect(html.contains("<h2>Pools</h2>") && html.contains("district-west") && html.contains("province"))
        #expect(html.contains("Probability a circuit breaker has acted on a bank"))
        let guaranteed = Report.html(try ReportInput.load(try await runDirectory("zhengkedai-guaranteed")), lang: .zh)
        #expect(guaranteed.contains("各方损失分担") && guaranteed.contains("担保机构分担"))
        #expect(guaranteed.contains("data-chart=\"loss-guarantor_loss\"") && !guaranteed.contains("data-chart=\"loss-insurer_loss\""))
    }

    /// The bank's and the budget's view appear, with the linkage leg when the scenario has one; the
    /// government's ratios (and the linkage's cover of losses) are shown as summary.json gives them,
    /// each ± its standard error, in 万元 per firm or per loan.
    @Test func economicsSections() async throws {
        let dir = try await runDirectory("bank-zhengkedai-linkage")
        let html = Report.html(try ReportInput.load(dir), lang: .zh)
        #expect(html.contains("银行视角") && html.contains("有补偿 RAROC") && html.contains("投贷联动优于单纯贷款的概率") && html.contains("财政成本现值"))
        guard case .run(let files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        let e = files.summary.economics
        let perFirm = try #require(e.fiscalCostPerFirm), cover = try #require(e.linkageCoverOfCreditLosses)
        #expect(perFirm.unit == "万元/firm" && (perFirm.se ?? 0) > 0 && (cover.se ?? 0) > 0)
        #expect(html.contains(String(format: "%.2f ± %.2f 万元/户", perFirm.value, perFirm.se!)))
        #expect(html.contains(String(format: "%.2f%% ± %.2f%%", cover.value * 100, cover.se! * 100)))
        let en = Report.html(try ReportInput.load(try await runDirectory()), lang: .en)
        #expect(en.contains("The bank's view") && !en.contains("Invest-loan linkage"))
        #expect(en.contains("Fiscal cost per distinct firm financed") && en.contains("万元 per loan"))
    }

    /// The city's funds: per fund its figures with units, the probabilities and the combined view by year,
    /// the numbers those of summary.json; absent from a run without funds.
    @Test func fundsSection() async throws {
        let dir = try await runDirectory("zhengzhou-angel-fund-2024")
        let input = try ReportInput.load(dir)
        guard case .run(let files) = input else { Issue.record("not a run"); return }
        let fund = try #require(files.summary.funds?.first)
        let zh = Report.html(input, lang: .zh), en = Report.html(input, lang: .en)
        #expect(zh.contains("政府投资基金") && zh.contains("郑州市天使投资基金") && zh.contains("市级财政现金流（按年）：贷款项目与基金") && zh.contains("非现金"))
        #expect(en.contains("The city's funds") && en.contains("P(a pool runs dry and TVPI &lt; 1)") && en.contains("2030 (Jan–Aug)"))
        #expect(en.contains(ReportLanguage.en.pm(fund.pBelowCost, fund.pBelowCostSe, unit: "probability")))
        #expect(en.contains(ReportLanguage.en.pm(fund.figures["paid_in"]!.mean, fund.figures["paid_in"]!.se, unit: "万元")))
        // The fund extends the baseline, which runs by calendar year from September 2025: 2025 … 2030.
        #expect(files.summary.cityCombinedByYear?.count == 6 && files.summary.calendarYears?.count == 6)
        #expect(zh.contains("拨投结合资助企业") && en.contains("Converted into stakes at the next round"))
        // The inputs restate the fund as the scenario gave it (scenario.json `funds`).
        #expect(en.contains("Investment years; new firms a year by cohort</td><td data-label=\"\">4; hightech-credit: 15 / 12 / 12 / 9, techsme-credit: 10 / 8 / 8 / 6"))
        let plain = Report.html(try ReportInput.load(try await runDirectory()), lang: .en)
        #expect(!plain.contains("The city's funds"))
    }

    @Test func moneyFollowsTheLanguage() {
        #expect(ReportLanguage.zh.money(12_345) == "1.23 亿元")
        #expect(ReportLanguage.zh.money(2_345.67) == "2,345.7 万元")
        #expect(ReportLanguage.en.money(12_345) == "1.23 亿元")
        #expect(ReportLanguage.zh.pm(16_100, 74.1, unit: "万元") == "1.61 ± 0.01 亿元" && ReportLanguage.en.difference(-0.5079, unit: "probability") == "-50.79 pp")
        #expect(ReportLanguage.zh.difference(0.012, unit: "probability") == "+1.20 个百分点")
        #expect(ReportLanguage.en.money(-512) == "-512.0 万元")
        #expect(ReportLanguage.zh.percent(0.1234) == "12.3%")
        #expect(ReportLanguage.zh.count(55.8) == "55.8 笔")
    }

    @Test func niceTicksAreRound() {
        #expect(niceTicks(0, 10_000) == [0, 2_000, 4_000, 6_000, 8_000, 10_000])
        #expect(niceTicks(0, 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { $0 })
    }

    @Test func compareAndSweepReports() async throws {
        let base = try await runDirectory(), other = try await runDirectory(overrides: [.init(keyPath: "pool.initial", value: "2亿")])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: base, toPath: dir + "/scenario-0")
        try FileManager.default.copyItem(atPath: other, toPath: dir + "/scenario-1")
        try """
            {"seed": 3, "paths": 512, "generator": "gsl_rng_taus2", "version": "0.1.0", "money_unit": "万元", "block_size": 256, "method": "crn",
             "scenarios": [{"name": "a", "file": "a.yaml", "sha256": "00"}, {"name": "b", "file": "b.yaml", "sha256": "11"}],
             "rows": [{"metric": "pool_paid.mean", "unit": "万元", "scenarios": [{"mean": 100, "se": 5}, {"mean": 150, "se": 6}],
                       "differences_vs_first": [{"mean": 50, "se": 2, "ci95_low": 46, "ci95_high": 54, "se_independent": 7.8, "crn_narrowing": 3.9}]}]}
            """.write(toFile: dir + "/compare.json", atomically: true, encoding: .utf8)
        let html = Report.html(try ReportInput.load(dir), lang: .zh)
        #expect(html.contains("data-chart=\"compare-pool_paid\"") && html.contains("data-chart=\"diff-pool_paid\""))
        #expect(html.contains("×3.9") && html.contains("[+46.0 万元, +54.0 万元]"))
        #expect(html.contains("[1] b 相对于 [0] a：资金池代偿 +50.0 万元（95% 区间 +46.0 万元 至 +54.0 万元）。"), "a file without the policy rows: its first rows")
        // Files from 0.2.1 on name each row; P(depleted) and P(depleted by year 5) get charts of their own.
        try """
            {"seed": 3, "paths": 512, "generator": "gsl_rng_taus2", "version": "0.2.1", "money_unit": "万元", "block_size": 256, "method": "crn",
             "scenarios": [{"name": "a", "file": "a.yaml", "sha256": "00"}, {"name": "b", "file": "b.yaml", "sha256": "11"}],
             "rows": [{"metric": "depletion.probability", "unit": "probability", "label": "P(pool depleted)", "label_zh": "资金池耗尽概率",
                       "scenarios": [{"mean": 0.2, "se": 0.01}, {"mean": 0.1, "se": 0.01}],
                       "differences_vs_first": [{"mean": -0.1, "se": 0.005, "ci95_low": -0.11, "ci95_high": -0.09, "se_independent": 0.014}]},
                      {"metric": "depletion.year5", "unit": "probability", "label": "P(pool depleted by the end of year 5)",
                       "label_zh": "第5年末前资金池耗尽概率", "scenarios": [{"mean": 0.15, "se": 0.01}, {"mean": 0.05, "se": 0.01}],
                       "differences_vs_first": [{"mean": -0.1, "se": 0.005, "ci95_low": -0.11, "ci95_high": -0.09, "se_independent": 0.014}]}]}
            """.write(toFile: dir + "/compare.json", atomically: true, encoding: .utf8)
        let labelled = Report.html(try ReportInput.load(dir), lang: .zh)
        #expect(labelled.contains("资金池耗尽概率 -10.00 个百分点（95% 区间 -11.00 个百分点 至 -9.00 个百分点）"))
        #expect(labelled.contains("data-chart=\"compare-depletion\"") && labelled.contains("data-chart=\"compare-depletion-year5\""))
        #expect(labelled.contains("第5年末前资金池耗尽概率"))
        let english = Report.html(try ReportInput.load(dir), lang: .en)
        #expect(english.contains("P(pool depleted by the end of year 5)"))
        // From 0.2.2 a row may be a ratio of means: its charts get ids without "/", its values and axes
        // carry 万元 per firm (万元/户), with the decimals a ratio of a few 万元 needs.
        try """
            {"seed": 3, "paths": 512, "generator": "gsl_rng_taus2", "version": "0.2.2", "money_unit": "万元", "block_size": 256, "method": "crn",
             "scenarios": [{"name": "a", "file": "a.yaml", "sha256": "00"}, {"name": "b", "file": "b.yaml", "sha256": "11"}],
             "rows": [{"metric": "fiscal_cost/distinct_firms_financed", "unit": "万元/firm", "label": "Fiscal cost per distinct firm financed",
                       "label_zh": "每户获贷企业财政成本", "scenarios": [{"mean": 3.57, "se": 0.05}, {"mean": 3.15, "se": 0.05}],
                       "differences_vs_first": [{"mean": -0.41, "se": 0.008, "ci95_low": -0.43, "ci95_high": -0.40, "se_independent": 0.07}]}]}
            """.write(toFile: dir + "/compare.json", atomically: true, encoding: .utf8)
        let ratio = Report.html(try ReportInput.load(dir), lang: .zh)
        #expect(ratio.contains("data-chart=\"compare-fiscal_cost-per-distinct_firms_financed\"")
                && ratio.contains("data-chart=\"diff-fiscal_cost-per-distinct_firms_financed\""))
        #expect(ratio.contains("3.57 ± 0.05 万元/户") && ratio.contains("[-0.43 万元/户, -0.40 万元/户]") && ratio.contains("每户获贷企业财政成本 (万元/户)"))
        #expect(ratio.contains(">-0.4</text>") || ratio.contains(">-0.40</text>"), "the difference axis has decimals")
        // The answer first: each scenario's change against the first with its interval.
        #expect(ratio.contains("<section class=\"answer\"><h2>结论</h2>")
                && ratio.contains("[1] b 相对于 [0] a：每户获贷企业财政成本 -0.41 万元/户（95% 区间 -0.43 万元/户 至 -0.40 万元/户）。"))
        let enAnswer = Report.html(try ReportInput.load(dir), lang: .en)
        #expect(enAnswer.contains("[1] b against [0] a: Fiscal cost per distinct firm financed -0.41 万元 per firm (95% interval -0.43 万元 per firm to -0.40 万元 per firm)."))
        // A difference that is zero on every path is "unchanged"; one whose interval holds zero says so.
        try """
            {"seed": 3, "paths": 512, "generator": "gsl_rng_taus2", "version": "0.2.2", "money_unit": "万元", "block_size": 256, "method": "crn",
             "scenarios": [{"name": "a", "file": "a.yaml", "sha256": "00"}, {"name": "b", "file": "b.yaml", "sha256": "11"}],
             "rows": [{"metric": "fiscal_cost.mean", "unit": "万元", "label": "Fiscal cost", "label_zh": "财政成本",
                       "scenarios": [{"mean": 100, "se": 5}, {"mean": 102, "se": 5}],
                       "differences_vs_first": [{"mean": 2, "se": 4, "ci95_low": -5.8, "ci95_high": 9.8, "se_independent": 7}]},
                      {"metric": "distinct_firms_financed.mean", "unit": "firms", "label": "Distinct firms financed", "label_zh": "获贷企业（户）",
                       "scenarios": [{"mean": 1500, "se": 5}, {"mean": 1500, "se": 5}],
                       "differences_vs_first": [{"mean": 0, "se": 0, "ci95_low": 0, "ci95_high": 0, "se_independent": 7}]}]}
            """.write(toFile: dir + "/compare.json", atomically: true, encoding: .utf8)
        #expect(Report.html(try ReportInput.load(dir), lang: .en).contains(
            "[1] b against [0] a: Fiscal cost +2.0 万元 (95% interval -5.8 万元 to +9.8 万元: no clear change); Distinct firms financed unchanged."))

        let sweep = FileManager.default.temporaryDirectory.appendingPathComponent("sw-\(UUID())").path
        try FileManager.default.createDirectory(atPath: sweep, withIntermediateDirectories: true)
        try """
            # loansim 0.1.0; seed 1
            a,b,gross_loss_wan,gross_loss_wan_se,pool_paid_wan,pool_paid_wan_se,p_depleted,p_depleted_se
            1,x,10,1,5,1,0.1,0.01
            1,y,10,1,6,1,0.2,0.01
            2,x,10,1,7,1,0.3,0.01
            2,y,10,1,8,1,0.4,0.01
            """.write(toFile: sweep + "/sweep.csv", atomically: true, encoding: .utf8)
        let s = Report.html(try ReportInput.load(sweep), lang: .en)
        #expect(s.contains("data-chart=\"heat-p_depleted\"") && s.contains("data-chart=\"heat-pool_paid_wan\""))
        #expect(s.contains("40.00%") && s.contains("→ b"))
        // From 0.2.2 sweep.json names each column's metric, unit and label: a firm count reads in firms
        // (户), the fiscal cost per firm gets a heat map in 万元 per firm; columns that disagree with the
        // CSV's are refused.
        try """
            # loansim 0.2.2; seed 1
            a,distinct_firms_financed,distinct_firms_financed_se,fiscal_cost_per_distinct_firms_financed,fiscal_cost_per_distinct_firms_financed_se
            1,1500,5,3.25,0.08
            2,1500,5,4.5,0.1
            """.write(toFile: sweep + "/sweep.csv", atomically: true, encoding: .utf8)
        let sweepJSON = """
            {"seed": 1, "paths": 10, "generator": "gsl_rng_taus2", "version": "0.2.2", "money_unit": "万元", "block_size": 256,
             "scenario": {"name": "s", "file": "s.yaml", "sha256": "00"}, "keys": ["a"],
             "columns": [{"column": "distinct_firms_financed", "metric": "distinct_firms_financed.mean", "unit": "firms",
                          "label": "Distinct firms financed", "label_zh": "获贷企业（户）"},
                         {"column": "COLUMN", "metric": "fiscal_cost/distinct_firms_financed", "unit": "万元/firm",
                          "label": "Fiscal cost per distinct firm financed", "label_zh": "每户获贷企业财政成本"}],
             "points": [{"values": ["1"], "estimates": [{"value": 1500, "se": 5}, {"value": 3.25, "se": 0.08}]},
                        {"values": ["2"], "estimates": [{"value": 1500, "se": 5}, {"value": 4.5, "se": 0.1}]}]}
            """
        try sweepJSON.replacingOccurrences(of: "COLUMN", with: "fiscal_cost_per_distinct_firms_financed")
            .write(toFile: sweep + "/sweep.json", atomically: true, encoding: .utf8)
        let described = Report.html(try ReportInput.load(sweep), lang: .zh)
        #expect(described.contains("data-chart=\"heat-fiscal_cost_per_distinct_firms_financed\"") && described.contains("4.50 万元/户"))
        #expect(described.contains("1,500.0 ± 5.0 户") && described.contains("每户获贷企业财政成本 (万元/户)"))
        try sweepJSON.replacingOccurrences(of: "COLUMN", with: "other").write(toFile: sweep + "/sweep.json", atomically: true, encoding: .utf8)
        #expect(throws: ReportError.self) { try ReportInput.load(sweep) }
    }

    @Test func unknownDirectoryIsAnError() {
        #expect(throws: ReportError.self) { try ReportInput.load("/nonexistent") }
    }
}

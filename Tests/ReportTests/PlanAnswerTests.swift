import Foundation
import LoanSimFiles
import Testing
@testable import LoanSimReport

/// The report's plan answer names the amount to add to the scenario's own value, and a top-up's key in words.
@Suite struct PlanAnswerTests {
    @Test func theAmountToAdd() async throws {
        let dir = try await runDirectory()
        guard case .run(var files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        files.plan = PlanFile(seed: 3, paths: 512, generator: "gsl_rng_taus2", version: "0.5.0", blockSize: 256,
                              scenario: .init(name: "x", file: "x.yaml", sha256: "0", set: nil), target: "depletion.year5 <= 0.05", vary: "pool.initial",
                              range: [0, 60_000], answer: 15_000, answerIs: "smallest meeting the target", answerSe: 257,
                              evaluations: [], checksSeed: 4, checks: [.init(value: 15_000, estimate: 0.05, se: 0.005, meets: true)], current: 9_100)
        #expect(files.plan?.change == 5_900)
        let zh = RunPage(files: files, lang: .zh).answer(), en = RunPage(files: files, lang: .en).answer()
        #expect(zh.contains("情景现值为 9,100.0 万元，即需增加 5,900.0 万元（± 257.0 万元）"), "\(zh)")
        #expect(en.contains("The scenario has 9,100.0 万元: that is 5,900.0 万元 to add (± 257.0 万元)."), "\(en)")
        // Without the scenario's value (a plan.json of 0.4.0) the answer stands alone.
        files.plan?.current = nil
        files.plan?.change = nil
        #expect(!RunPage(files: files, lang: .zh).answer().contains("情景现值"))
    }

    @Test func topUpKeysInWords() {
        #expect(ReportLanguage.zh.keyName("pool.top_ups[0].amount") == "资金池第1笔补充资金")
        #expect(ReportLanguage.en.keyName("pools[1].top_ups[2].amount") == "Top-up no. 3 of pool 2")
        #expect(ReportLanguage.en.keyName("pool.top_ups[0].month") == "pool.top_ups[0].month")
    }
}

/// The scenario's own target in the answer box: the amount to add, its se, the month and the fresh-path check.
@Suite struct TargetAnswerTests {
    @Test func theAmountToAddAndWhen() async throws {
        let dir = try await runDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard case .run(var files) = try ReportInput.load(dir) else { Issue.record("not a run folder"); return }
        // runDirectory's summary has calendar years (the baseline states start:) but no target: add one.
        let spec = TargetSpec(pDepleted: 0.05, by: 2029, pool: "池", maxTopUp: 91_000, byMonth: 52, topUpMonth: 5)
        func e(_ v: Double, _ p: Double) -> SearchEvaluation { .init(value: v, estimate: p, se: 0.004, meets: p <= 0.05) }
        files.summary.target = .init(spec: spec, byLabel: "2029", topUpCalendarMonth: "2026-01", metric: "depletion.month52", withoutTopUp: e(0, 0.2),
                                     topUp: 4_800, topUpSe: 130, evaluations: [e(0, 0.2)], check: e(4_800, 0.049), checkSeed: 4, definition: "")
        let zh = RunPage(files: files, lang: .zh).answer(), en = RunPage(files: files, lang: .en).answer()
        #expect(zh.contains("目标：2029年末前资金池耗尽概率不超过 5.0%；情景现状为 20.0%。需于2026年1月向池补充 4,800.0 万元（± 130.0 万元）；新路径复核：4.9%（± 0.4%）。"), "\(zh)")
        #expect(en.contains("Add 4,800.0 万元 (± 130.0 万元) to 池 in January 2026: checked on fresh paths, 4.9% (± 0.4%)."), "\(en)")
        #expect(!zh.contains("loansim plan"), "with a target the box does not send the reader to plan")
        files.summary.target?.topUp = 0
        files.summary.target?.withoutTopUp = e(0, 0.03)
        #expect(RunPage(files: files, lang: .en).answer().contains("The scenario as given has 3.0% (± 0.4%): no top-up is needed."))
    }
}

/// A standard error never prints as zero: more decimals where the usual ones would round it away.
@Suite struct StandardErrorDigitsTests {
    @Test func noZeroStandardErrors() {
        #expect(ReportLanguage.zh.pm(16_100, 74.1, unit: "万元") == "1.61 ± 0.01 亿元")
        #expect(ReportLanguage.zh.pm(16_100, 30, unit: "万元") == "1.610 ± 0.003 亿元")
        #expect(ReportLanguage.en.pm(0.2531, 0.00002, unit: "probability") == "25.310% ± 0.002%")
        #expect(ReportLanguage.en.pm(0.2531, 0, unit: "probability") == "25.31% ± 0.00%")
        #expect(ReportLanguage.en.pm(512.3, 0.01, unit: "万元") == "512.30 ± 0.01 万元")
    }
}

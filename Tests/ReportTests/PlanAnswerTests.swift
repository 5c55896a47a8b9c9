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

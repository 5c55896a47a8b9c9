import Foundation
import LoanSimFiles
import Testing
@testable import LoanSimReport

/// Where the model and the record disagree is said in words near the top of the report.
@Suite struct DisagreementTests {
    func check(_ observed: String, pAgree: Double, percentile: Double?) -> SummaryFile.PredictiveCheck {
        .init(name: "banks suspended by August 2025", nameZh: "截至2025年8月被熔断银行次数", metric: "m", unit: "loans", month: 83,
              observed: observed, source: "", mean: 1, interval90: [0, 9], pAgree: pAgree, pAgreeSe: 0.015, percentile: percentile, inside: true)
    }

    @Test func whichChecksDisagree() {
        #expect(RunPage.disagrees(check("0", pAgree: 0.31, percentile: 0.31)))          // a count with mass: 31% agree
        #expect(!RunPage.disagrees(check("0", pAgree: 0.80, percentile: 0.80)))
        #expect(RunPage.disagrees(check("<= 3", pAgree: 0.2, percentile: nil)))          // a bound most paths break
        #expect(!RunPage.disagrees(check(">= 2", pAgree: 0.97, percentile: nil)))
        #expect(!RunPage.disagrees(check("1147000", pAgree: 0, percentile: 0.38)))      // spread: inside the body
        #expect(RunPage.disagrees(check("1147000", pAgree: 0, percentile: 0.02)))       // in the lower tail
        #expect(RunPage.disagrees(check("1147000", pAgree: 0, percentile: 0.97)))       // in the upper tail
    }

    /// The backcast: the answer box names the check fewer than half the paths agree with, in the
    /// report's language, with its calendar month.
    @Test func theAnswerSaysSo() async throws {
        let dir = try await runDirectory("zhengzhou-backcast-2018-2025")
        guard case .run(let files) = try ReportInput.load(dir) else { Issue.record("not a run"); return }
        let checks = try #require(files.summary.predictiveCheck)
        let flagged = checks.filter(RunPage.disagrees)
        let en = RunPage(files: files, lang: .en).answer(), zh = RunPage(files: files, lang: .zh).answer()
        for c in checks {
            #expect(en.contains("“\(c.name)”") == flagged.contains(c), "\(c.name)")
            #expect(zh.contains("“\(c.nameZh)”") == flagged.contains(c), "\(c.nameZh)")
        }
        // Under the whole-record posterior every check may agree with most paths; a flagged one names its month.
        if !flagged.isEmpty { #expect(en.contains("by 2025-08") && zh.contains("截至2025-08")) }
    }
}

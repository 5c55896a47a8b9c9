import Foundation
import LoanSimFiles
import Testing
@testable import LoanSimReport

/// Who draws the pool down, in the report: each bank's part of the payouts and of the net loss, with
/// its share, as read from summary.json, and a chart per figure.
@Suite struct ContributionsReportTests {
    @Test func sectionShowsEachBanksParts() async throws {
        let dir = try await runDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = try ReportInput.load(dir)
        guard case .run(let files) = input else { Issue.record("not a run folder"); return }
        let c = try #require(files.summary.contributions)
        let zh = Report.html(input, lang: .zh), en = Report.html(input, lang: .en)
        #expect(zh.contains("<h2>谁在消耗资金池（欧拉分配）</h2>") && en.contains("<h2>Who draws the pool down (Euler contributions)</h2>"))
        #expect(c.figures.contains { $0.by == "cohort" } && en.contains(" by Cohort</h3>") && zh.contains("（按企业群组）</h3>"))
        for a in c.figures {
            #expect(en.contains("data-chart=\"contributions-\(a.figure)-\(a.by)\""))
            let first = a.parts[0]
            let share = String(format: "%.1f%%", 100 * first.mean / a.total.mean)
            #expect(en.contains("(\(share))"), "\(a.figure): \(share)")
        }
    }
}

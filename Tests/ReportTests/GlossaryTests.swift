import Foundation
import Testing
@testable import LoanSimReport

/// Abbreviations explained: a glossary in each report's language and a hover on the headers that use them;
/// names shown by their labels.
@Suite struct GlossaryTests {
    @Test func headersCarryTheirTermsMeaning() {
        let zh = Glossary.annotate("<th>P95</th><th>年度</th><th>ES99</th><th>UPDATE</th>", lang: .zh)
        #expect(zh.contains("<th title=\"P5 / P50 / P95 / P99: 百分位数") && zh.contains("<th>年度</th>") && zh.contains("<th title=\"ES99: 预期尾部损失"))
        #expect(zh.contains("<th>UPDATE</th>"), "PD inside a word is not the term")
        #expect(Glossary.annotate("<th>LGD</th>", lang: .en).contains("Loss given default"))
        #expect(Glossary.hover("P950", lang: .en) == nil)
    }

    @Test func everyReportEndsWithTheGlossaryAndShowsLabels() async throws {
        let dir = try await runDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let zh = Report.html(try ReportInput.load(dir), lang: .zh), en = Report.html(try ReportInput.load(dir), lang: .en)
        for t in Glossary.terms {
            #expect(zh.contains(esc(t.zh)) && en.contains(esc(t.en)), "\(t.term)")
        }
        #expect(zh.contains("<h2>术语表</h2>") && en.contains("<h2>Glossary</h2>"))
        // The baseline labels its scenario, cohorts and banks.
        #expect(zh.contains("郑科贷基准情景（按 2018–2025 年记录校准）") && zh.contains("高新技术企业信用贷款") && zh.contains("合作银行甲"))
        #expect(en.contains("High-tech firms, credit loans") && !en.contains("高新技术企业信用贷款"))
    }
}

/// A comparison ranks its scenarios by the answer's first figure and names every row in full.
@Suite struct CompareNamingTests {
    @Test func ranking() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bin = root.appendingPathComponent(".build/debug/loansim").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["compare", "scenarios/zhengkedai-baseline.yaml", "scenarios/policy-pool-doubled.yaml", "--paths", "300", "--out", dir, "--quiet"]
        p.currentDirectoryURL = root
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let zh = Report.html(try ReportInput.load(dir), lang: .zh), en = Report.html(try ReportInput.load(dir), lang: .en)
        // A doubled pool runs dry less often: it ranks first.
        #expect(en.contains("Ranked by P(pool depleted), lowest first: [1] 郑科贷, pool doubled to 2亿"), "\(en.prefix(3000))")
        #expect(zh.contains("由低到高排序：[1] 郑科贷：资金池增至 2 亿元"))
        #expect(en.contains("郑科贷, pool doubled to 2亿 − 郑科贷 baseline (calibrated to the 2018–2025 record)"))
    }
}

import Foundation
import Testing
@testable import LoanSimReport

/// One unit per column: a table's money column reads in 亿元 or in 万元, never both.
@Suite struct MoneyColumnTests {
    @Test func unitFromTheColumnsRange() {
        #expect(MoneyUnit.fitting([12_000, 25_000, 9_100]) == .yi)
        #expect(MoneyUnit.fitting([12_000, 850]) == .wan, "850 万元 would read 0.09 亿元")
        #expect(MoneyUnit.fitting([9_999, 5_000]) == .wan, "nothing reaches 1亿")
        #expect(MoneyUnit.fitting([0, 12_000, -30_000, .nan]) == .yi, "zeros and '–' do not choose")
        #expect(MoneyUnit.fitting([]) == .wan)
    }

    @Test func cellsWrittenInTheirColumnsUnit() {
        let html = Report.table(["a", "b", "c"], cells: [
            [.text("x"), .money(23_977.2), .money(12_345, se: 0.4)],
            [.text("y"), .money(131.0), .money(54_321, se: 120)],
            [.text("z"), .change(-2_000), .amounts([15_000, 20_000], format: "[%1, %2]", signed: true)],
        ], lang: .zh)
        let cells = html.matches(of: /<td data-label="[^"]*">([^<]*)<\/td>/).map { String($0.1) }
        #expect(cells == ["x", "23,977.2 万元", "1.23450 ± 0.00004 亿元",
                          "y", "131.0 万元", "5.43 ± 0.01 亿元",
                          "z", "-2,000.0 万元", "[+1.50, +2.00] 亿元"], "\(cells)")
    }

    /// The baseline's tables: in every column of every table, money reads in a single unit.
    @Test func everyReportColumnHoldsOneMoneyUnit() async throws {
        let dir = try await runDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for lang in ReportLanguage.allCases {
            let html = Report.html(try ReportInput.load(dir), lang: lang)
            var checked = 0
            for table in html.matches(of: /<table[^>]*>(.*?)<\/table>/.dotMatchesNewlines()) {
                let rows = String(table.1).matches(of: /<tr>(.*?)<\/tr>/).map { row in
                    String(row.1).matches(of: /<td[^>]*>([^<]*)<\/td>/).map { String($0.1) }
                }
                for k in 0..<(rows.map(\.count).max() ?? 0) {
                    let column = rows.compactMap { $0.indices.contains(k) ? $0[k] : nil }
                    let units = Set(column.compactMap { $0.hasSuffix(" 亿元") ? "亿元" : $0.hasSuffix(" 万元") ? "万元" : nil })
                    #expect(units.count <= 1, "\(lang) column \(k): \(column)")
                    checked += units.isEmpty ? 0 : 1
                }
            }
            #expect(checked >= 10, "the baseline has money columns in many tables")
        }
    }
}

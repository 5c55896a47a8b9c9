import Foundation
import Testing
@testable import LoanSimReport

/// The Excel workbook as a file: whole, the same bytes for the same run, six sheets with native charts,
/// and a failure thrown (nothing claimed written) when libxlsxwriter cannot write. Every number in it is
/// read back with openpyxl and checked against summary.json by scripts/workbook-test.sh (`make test`).
@Suite struct WorkbookTests {
    @Test func theSameRunGivesTheSameWorkbook() async throws {
        let dir = try await runDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = try ReportInput.load(dir)
        var bytes: [ReportLanguage: Data] = [:]
        for lang in ReportLanguage.allCases {
            let a = dir + "/a.\(lang.rawValue).xlsx", b = dir + "/b.\(lang.rawValue).xlsx"
            try Workbook.write(input, lang: lang, to: a)
            try Workbook.write(input, lang: lang, to: b)
            let first = try Data(contentsOf: URL(fileURLWithPath: a)), second = try Data(contentsOf: URL(fileURLWithPath: b))
            #expect(first == second, "\(lang): two writes of one run differ")
            #expect(first.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]), "\(lang): not a zip (xlsx) file")
            // Zip entry names are stored uncompressed: six sheets, charts, no seventh sheet.
            let text = String(decoding: first, as: UTF8.self)
            for part in (1...6).map({ "xl/worksheets/sheet\($0).xml" }) + ["xl/charts/chart1.xml", "xl/workbook.xml"] {
                #expect(text.contains(part), "\(lang): no \(part)")
            }
            #expect(!text.contains("xl/worksheets/sheet7.xml"))
            bytes[lang] = first
        }
        #expect(bytes[.zh] != bytes[.en], "the two languages' workbooks should differ")
    }

    @Test func aWorkbookThatCannotBeWrittenIsAnError() async throws {
        let dir = try await runDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let target = dir + "/no-such-folder/w.xlsx"
        #expect {
            try Workbook.write(try ReportInput.load(dir), lang: .zh, to: target)
        } throws: { error in
            "\(error)".contains(target) && "\(error)".contains("libxlsxwriter")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func sheetNamesAndWidths() {
        for lang in ReportLanguage.allCases {
            for key in ["sheet.answer", "sheet.budget", "sheet.banks", "sheet.checks", "sheet.drivers", "sheet.figures"] {
                let name = WorkbookText.text(key, lang)
                #expect(name.count <= 31 && name.rangeOfCharacter(from: CharacterSet(charactersIn: "[]:*?/\\")) == nil, "\(name)")
            }
        }
        #expect(XLSXBook.Sheet.width(of: "资金池") == 6 && XLSXBook.Sheet.width(of: "pool") == 4)
    }
}

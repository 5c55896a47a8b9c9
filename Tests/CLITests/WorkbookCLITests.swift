import Foundation
import Testing

/// `loansim report DIR --xlsx FILE` through the real binary: the workbook lands whole with no temporary
/// left beside it; a name without .xlsx and a comparison folder are usage errors that write nothing.
@Suite struct WorkbookCLITests {
    @Test func theWorkbookLandsWhole() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--paths", "300", "--out", dir + "/run", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let book = dir + "/books/answer.xlsx"
        let r = try CLI.run(["report", dir + "/run", "--lang", "en", "--xlsx", book])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote \(book)"))
        let data = try Data(contentsOf: URL(fileURLWithPath: book))
        #expect(data.prefix(2) == Data([0x50, 0x4B]) && data.count > 10_000)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir + "/books").filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "temporaries left: \(left)")
    }

    @Test func aNameWithoutXlsxIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["report", dir, "--xlsx", dir + "/answer.csv"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("ending in .xlsx"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/answer.csv"))
    }
}

import Foundation
import Testing
@testable import LoanSim

/// Loan tapes (`book: {tape: …}`): every row checked with its place, plausibility warnings, and the
/// summary `loansim validate` prints.
@Suite struct LoanTapeTests {
    static let scenario = """
        name: tape
        horizon_months: 36
        banks: [{name: a, share: 0.5}, {name: b, share: 0.5}]
        programme: {max_term_months: 36, per_firm_limit: 2000}
        cohorts:
          - {name: c, firms: 100, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 0.5, term_months: 12}
          - {name: cc, firms: 0, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 0.5, term_months: 12,
             collateral: {share: 0.3, haircut: 0.4, lag_months: 6}}
          - {name: cg, firms: 0, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 0.5, term_months: 12,
             loss_split: {pool: 0.4, guarantor: 0.4, bank: 0.2}, guarantee: {fee: 0.01}}
        pool: {initial: 1000}
        book:
          tape: loans.csv
          as_of: 2025-09
          ratings: {A: 1%, B: 3%}
          rules: {credit: c, collateral: cc, guaranteed: cg, ip_pledge: c}
        """
    static let header = "loan_id,firm_id,bank,amount_wan,start,term_months,type,annual_pd,rating,sector,revenue_wan"

    /// Writes the scenario and `tape` into a fresh folder; returns the scenario's path.
    static func folder(tape: String, scenario: String = scenario) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tape-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try scenario.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        try tape.write(toFile: dir + "/loans.csv", atomically: true, encoding: .utf8)
        return dir + "/s.yaml"
    }

    static func issues(_ tape: String) throws -> [ScenarioIssue] {
        do {
            _ = try ScenarioLoader.load(path: try folder(tape: tape))
            return []
        } catch let e as ScenarioError { return e.issues }
    }

    @Test func aGoodTapeIsSummarisedWithItsWarnings() throws {
        let tape = Self.header + "\r\n" + [
            "L1,F1,a,500,2025-03,12,credit,0.02,,tech,4000",
            "L2,F2,a,300,2025-06,24,collateral,,A,tech,",
            "L3,F3,a,1500,2025-01,24,guaranteed,,B,bio,2000",   // 1,500 > half of 2,000 revenue
            "L4,F1,a,200,2025-05,12,credit,0.05,,tech,4000",    // F1 has two live loans
            "L5,F5,b,100,2023-01,12,credit,0.01,,,",            // ended before the book date
        ].joined(separator: "\r\n") + "\r\n"
        let loaded = try ScenarioLoader.load(path: try Self.folder(tape: tape))
        let book = try #require(loaded.scenario.book)
        #expect(book.tape.loans.count == 5 && book.tape.loans[1].annualPD == 0.01 && book.tape.loans[2].annualPD == 0.03)
        let s = TapeSummary(book, banks: loaded.scenario.banks)
        #expect(s.live == 4 && s.amountWan == 2500)
        #expect(abs(s.weightedPD - (500 * 0.02 + 300 * 0.01 + 1500 * 0.03 + 200 * 0.05) / 2500) < 1e-15)
        #expect(s.byBank == [.init(name: "a", loans: 4, amountWan: 2500)])
        #expect(s.byType.map(\.name) == ["credit", "collateral", "guaranteed"] && s.byType[0].loans == 2)
        #expect(s.bySector.first { $0.name == "tech" }?.amountWan == 1000)
        let w = s.warnings.joined(separator: "\n")
        #expect(w.contains("1 loans ended before the book date 2025-09") && w.contains("line 6"))
        #expect(w.contains("firm F1: lines 2, 5"))
        #expect(w.contains("exceed half of the firm's revenue (first: line 4"))
        #expect(w.contains("bank a holds 96% of the tape's amount against 50%"))
        #expect(s.text.contains("4 loans live at 2025-09, 2,500 万元"))
    }

    @Test(arguments: [
        ("L1,F1,a,500,2025-03,12,credit,0.02,,,\nL1,F2,a,500,2025-03,12,credit,0.02,,,", 3, "loan_id", "already on line 2"),
        ("L1,F1,a,2500,2025-03,12,credit,0.02,,,", 2, "amount_wan", "at most the per-firm limit, 2000"),
        ("L1,F1,a,0,2025-03,12,credit,0.02,,,", 2, "amount_wan", "0 is out of range"),
        ("L1,F1,a,500,2028-10,12,credit,0.02,,,", 2, "start", "after the horizon"),
        ("L1,F1,a,500,2025-13,12,credit,0.02,,,", 2, "start", "not a month"),
        ("L1,F1,a,500,2025-03,48,credit,0.02,,,", 2, "term_months", "the programme's maximum term"),
        ("L1,F1,a,500,2025-03,12.5,credit,0.02,,,", 2, "term_months", "not a whole number"),
        ("L1,F1,a,500,2025-03,12,credit,0,,,", 2, "annual_pd", "strictly between 0 and 1"),
        ("L1,F1,a,500,2025-03,12,credit,1,,,", 2, "annual_pd", "strictly between 0 and 1"),
        ("L1,F1,a,500,2025-03,12,credit,nan,,,", 2, "annual_pd", "not a number"),
        ("L1,F1,a,500,2025-03,12,credit,,,,", 2, "annual_pd", "no annual_pd and no rating"),
        ("L1,F1,a,500,2025-03,12,credit,,C,,", 2, "rating", "A, B"),
        ("L1,F1,z,500,2025-03,12,credit,0.02,,,", 2, "bank", "unknown bank 'z'"),
        ("L1,F1,a,500,2025-03,12,mortgage,0.02,,,", 2, "type", "credit, collateral, ip_pledge, guaranteed"),
        ("L1,F1,a,500,2025-03,12,ip_pledge,0.02,,,", 2, "appraised_ip_wan", "appraised value"),
        ("L1,F1,a,500,2025-03,12,credit,0.02,,", 2, "", "10 fields where the header has 11"),
        ("L1,,a,500,2025-03,12,credit,0.02,,,", 2, "firm_id", "no value"),
    ])
    func badRowsAreRefusedWithTheirPlace(_ row: String, _ line: Int, _ column: String, _ words: String) throws {
        let found = try Self.issues(Self.header + "\n" + row + "\n")
        let issue = try #require(found.first { $0.line == line && $0.keyPath == column }, "\(found)")
        #expect(issue.description.contains(words), "\(issue)")
        #expect(issue.file.hasSuffix("loans.csv"))
        if let i = Self.header.split(separator: ",").map(String.init).firstIndex(of: column) {
            // The column is the field's own: one past the commas before it (no quoted commas here).
            let lineText = row.split(separator: "\n", omittingEmptySubsequences: false)[line - 2]
            let start = lineText.split(separator: ",", omittingEmptySubsequences: false).prefix(i).reduce(1) { $0 + $1.count + 1 }
            #expect(issue.column == start)
        }
    }

    @Test func headersAndFilesAreChecked() throws {
        #expect(try Self.issues("loan_id,firm_id,bank,amount_wan,start,term_months,type,colour\n").contains { $0.keyPath == "colour" && $0.message == "unknown column" })
        #expect(try Self.issues("loan_id,firm_id,bank,amount_wan,start,type\n").contains { $0.message.contains("'term_months' is missing") })
        #expect(try Self.issues("").contains { $0.message.contains("empty") })
        #expect(try Self.issues(Self.header + "\n").contains { $0.message.contains("no loans") })
        #expect(try Self.issues("loan_id\u{0},x\n").contains { $0.message.contains("NUL") })
    }

    /// The scenario hash covers the tape's bytes.
    @Test func theHashCoversTheTape() throws {
        let path = try Self.folder(tape: Self.header + "\nL1,F1,a,500,2025-03,12,credit,0.02,,,\n")
        let a = try ScenarioLoader.load(path: path).sha256
        try (Self.header + "\nL1,F1,a,501,2025-03,12,credit,0.02,,,\n").write(toFile: (path as NSString).deletingLastPathComponent + "/loans.csv",
                                                                              atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader.load(path: path).sha256 != a)
    }

    /// Each loan type on the tape needs a rules cohort that has what the type needs.
    @Test func rulesAreChecked() throws {
        let noRules = Self.scenario.replacingOccurrences(of: "rules: {credit: c, collateral: cc, guaranteed: cg, ip_pledge: c}", with: "rules: {credit: c}")
        let path = try Self.folder(tape: Self.header + "\nL1,F1,a,500,2025-03,12,collateral,0.02,,,\n", scenario: noRules)
        let e = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(path: path) }
        #expect(e.issues.contains { $0.keyPath == "book.rules.collateral" && $0.message.contains("no cohort gives their rules") }, "\(e.issues)")
        let wrong = Self.scenario.replacingOccurrences(of: "collateral: cc,", with: "collateral: c,")
        let path2 = try Self.folder(tape: Self.header + "\nL1,F1,a,500,2025-03,12,collateral,0.02,,,\n", scenario: wrong)
        let e2 = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(path: path2) }
        #expect(e2.issues.contains { $0.keyPath == "book.rules.collateral" && $0.message.contains("has no collateral") }, "\(e2.issues)")
        let unknown = Self.scenario.replacingOccurrences(of: "credit: c,", with: "credit: nobody,")
        let e3 = try #require(throws: ScenarioError.self) { try ScenarioLoader.load(path: try Self.folder(tape: Self.header + "\nL1,F1,a,500,2025-03,12,credit,0.02,,,\n", scenario: unknown)) }
        #expect(e3.issues.contains { $0.keyPath == "book.rules.credit" && $0.message.contains("no cohort is named 'nobody'") }, "\(e3.issues)")
    }
}

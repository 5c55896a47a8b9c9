import Crypto
import Foundation
import TextFormats

/// What a tape is checked against: the scenario's banks, sectors, limits and dates.
public struct TapeRules: Sendable {
    public var banks: [Bank]
    /// Sector names a loan may carry; empty: any name (used for grouping only).
    public var sectors: [String]
    public var perFirmLimitWan: Double
    public var maxTermMonths: Int?
    /// The book's date (month 1 of the simulation) and the horizon after it.
    public var asOf: YearMonth
    public var horizonMonths: Int
    /// Rating → annual PD.
    public var ratings: [String: Double]
}

/// Reads a loan tape CSV and checks every row. Errors (exit 65) are `file:line:column: column: message
/// (allowed: …)`, at most 50; plausibility warnings go with the tape.
public struct LoanTapeReader {
    public static let maxBytes = 64 << 20
    let file: String
    let rules: TapeRules
    var issues: [ScenarioIssue] = []
    /// Problems past the first `ScenarioError.shownLimit`, counted for "… and N more".
    var more = 0
    var warnings: [String] = []
    var header: [String] = []
    var starts: [Int] = []

    public static func load(path: String, rules: TapeRules) throws -> (LoanTape, [String]) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "", message: "cannot read the loan tape", allowed: "a CSV file")])
        }
        return try parse(data, file: path, rules: rules)
    }

    public static func parse(_ data: Data, file: String, rules: TapeRules) throws -> (LoanTape, [String]) {
        func fail(_ message: String, _ allowed: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: message, allowed: allowed)])
        }
        if data.count > maxBytes { throw fail("the tape is \(data.count) bytes", "at most \(maxBytes) bytes") }
        if data.contains(0) { throw fail("the tape contains a NUL byte: not a text CSV", "UTF-8 text") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("the tape is not UTF-8 text", "UTF-8 text") }
        var lines = text.fileLines.map(String.init)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        var reader = LoanTapeReader(file: file, rules: rules)
        let loans = reader.read(lines)
        if !reader.issues.isEmpty { throw ScenarioError(reader.issues, more: reader.more) }
        reader.plausibility(loans)
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return (LoanTape(file: file, sha256: sha, loans: loans), reader.warnings)
    }

    init(file: String, rules: TapeRules) {
        self.file = file
        self.rules = rules
    }

    mutating func report(_ line: Int, _ column: String, _ message: String, allowed: String? = nil) {
        let col = header.firstIndex(of: column).map { starts[$0] } ?? 1
        if issues.count < ScenarioError.shownLimit {
            issues.append(ScenarioIssue(file: file, line: line, column: col, keyPath: column, message: message, allowed: allowed))
        } else {
            more += 1
        }
    }

    mutating func read(_ lines: [String]) -> [LoanTape.Loan] {
        let numbered = lines.enumerated().filter { !$0.element.trimmedOfSpaces.isEmpty && !$0.element.hasPrefix("#") }
        guard let (h, hLine) = numbered.first else {
            report(1, "", "the tape is empty", allowed: "a header " + LoanTape.required.joined(separator: ",") + " then one row per loan")
            return []
        }
        let split = CSVLine.split(hLine)
        header = split.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        starts = split.starts
        for (i, name) in header.enumerated() where !LoanTape.columns.contains(name) || header[..<i].contains(name) {
            issues.append(ScenarioIssue(file: file, line: h + 1, column: starts[i], keyPath: name.isEmpty ? "(empty)" : name,
                                        message: header[..<i].contains(name) ? "column given twice" : "unknown column",
                                        allowed: LoanTape.columns.joined(separator: ", ")))
        }
        for name in LoanTape.required where !header.contains(name) {
            report(h + 1, "", "required column '\(name)' is missing", allowed: LoanTape.required.joined(separator: ", "))
        }
        guard issues.isEmpty else { return [] }
        var loans: [LoanTape.Loan] = []
        var firstLine: [String: Int] = [:]
        for (i, line) in numbered.dropFirst() {
            let split = CSVLine.split(line)
            starts = split.starts
            guard split.fields.count == header.count else {
                report(i + 1, "", "\(split.fields.count) fields where the header has \(header.count)", allowed: "one value per column")
                continue
            }
            let row = Dictionary(uniqueKeysWithValues: zip(header, split.fields.map(\.trimmedOfSpaces)))
            if let loan = parseRow(row, line: i + 1) {
                if let first = firstLine[loan.id] {
                    report(i + 1, "loan_id", "loan '\(loan.id)' is already on line \(first)", allowed: "unique loan ids")
                } else {
                    firstLine[loan.id] = i + 1
                    loans.append(loan)
                }
            }
        }
        if loans.isEmpty && issues.isEmpty { report(h + 1, "", "the tape has a header but no loans", allowed: "one row per loan") }
        return loans
    }
}

extension String {
    /// Without leading and trailing whitespace; a field with none (the usual case) is returned as it is,
    /// without Foundation's character-set scan.
    var trimmedOfSpaces: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if first.properties.isWhitespace || last.properties.isWhitespace { return trimmingCharacters(in: .whitespaces) }
        return self
    }
}

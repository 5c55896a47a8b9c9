import Crypto
import TextFormats
import Foundation

extension History {
    static let columns = ["year", "cohort", "loans", "defaults", "exposure_wan", "loss_wan"]
    static let required = ["year", "cohort", "loans", "defaults"]
    /// Files above this size are refused before parsing.
    static let maxBytes = 8 << 20
    static let maxLoans = 100_000_000

    /// Reads and checks a history CSV. Throws `ScenarioError` (exit 65) listing every problem as
    /// `file:line:column: column: message (allowed: …)`.
    public static func load(path: String) throws -> History {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "", message: "cannot read the file (\(FileError.reason(error)))", allowed: nil)])
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String) throws -> History {
        func fail(_ line: Int, _ column: Int, _ key: String, _ message: String, _ allowed: String?) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: file, line: line, column: column, keyPath: key, message: message, allowed: allowed)])
        }
        if data.count > maxBytes { throw fail(1, 1, "", "the file is \(data.count) bytes", "at most \(maxBytes) bytes") }
        if data.contains(0) { throw fail(1, 1, "", "the file contains a NUL byte: not a text CSV", "UTF-8 text") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail(1, 1, "", "the file is not UTF-8 text", "UTF-8 text") }
        var lines = text.fileLines.map(String.init)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        var reader = HistoryReader(file: file)
        return try reader.read(lines: lines, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
    }
}

/// Line-by-line reading of a history CSV, collecting every problem.
struct HistoryReader {
    let file: String
    var issues: [ScenarioIssue] = []
    /// Problems past the first `ScenarioError.shownLimit`, counted for "… and N more".
    var more = 0
    var header: [String] = []
    var starts: [Int] = []

    init(file: String) { self.file = file }

    mutating func report(_ line: Int, _ column: String, _ message: String, allowed: String? = nil) {
        let col = header.firstIndex(of: column).map { starts[$0] } ?? 1
        if issues.count < ScenarioError.shownLimit {
            issues.append(ScenarioIssue(file: file, line: line, column: col, keyPath: column, message: message, allowed: allowed))
        } else {
            more += 1
        }
    }

    mutating func read(lines: [String], sha256: String) throws -> History {
        let numbered = lines.enumerated().filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty && !$0.element.hasPrefix("#") }
        guard let (hIndex, hLine) = numbered.first else {
            throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "the file is empty",
                                               allowed: "a header year,cohort,loans,defaults then one row per (year, cohort)")])
        }
        (header, starts) = Self.split(hLine)
        header = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for (i, name) in header.enumerated() where !History.columns.contains(name) {
            issues.append(ScenarioIssue(file: file, line: hIndex + 1, column: starts[i], keyPath: name.isEmpty ? "(empty)" : name,
                                        message: "unknown column", allowed: History.columns.joined(separator: ", ")))
        }
        for name in History.required where !header.contains(name) {
            issues.append(ScenarioIssue(file: file, line: hIndex + 1, column: 1, keyPath: name, message: "required column is missing",
                                        allowed: "a header with " + History.required.joined(separator: ",")))
        }
        for name in Set(header) where header.filter({ $0 == name }).count > 1 {
            report(hIndex + 1, name, "column named twice", allowed: "each column once")
        }
        if !issues.isEmpty { throw ScenarioError(issues) }

        var rows: [History.Row] = [], cumulative: [History.CumulativeRow] = []
        var seen: [String: Int] = [:]
        for (index, text) in numbered.dropFirst() {
            let line = index + 1
            let (fields, _) = Self.split(text)
            if fields.count != header.count {
                report(line, header[min(fields.count, header.count) - 1], "\(fields.count) fields on this line, \(header.count) in the header",
                       allowed: "one value (possibly empty) per column")
                continue
            }
            var value: [String: String] = [:]
            for (k, name) in header.enumerated() { value[name] = fields[k].trimmingCharacters(in: .whitespaces) }
            if value["year"]!.contains("-") {
                if let c = readCumulative(value, line: line) { cumulative.append(c) }
                continue
            }
            guard let row = readRow(value, line: line) else { continue }
            let key = "\(row.year)|\(row.cohort)"
            if let first = seen[key] {
                report(line, "year", "a second row for year \(row.year), cohort '\(row.cohort)' (the first is on line \(first))",
                       allowed: "one row per (year, cohort)")
                continue
            }
            seen[key] = line
            rows.append(row)
        }
        if rows.isEmpty && issues.isEmpty {
            issues.append(ScenarioIssue(file: file, line: hIndex + 1, column: 1, keyPath: "", message: "no year rows after the header",
                                        allowed: "one row per (year, cohort) with loans and defaults"))
        }
        var cohorts: [String] = []
        for r in rows where !cohorts.contains(r.cohort) { cohorts.append(r.cohort) }
        let years = (rows.map(\.year).min() ?? 0)...(rows.map(\.year).max() ?? 0)
        checkCumulative(cumulative, cohorts: cohorts, rows: rows, years: years)
        if !issues.isEmpty { throw ScenarioError(issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) }, more: more) }
        var warnings: [String] = []
        let present = Set(rows.map(\.year))
        let gaps = years.filter { !present.contains($0) }
        if !gaps.isEmpty {
            warnings.append("no rows for \(gaps.map(String.init).joined(separator: ", ")): those years are left out; the yearly factors are treated as independent (φ is not estimated), so a gap does not bias the fit")
        }
        return History(file: file, rows: rows, cumulative: cumulative.sorted { $0.lastYear < $1.lastYear }, cohorts: cohorts,
                       years: years, warnings: warnings, sha256: sha256)
    }

    mutating func integer(_ text: String, _ column: String, line: Int, max: Int) -> Int? {
        guard let v = Int(text), v >= 0, v <= max else {
            let why = DecimalNumber.parse(text).map { $0 >= 0 && $0 <= Double(max) ? "'\(text)' is not a whole number" : "'\(text)' is out of range" }
                ?? (text.isEmpty ? "a value is required" : DecimalNumber.isWellFormed(text) ? "'\(text)' is out of range" : "'\(text)' is not a number")
            report(line, column, why, allowed: "a whole number, 0 ≤ x ≤ \(max)")
            return nil
        }
        return v
    }

    mutating func money(_ text: String, _ column: String, line: Int) -> Double? {
        guard !text.isEmpty else { return nil }
        guard let v = DecimalNumber.parse(text), v >= 0, v <= 1e9 else {
            report(line, column, "'\(text)' is not an amount", allowed: "万元, 0 ≤ x ≤ 1e9")
            return nil
        }
        return v
    }

    mutating func readRow(_ v: [String: String], line: Int) -> History.Row? {
        let before = issues.count
        let year = integer(v["year"]!, "year", line: line, max: 2200)
        if let year, year < 1900 { report(line, "year", "year \(year)", allowed: "1900 ≤ year ≤ 2200, or a span such as 2018-2024") }
        let cohort = v["cohort"]!
        if cohort.isEmpty || cohort == "*" { report(line, "cohort", cohort.isEmpty ? "a cohort name is required" : "'*' is only for cumulative rows", allowed: "a cohort name") }
        let loans = integer(v["loans"]!, "loans", line: line, max: History.maxLoans)
        var defaults: Int?
        let d = v["defaults"]!
        if !d.isEmpty {
            defaults = integer(d, "defaults", line: line, max: History.maxLoans)
            if let k = defaults, let n = loans, k > n {
                report(line, "defaults", "\(k) defaults among \(n) loans", allowed: "0 ≤ defaults ≤ loans (\(n))")
            }
        }
        let exposure = v["exposure_wan"].flatMap { money($0, "exposure_wan", line: line) }
        let loss = v["loss_wan"].flatMap { money($0, "loss_wan", line: line) }
        if let e = exposure, let l = loss, l > e { report(line, "loss_wan", "loss \(l) exceeds exposure \(e)", allowed: "0 ≤ loss_wan ≤ exposure_wan") }
        guard issues.count == before, let year, let loans else { return nil }
        return History.Row(year: year, cohort: cohort, loans: loans, defaults: defaults, exposureWan: exposure, lossWan: loss, line: line)
    }

    mutating func readCumulative(_ v: [String: String], line: Int) -> History.CumulativeRow? {
        let span = v["year"]!.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard span.count == 2, let a = Int(span[0]), let b = Int(span[1]), a >= 1900, b <= 2200, a <= b else {
            report(line, "year", "'\(v["year"]!)' is not a span of years", allowed: "FIRST-LAST, e.g. 2018-2024")
            return nil
        }
        if !v["loans"]!.isEmpty { report(line, "loans", "a cumulative row takes its loans from the year rows", allowed: "empty") }
        let text = v["defaults"]!.replacingOccurrences(of: " ", with: "")
        var lower = 0, upper: Int?
        func whole(_ s: Substring) -> Int? { Int(s).flatMap { $0 >= 0 && $0 <= 100_000 ? $0 : nil } }
        if text.hasPrefix(">="), let k = whole(text.dropFirst(2)) { lower = k }
        else if text.hasPrefix("<="), let k = whole(text.dropFirst(2)) { upper = k }
        else if let r = text.range(of: ".."), let lo = whole(text[..<r.lowerBound]), let hi = whole(text[r.upperBound...]), lo <= hi { lower = lo; upper = hi }
        else if let k = whole(Substring(text)) { lower = k; upper = k }
        else {
            report(line, "defaults", text.isEmpty ? "a cumulative row needs a bound" : "'\(text)' is not a bound",
                   allowed: ">=k, <=k, lo..hi or k, with 0 ≤ k ≤ 100000")
            return nil
        }
        let cohort = v["cohort"]!
        if cohort.isEmpty { report(line, "cohort", "a cohort name or * is required", allowed: "a cohort name, or * for all cohorts") }
        return History.CumulativeRow(firstYear: a, lastYear: b, cohort: cohort == "*" ? nil : cohort, lower: lower, upper: upper, line: line)
    }

    mutating func checkCumulative(_ rows: [History.CumulativeRow], cohorts: [String], rows data: [History.Row], years: ClosedRange<Int>) {
        guard let first = rows.first else { return }
        for r in rows {
            if r.firstYear != first.firstYear || r.cohort != first.cohort {
                report(r.line, "year", "cumulative rows must share their first year and cohort (line \(first.line) has \(first.firstYear), '\(first.cohort ?? "*")')",
                       allowed: "spans \(first.firstYear)-YEAR for '\(first.cohort ?? "*")'")
            }
            if let c = r.cohort, !cohorts.contains(c) {
                report(r.line, "cohort", "no year rows for cohort '\(c)'", allowed: (cohorts + ["*"]).joined(separator: ", "))
            }
            if r.firstYear < years.lowerBound || r.lastYear > years.upperBound {
                report(r.line, "year", "the span \(r.firstYear)-\(r.lastYear) reaches beyond the year rows (\(years.lowerBound)–\(years.upperBound))",
                       allowed: "a span within \(years.lowerBound)-\(years.upperBound)")
            }
        }
        let ends = rows.map(\.lastYear)
        if Set(ends).count != ends.count {
            report(rows[0].line, "year", "two cumulative rows end in the same year", allowed: "one bound per end year (combine them as lo..hi)")
        }
        if issues.isEmpty { checkPossible(rows.sorted { $0.lastYear < $1.lastYear }, data: data) }
    }

    /// Refuses bounds no outcome can meet, before any fit: a bound outside what the year rows allow (the
    /// defaults they record, up to every loan where a year's defaults are not given), or a later bound
    /// below an earlier one (the count only grows). Such a record has likelihood zero; fitting it would
    /// give −∞ and intervals of [0, 1] after minutes of work.
    mutating func checkPossible(_ rows: [History.CumulativeRow], data: [History.Row]) {
        func reach(_ r: History.CumulativeRow, from first: Int) -> (known: Int, open: Int, lines: [Int]) {
            var known = 0, open = 0, lines: [Int] = []
            for d in data where (first...r.lastYear).contains(d.year) && (r.cohort == nil || r.cohort == d.cohort) {
                lines.append(d.line)
                if let k = d.defaults { known += k } else { open += d.loans }
            }
            return (known, open, lines)
        }
        func span(_ lines: [Int]) -> String {
            guard let lo = lines.min(), let hi = lines.max() else { return "no year rows" }
            return lo == hi ? "line \(lo)" : "lines \(lo)–\(hi)"
        }
        let who = rows.first?.cohort.map { "cohort '\($0)'" } ?? "all cohorts"
        for (i, r) in rows.enumerated() {
            let (known, open, lines) = reach(r, from: r.firstYear)
            if let upper = r.upper, upper < known {
                report(r.line, "defaults", "at most \(upper) defaults for \(who) in \(r.firstYear)-\(r.lastYear), but the year rows (\(span(lines))) "
                       + "already record \(known): the rows contradict each other", allowed: "an upper bound of at least \(known)")
            }
            if r.lower > known + open {
                report(r.line, "defaults", "at least \(r.lower) defaults for \(who) in \(r.firstYear)-\(r.lastYear), but the year rows (\(span(lines))) "
                       + "allow at most \(known + open) (\(known) recorded, \(open) loans in years without a count): the rows contradict each other",
                       allowed: "a lower bound of at most \(known + open)")
            }
            for later in rows[(i + 1)...] {
                guard let upper = later.upper else { continue }
                let added = reach(later, from: r.lastYear + 1).known
                if r.lower + added > upper {
                    report(later.line, "defaults", "at most \(upper) defaults by \(later.lastYear), but line \(r.line) gives at least \(r.lower) by \(r.lastYear)"
                           + (added > 0 ? " and the year rows after it record \(added) more" : "") + ": a cumulative count cannot fall",
                           allowed: "an upper bound of at least \(r.lower + added)")
                }
            }
        }
    }

    /// Splits a CSV line on commas (double quotes group, "" escapes); returns the fields and their
    /// 1-based starting columns.
    static func split(_ line: String) -> ([String], [Int]) { CSVLine.split(line) }
}

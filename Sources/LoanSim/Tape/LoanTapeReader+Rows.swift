import Foundation
import TextFormats

extension LoanTapeReader {
    /// One row as a loan, or nil after reporting what is wrong with it (every field is checked).
    mutating func parseRow(_ row: [String: String], line: Int) -> LoanTape.Loan? {
        let before = issues.count
        func text(_ key: String) -> String? { row[key].flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ key: String, _ range: ClosedRange<Double>, _ allowed: String, open: Bool = false) -> Double? {
            guard let t = text(key) else { return nil }
            guard let v = DecimalNumber.parse(t) else {
                report(line, key, "'\(t)' is not a number", allowed: allowed)
                return nil
            }
            if !range.contains(v) || (open && (v == range.lowerBound || v == range.upperBound)) {
                report(line, key, "\(t) is out of range", allowed: allowed)
                return nil
            }
            return v
        }
        func required(_ key: String) -> String? {
            if let t = text(key) { return t }
            report(line, key, "no value", allowed: "a value in every row")
            return nil
        }
        let id = required("loan_id"), firm = required("firm_id")
        let bank = required("bank")
        if let bank, !rules.banks.contains(where: { $0.name == bank }) {
            report(line, "bank", "unknown bank '\(bank)'", allowed: rules.banks.map(\.name).joined(separator: ", "))
        }
        let limit = rules.perFirmLimitWan
        let amount = required("amount_wan") == nil ? nil
            : number("amount_wan", 0...limit, "more than 0 and at most the per-firm limit, \(Self.wan(limit)) 万元", open: false)
        if let a = amount, a == 0 { report(line, "amount_wan", "0 is out of range", allowed: "more than 0") }
        let startText = required("start")
        let start = startText.flatMap { YearMonth($0) }
        if let startText, start == nil { report(line, "start", "'\(startText)' is not a month", allowed: "YYYY-MM, e.g. 2024-03") }
        let end = rules.asOf.index + rules.horizonMonths - 1
        if let s = start, s.index > end {
            report(line, "start", "\(s) is after the horizon (book date \(rules.asOf), \(rules.horizonMonths) months)",
                   allowed: "a month up to the horizon's last")
        }
        let maxTerm = Double(rules.maxTermMonths ?? 1200)
        let term = required("term_months") == nil ? nil
            : number("term_months", 1...maxTerm, "a whole number of months, 1 to \(Int(maxTerm))" + (rules.maxTermMonths != nil ? " (the programme's maximum term)" : ""))
        if let t = term, t != t.rounded() { report(line, "term_months", "\(t) is not a whole number of months", allowed: "1 to \(Int(maxTerm))") }
        let typeText = required("type")
        let type = typeText.flatMap { LoanTape.LoanType(rawValue: $0.lowercased()) }
        if let typeText, type == nil {
            report(line, "type", "unknown loan type '\(typeText)'", allowed: LoanTape.LoanType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var pd = number("annual_pd", 0...1, "a probability strictly between 0 and 1", open: true)
        let rating = text("rating")
        if let rating {
            if let p = rules.ratings[rating] {
                if pd == nil { pd = p }
            } else {
                report(line, "rating", "rating '\(rating)' is not in the scenario's rating table",
                       allowed: rules.ratings.keys.sorted().joined(separator: ", ").ifEmpty("a book.ratings table in the scenario"))
            }
        } else if text("annual_pd") == nil {
            report(line, "annual_pd", "no annual_pd and no rating", allowed: "annual_pd in (0, 1), or a rating from the scenario's table")
        }
        let sector = text("sector")
        if let sector, !rules.sectors.isEmpty, !rules.sectors.contains(sector) {
            report(line, "sector", "unknown sector '\(sector)'", allowed: rules.sectors.joined(separator: ", "))
        }
        let revenue = number("revenue_wan", 0...1e9, "0 to 1e9 万元")
        let collateral = number("collateral_share", 0...1, "0 to 1")
        let ip = number("appraised_ip_wan", 0...1e9, "more than 0 万元")
        let score = number("innovation_score", 0...100, "0 to 100")
        let stake = number("stake", 0...1, "0 to 1")
        var linked = false
        if let l = text("linked") {
            switch l.lowercased() {
            case "1", "true", "yes", "y": linked = true
            case "0", "false", "no", "n": linked = false
            default: report(line, "linked", "'\(l)' is not yes or no", allowed: "true/false, yes/no, 1/0")
            }
        }
        if type == .ipPledge && ip == nil && issues.count == before {
            report(line, "appraised_ip_wan", "an ip_pledge loan needs the appraised value of its pledged IP", allowed: "more than 0 万元")
        }
        guard issues.count == before, let id, let firm, let bank, let amount, let start, let term, let type, let pd else { return nil }
        return LoanTape.Loan(id: id, firm: firm, bank: bank, amountWan: amount, start: start, termMonths: Int(term), type: type, annualPD: pd,
                             rating: rating, sector: sector, revenueWan: revenue, collateralShare: collateral, appraisedIPWan: ip,
                             innovationScore: score, linked: linked, stake: stake, line: line)
    }

    /// Warnings for what is allowed but unlikely: loans that ended before the book date, firms with
    /// several live loans, loans large against the firm's revenue, a bank's share of the tape far from
    /// its share in the scenario.
    mutating func plausibility(_ loans: [LoanTape.Loan]) {
        let matured = loans.filter { $0.monthsLeft(at: rules.asOf) == 0 }
        if !matured.isEmpty {
            warnings.append("\(file): \(matured.count) loans ended before the book date \(rules.asOf) and are left out "
                            + "(first: line \(matured[0].line), loan \(matured[0].id))")
        }
        let live = loans.filter { $0.monthsLeft(at: rules.asOf) > 0 && $0.start <= rules.asOf }
        let byFirm = Dictionary(grouping: live, by: \.firm).filter { $0.value.count > 1 }
        if let (firm, list) = byFirm.min(by: { $0.key < $1.key }) {
            warnings.append("\(file): \(byFirm.count) firms have several live programme loans at \(rules.asOf) "
                            + "(e.g. firm \(firm): lines \(list.map { String($0.line) }.joined(separator: ", ")))")
        }
        let large = loans.filter { l in l.revenueWan.map { $0 > 0 && l.amountWan > 0.5 * $0 } ?? false }
        if !large.isEmpty {
            warnings.append("\(file): \(large.count) loans exceed half of the firm's revenue (first: line \(large[0].line), "
                            + "\(Self.wan(large[0].amountWan)) 万元 against revenue \(Self.wan(large[0].revenueWan ?? 0)) 万元)")
        }
        let total = loans.reduce(0) { $0 + $1.amountWan }
        guard total > 0, rules.banks.count > 1 else { return }
        for b in rules.banks {
            let share = loans.filter { $0.bank == b.name }.reduce(0) { $0 + $1.amountWan } / total
            if abs(share - b.share) > 0.15 {
                warnings.append(String(format: "%@: bank %@ holds %.0f%% of the tape's amount against %.0f%% of lending in the scenario",
                                       file, b.name, 100 * share, 100 * b.share))
            }
        }
    }

    static func wan(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.1f", x) }
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}

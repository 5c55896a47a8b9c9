/// What `loansim validate` says about a loan tape: loans live at the book date, counts and amounts by
/// bank, loan type and sector, the amount-weighted annual PD, and the plausibility warnings.
public struct TapeSummary {
    public struct Group: Equatable {
        public let name: String
        public let loans: Int
        public let amountWan: Double
    }

    public let live: Int
    public let amountWan: Double
    public let weightedPD: Double
    public let byBank: [Group]
    public let byType: [Group]
    public let bySector: [Group]
    public let warnings: [String]
    let file: String
    let asOf: YearMonth

    public init(_ book: TapeBook, banks: [Bank]) {
        let loans = book.tape.loans.filter { $0.monthsLeft(at: book.asOf) > 0 }
        live = loans.count
        amountWan = loans.reduce(0) { $0 + $1.amountWan }
        weightedPD = amountWan > 0 ? loans.reduce(0) { $0 + $1.amountWan * $1.annualPD } / amountWan : 0
        func groups(_ key: (LoanTape.Loan) -> String, order: [String]) -> [Group] {
            let by = Dictionary(grouping: loans, by: key)
            let names = order.filter { by[$0] != nil } + by.keys.filter { !order.contains($0) }.sorted()
            return names.map { n in Group(name: n, loans: by[n]!.count, amountWan: by[n]!.reduce(0) { $0 + $1.amountWan }) }
        }
        byBank = groups(\.bank, order: banks.map(\.name))
        byType = groups(\.type.rawValue, order: LoanTape.LoanType.allCases.map(\.rawValue))
        bySector = groups({ $0.sector ?? "(none)" }, order: [])
        warnings = book.warnings
        file = book.tape.file
        asOf = book.asOf
    }

    public var text: String {
        var lines = ["\(file): \(live) loans live at \(asOf), \(SummaryTable.group(amountWan, decimals: 0)) 万元; "
                     + String(format: "amount-weighted annual PD %.2f%%", 100 * weightedPD)]
        for (title, list) in [("bank", byBank), ("type", byType), ("sector", bySector)] {
            lines.append("  by \(title):")
            for g in list {
                lines.append("    \(g.name.padRight(20)) \(String(g.loans).padLeft(7)) loans  \(SummaryTable.group(g.amountWan, decimals: 0).padLeft(14)) 万元"
                             + String(format: "  %5.1f%%", amountWan > 0 ? 100 * g.amountWan / amountWan : 0))
            }
        }
        for w in warnings { lines.append("warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}

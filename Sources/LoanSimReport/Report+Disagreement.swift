import LoanSimFiles

extension RunPage {
    /// One sentence for each record check the model disagrees with (`disagrees`): said near the top
    /// rather than only in the check table.
    func disagreements() -> [String] {
        (files.summary.predictiveCheck ?? []).filter(Self.disagrees).map { c in
            fill(at("disagree"), [lang.percent(c.pAgree, decimals: 0), lang.percent(c.pAgreeSe, decimals: 1),
                                 lang == .zh ? c.nameZh : c.name, c.observed, checkMonth(c.month)])
        }
    }

    /// Whether the model disagrees with a record check (`PredictiveCheck.disagrees`).
    static func disagrees(_ c: SummaryFile.PredictiveCheck) -> Bool { SummaryFile.PredictiveCheck.disagrees(pAgree: c.pAgree, percentile: c.percentile) }

    /// Month `m` (1-based) of the horizon as the calendar month when the scenario states its start,
    /// else "month m" / "第m个月".
    func checkMonth(_ m: Int) -> String {
        if let text = files.scenario?.start, let start = CalendarMonth(text) {
            let index = start.index + m - 1
            return String(format: "%04d-%02d", index / 12, index % 12 + 1)
        }
        return lang == .zh ? "第\(m)个月" : "month \(m)"
    }
}

/// A `YYYY-MM` month read back from scenario.json.
struct CalendarMonth {
    let index: Int
    init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        index = y * 12 + m - 1
    }

    var year: Int { index / 12 }
    var month: Int { index % 12 + 1 }
    /// "January 2026".
    var english: String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(names[month - 1]) \(year)"
    }
}

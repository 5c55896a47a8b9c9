import LoanSimFiles

extension RunPage {
    /// Year `y` (0-based) of the figures by year: "2025年（9–12月）" / "2025 (Sep–Dec)" when the run has
    /// calendar years, else "第1年" / "Year 1".
    func yearName(_ y: Int) -> String { files.summary.yearLabel(y, chinese: lang == .zh) }

    /// The same inside a sentence: "year 1" in English without calendar years.
    func yearPhrase(_ y: Int) -> String {
        files.summary.calendarYears == nil && lang != .zh ? "year \(y + 1)" : yearName(y)
    }
}

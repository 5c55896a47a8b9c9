/// One year of a run's figures by year when the scenario states `start:` (the calendar month of month
/// 1): its 1-based index in the arrays by year, the calendar year, and the months it covers (`YYYY-MM`).
/// The first and last years may be part years (a run from September 2025: 2025 is September–December).
public struct CalendarYear: Codable, Equatable, Sendable {
    public var year: Int
    public var calendarYear: Int
    public var from: String
    public var to: String

    public init(year: Int, calendarYear: Int, from: String, to: String) {
        (self.year, self.calendarYear, self.from, self.to) = (year, calendarYear, from, to)
    }

    private var months: (Int, Int)? {
        guard let a = Int(from.suffix(2)), let b = Int(to.suffix(2)) else { return nil }
        return (a, b)
    }

    /// Whether the year covers fewer than its twelve months.
    public var isPart: Bool { months.map { $0.0 != 1 || $0.1 != 12 } ?? false }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "2026" / "2026年"; a part year "2025 (Sep–Dec)" / "2025年（9–12月）".
    public func label(chinese zh: Bool) -> String {
        guard isPart, let (a, b) = months else { return zh ? "\(calendarYear)年" : "\(calendarYear)" }
        if zh { return "\(calendarYear)年（\(a == b ? "\(a)" : "\(a)–\(b)")月）" }
        let span = a == b ? Self.monthNames[a - 1] : "\(Self.monthNames[a - 1])–\(Self.monthNames[b - 1])"
        return "\(calendarYear) (\(span))"
    }
}

extension SummaryFile {
    /// The label of the year at 0-based index `y` of the arrays by year: its calendar year when the run
    /// has them, else "Year 3" / "第3年".
    public func yearLabel(_ y: Int, chinese zh: Bool) -> String {
        if let years = calendarYears, y < years.count { return years[y].label(chinese: zh) }
        return zh ? "第\(y + 1)年" : "Year \(y + 1)"
    }
}

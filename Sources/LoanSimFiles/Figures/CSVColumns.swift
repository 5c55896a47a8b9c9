/// The column names of `paths.csv` and `timeseries.csv` that are read back (by the reports), named once
/// here for the writer (LoanSim's RunWriters) and the readers.
extension Figure {
    /// The figure's `paths.csv` column: its key, with `_wan` for money.
    public var pathsColumn: String { kind == .money ? key + "_wan" : key }
}

/// `paths.csv`'s columns besides the figures.
public enum PathsColumn: String, Sendable {
    case path, depletionMonth = "depletion_month", weight
}

/// `timeseries.csv`'s columns.
public enum TimeseriesColumn: Hashable, Sendable {
    case step, month, pDepletedByStep
    /// The step's last calendar month (`YYYY-MM`), when the scenario states its start.
    case calendarMonth
    /// A series' mean and fan quantiles by step (`series` as `SeriesStore.names`: pool_balance, …).
    case mean(series: String)
    case quantile(series: String, percent: Int)

    /// The fan chart's quantiles, in percent.
    public static let fanPercents = [5, 25, 50, 75, 95]

    public var name: String {
        switch self {
        case .step: return "step"
        case .month: return "month"
        case .calendarMonth: return "calendar_month"
        case .pDepletedByStep: return "p_depleted_by_step"
        case let .mean(series): return "\(series)_wan_mean"
        case let .quantile(series, percent): return "\(series)_wan_q" + (percent < 10 ? "0\(percent)" : "\(percent)")
        }
    }
}

import CXLSX

extension XLSXBook {
    /// What a native Excel chart shows: columns of one or more series, or lines.
    enum ChartKind {
        case column, line

        var code: UInt8 {
            switch self {
            case .column: return UInt8(LXW_CHART_COLUMN.rawValue)
            case .line: return UInt8(LXW_CHART_LINE.rawValue)
            }
        }
    }

    /// A chart's content: categories and series as columns of one table on `sheet`, rows `rows`, with a
    /// title and both axes titled (the value axis names its unit).
    struct ChartSpec {
        let kind: ChartKind
        let title: String
        let categories: Int
        /// Each series: its name (the legend) and its column.
        let series: [(name: String, column: Int)]
        let rows: ClosedRange<UInt32>
        let xTitle: String
        let yTitle: String
        let yFormat: NumberFormat
    }

    /// Inserts `spec` as a native chart on `sheet` with its top-left corner at (row, col).
    func insertChart(_ spec: ChartSpec, on sheet: Sheet, row: UInt32, col: UInt16) throws {
        guard !spec.series.isEmpty, let chart = workbook_add_chart(book, spec.kind.code) else {
            throw ReportError(text: "\(path): libxlsxwriter cannot add the chart \(spec.title)")
        }
        for s in spec.series {
            guard let series = chart_add_series(chart, nil, nil) else { throw ReportError(text: "\(path): libxlsxwriter cannot add the series \(s.name)") }
            chart_series_set_categories(series, sheet.name, spec.rows.lowerBound, UInt16(spec.categories), spec.rows.upperBound, UInt16(spec.categories))
            chart_series_set_values(series, sheet.name, spec.rows.lowerBound, UInt16(s.column), spec.rows.upperBound, UInt16(s.column))
            chart_series_set_name(series, s.name)
        }
        chart_title_set_name(chart, spec.title)
        chart_axis_set_name(chart.pointee.x_axis, spec.xTitle)
        chart_axis_set_name(chart.pointee.y_axis, spec.yTitle)
        chart_axis_set_num_format(chart.pointee.y_axis, spec.yFormat == .fineProbability ? NumberFormat.probability.excel : spec.yFormat.excel)
        if spec.yFormat == .probability || spec.yFormat == .fineProbability { chart_axis_set_min(chart.pointee.y_axis, 0) }
        chart_legend_set_position(chart, UInt8(spec.series.count > 1 ? LXW_CHART_LEGEND_BOTTOM.rawValue : LXW_CHART_LEGEND_NONE.rawValue))
        try check(worksheet_insert_chart(sheet.ws, row, col, chart), "the chart \(spec.title) on \(sheet.name)")
    }
}

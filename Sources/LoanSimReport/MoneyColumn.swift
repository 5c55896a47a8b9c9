import Foundation

/// The unit a column of money is written in: 亿元 or 万元, one for the whole column.
enum MoneyUnit: Sendable, Equatable {
    case wan, yi

    /// 亿元 when the column reaches 1亿 and its smallest non-zero amount is at least 1,000 万元 (0.10 亿元,
    /// so no cell reads as a bare "0.00"); 万元 otherwise. Non-finite amounts ("–") do not count.
    static func fitting(_ amounts: [Double]) -> MoneyUnit {
        let sizes = amounts.filter(\.isFinite).map(abs).filter { $0 > 0 }
        guard let largest = sizes.max(), let smallest = sizes.min() else { return .wan }
        return largest >= 10_000 && smallest >= 1_000 ? .yi : .wan
    }

    /// One amount's own unit: 亿元 from 1亿 up.
    static func of(_ wan: Double) -> MoneyUnit { abs(wan) >= 10_000 ? .yi : .wan }

    var perWan: Double { self == .yi ? 10_000 : 1 }
    var name: String { self == .yi ? "亿元" : "万元" }
}

/// A table cell before it is written: text as it stands, or an amount of money (in 万元, with its standard
/// error when it has one) that takes its column's unit.
enum Cell {
    case text(String)
    case money(Double, se: Double? = nil, decimals: Int = 1)
    /// Several amounts in one cell ("P95 / P99", "[low, high]"): `format` with %1, %2, … for the numbers,
    /// the unit written once, at `%u` or after it; `signed` writes a plus sign on a positive change.
    case amounts([Double], format: String, signed: Bool = false)

    /// A signed change in money: "+0.31 亿元".
    static func change(_ x: Double) -> Cell { .amounts([x], format: "%1", signed: true) }
}

extension ReportLanguage {
    /// A cell for "mean ± se" in `unit`: money takes the column's unit; other units are written now.
    func cell(_ mean: Double, _ se: Double, unit: String, paths: Int? = nil) -> Cell {
        if unit == "万元" { return .money(mean, se: se) }
        return .text(paths.map { pm(mean, se, unit: unit, paths: $0) } ?? pm(mean, se, unit: unit))
    }

    /// A cell for a value in `unit` (no standard error).
    func cell(_ x: Double, unit: String) -> Cell { unit == "万元" ? .money(x) : .text(value(x, unit: unit)) }

    /// An amount in the given unit: "1.61 ± 0.01 亿元", "5,234.5 万元". With a standard error, decimals
    /// enough to show it (never "± 0.00").
    func money(_ wan: Double, se: Double?, in unit: MoneyUnit, decimals: Int = 1) -> String {
        guard wan.isFinite else { return "–" }
        let least = unit == .yi ? 2 : decimals
        guard let se, se.isFinite else { return "\(group(wan / unit.perWan, decimals: least)) \(unit.name)" }
        let d = Self.decimals(showing: se / unit.perWan, atLeast: least)
        return "\(group(wan / unit.perWan, decimals: d)) ± \(group(se / unit.perWan, decimals: d)) \(unit.name)"
    }

    /// Amounts filled into `format`, in one unit written once at the end.
    func money(_ amounts: [Double], format: String, signed: Bool, in unit: MoneyUnit) -> String {
        guard amounts.allSatisfy(\.isFinite) else { return "–" }
        let d = unit == .yi ? 2 : 1
        let numbers = amounts.map { x in (signed && x > 0 ? "+" : "") + group(x / unit.perWan, decimals: d) }
        // The unit at `%u` where the format places it ("%1 %u (31%)"), else after the whole.
        let text = fill(format, numbers)
        return text.contains("%u") ? text.replacingOccurrences(of: "%u", with: unit.name) : text + " " + unit.name
    }
}

extension Report {
    /// A table whose money columns each read in one unit, chosen from the column's amounts (`MoneyUnit.fitting`).
    static func table(_ header: [String], cells rows: [[Cell]], lang: ReportLanguage, cls: String? = nil) -> String {
        let width = rows.map(\.count).max() ?? 0
        let units: [MoneyUnit] = (0..<width).map { k in
            MoneyUnit.fitting(rows.flatMap { row -> [Double] in
                guard row.indices.contains(k) else { return [] }
                switch row[k] {
                case .text: return []
                case .money(let x, _, _): return [x]
                case .amounts(let xs, _, _): return xs
                }
            })
        }
        let text = rows.map { row in
            row.enumerated().map { k, cell -> String in
                switch cell {
                case .text(let s): return s
                case .money(let x, let se, let d): return lang.money(x, se: se, in: units[k], decimals: d)
                case .amounts(let xs, let format, let signed): return lang.money(xs, format: format, signed: signed, in: units[k])
                }
            }
        }
        return table(header, text, cls: cls)
    }
}

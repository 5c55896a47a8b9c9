import Foundation
import LoanSimFiles
import RiskModel

/// A sweep's files: `sweep.csv` (one row per grid point: the values set, then each figure and its
/// standard error) and `sweep.json` (the same with each column's metric, unit and label), and its table.
extension StudyWriters {
    public struct SweepPoint: Sendable {
        public let values: [String]
        /// Per figure; nil for a ratio the point does not define (its denominator's mean is zero).
        public let estimates: [(value: Double, se: Double)?]
        public init(values: [String], estimates: [(value: Double, se: Double)?]) {
            self.values = values
            self.estimates = estimates
        }
    }

    /// A figure's column in `sweep.csv`: `p_depleted` (`p_depleted_year5`) for depletion, `KEY_wan` for a
    /// mean in 万元 (`KEY_q99_wan` for another statistic), `A_per_B` for a ratio of means, else `KEY`.
    public static func sweepColumn(_ f: ComparedFigure) -> String {
        if let b = f.denominator { return "\(f.numerator.key)_per_\(b.key)" }
        let m = f.numerator
        if m.key.hasPrefix("depletion") {
            let year = m.key.split(separator: ".").dropFirst().first.map { "_\($0)" } ?? ""
            return "p_depleted" + year + (m.stat == .probability ? "" : "_\(m.stat.rawValue)")
        }
        return m.key + (m.stat == .mean ? "" : "_\(m.stat.rawValue)") + (m.unit == "万元" ? "_wan" : "")
    }

    public static func sweepCSV(keys: [String], metrics: [ComparedFigure], points: [SweepPoint], scenario: ScenarioRef,
                                seed: UInt32, paths: Int, generator: String) -> String {
        var out = csvHeader(seed: seed, paths: paths, generator: generator, scenarios: [scenario])
        let columns = SweepColumns(keys: keys, metrics: metrics.map(sweepColumn))
        out += columns.header.map(csvQuote).joined(separator: ",") + "\n"
        for p in points {
            out += (p.values.map(csvQuote) + p.estimates.flatMap { e in e.map { [fmt($0.value), fmt($0.se)] } ?? ["", ""] })
                .joined(separator: ",") + "\n"
        }
        return out
    }

    public static func sweepJSON(keys: [String], metrics: [ComparedFigure], points: [SweepPoint], scenario: ScenarioRef,
                                 seed: UInt32, paths: Int, generator: String) throws -> String {
        let columns = metrics.map { m in
            SweepFile.Column(column: sweepColumn(m), metric: m.description, unit: m.unit, label: m.label.en, labelZh: m.label.zh)
        }
        let rows = points.map { p in
            SweepFile.Point(values: p.values, estimates: p.estimates.map { e in
                e.flatMap { $0.value.isFinite ? SweepFile.Estimate(value: $0.value, se: $0.se.isFinite ? $0.se : nil) : nil }
            })
        }
        return try encode(SweepFile(seed: seed, paths: paths, generator: generator, version: LoanSimVersion.string, blockSize: Simulation.blockSize,
                                scenario: scenario.study, keys: keys, columns: columns, points: rows))
    }

    public static func sweepTable(keys: [String], metrics: [ComparedFigure], points: [SweepPoint], scenario: ScenarioRef,
                                  seed: UInt32, paths: Int) -> String {
        var lines = ["LoanSim \(LoanSimVersion.string) · sweep of \(scenario.name) · \(points.count) points on common random numbers · \(paths) paths · seed \(seed)", ""]
        func cell(_ e: (value: Double, se: Double)?, _ m: ComparedFigure) -> String { e.map { estimateCell($0.value, $0.se, m, paths: paths) } ?? "n/a" }
        // A row per point, a column per figure; or, where that is narrower (a few points, many figures),
        // a row per figure and a column per point, the points listed above it.
        var byPoint: [[String]] = [keys + metrics.map { m in
            let label = m.key == "depletion" ? "P(depleted)" : m.key
            return m.unit == "probability" ? label : "\(label) (\(m.unit))"
        }]
        for p in points { byPoint.append(p.values + zip(metrics, p.estimates).map { cell($1, $0) }) }
        var byFigure: [[String]] = [["figure", "unit"] + points.indices.map { "[\($0 + 1)]" }]
        for (k, m) in metrics.enumerated() { byFigure.append([m.label.en, m.unit] + points.map { cell($0.estimates[k], m) }) }
        let (a, b) = (align(byPoint, textColumns: keys.count), align(byFigure, textColumns: 2))
        if (b.map(\.displayWidth).max() ?? 0) < (a.map(\.displayWidth).max() ?? 0) {
            lines += points.enumerated().map { k, p in "  [\(k + 1)] " + zip(keys, p.values).map { "\($0)=\($1)" }.joined(separator: ", ") }
            lines.append("")
            lines += b
        } else {
            lines += a
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

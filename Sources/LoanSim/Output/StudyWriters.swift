import Foundation
import LoanSimFiles
import RiskModel

/// Files and tables for comparisons, sweeps and reverse stress tests. Every figure carries its unit
/// (money in 万元); every file records the seed, generator, version and scenario hashes.
public enum StudyWriters {
    public struct ScenarioRef: Sendable {
        public let name: String
        public let file: String
        public let sha256: String
        public let overrides: [ScenarioOverride]
        public init(name: String, file: String, sha256: String, overrides: [ScenarioOverride] = []) {
            self.name = name
            self.file = file
            self.sha256 = sha256
            self.overrides = overrides
        }
        /// The reference for a loaded scenario.
        public init(_ loaded: LoadedScenario) {
            self.init(name: loaded.scenario.name, file: loaded.file, sha256: loaded.sha256)
        }

        var study: StudyScenario {
            StudyScenario(name: name, file: self.file, sha256: sha256,
                          set: overrides.isEmpty ? nil : Dictionary(overrides.map { ($0.keyPath, $0.value) }, uniquingKeysWith: { _, b in b }))
        }
    }

    static func csvHeader(seed: UInt32, paths: Int, generator: String, scenarios: [ScenarioRef]) -> String {
        "# loansim \(LoanSimVersion.string); seed \(seed); generator \(generator); paths \(paths); money in 万元; scenarios "
            + scenarios.map { "\($0.name) sha256 \($0.sha256)" }.joined(separator: " | ") + "\n"
    }

    // MARK: compare

    public static func compareJSON(_ c: Comparison, scenarios: [ScenarioRef], seed: UInt32, paths: Int, generator: String) throws -> String {
        let rows = c.rows.map { row in
            CompareFile.Row(metric: row.metric.description, unit: row.metric.unit, label: row.metric.label.en, labelZh: row.metric.label.zh,
                            scenarios: row.perScenario.map { CompareFile.Estimate(mean: $0.mean, se: $0.se) },
                            differencesVsFirst: row.differences.map { d in
                                CompareFile.Difference(mean: d.mean, se: d.se, ci95Low: d.low, ci95High: d.high, seIndependent: d.seIndependent,
                                                       crnNarrowing: d.narrowing.isFinite ? d.narrowing : nil)
                            })
        }
        return try encode(CompareFile(seed: seed, paths: paths, generator: generator, version: LoanSimVersion.string, blockSize: Simulation.blockSize,
                                  scenarios: scenarios.map(\.study),
                                  method: "common random numbers: every scenario ran on the same seed and paths; differences are paired by path",
                                  rows: rows))
    }

    /// A study file in its schema (finite numbers only: the optional ones carry what may not be).
    static func encode<T: Encodable>(_ value: T) throws -> String { try OutputCoding.encode(value) }

    public static func compareCSV(_ c: Comparison, scenarios: [ScenarioRef], seed: UInt32, paths: Int, generator: String) -> String {
        var out = csvHeader(seed: seed, paths: paths, generator: generator, scenarios: scenarios)
        out += "metric,unit,scenario,mean,se,diff_vs_first,diff_se,diff_ci95_low,diff_ci95_high,diff_se_independent,crn_narrowing\n"
        for row in c.rows {
            for (k, est) in row.perScenario.enumerated() {
                var cells = [row.metric.description, row.metric.unit, csvQuote(c.names[k]), fmt(est.mean), fmt(est.se)]
                if k == 0 {
                    cells += ["", "", "", "", "", ""]
                } else {
                    let d = row.differences[k - 1]
                    cells += [fmt(d.mean), fmt(d.se), fmt(d.low), fmt(d.high), fmt(d.seIndependent), fmt(d.narrowing)]
                }
                out += cells.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public static func compareTable(_ c: Comparison, scenarios: [ScenarioRef], seed: UInt32, paths: Int) -> String {
        var lines = ["LoanSim \(LoanSimVersion.string) · comparison on common random numbers · \(paths) paths · seed \(seed) · money in 万元", ""]
        for (k, s) in scenarios.enumerated() { lines.append("  [\(k)] \(s.name)  (\(s.file))") }
        lines.append("")
        var rows: [[String]] = [["metric", "unit", "scenario", "mean ± se", "Δ vs [0]", "95% CI of Δ", "CRN narrowing"]]
        for row in c.rows {
            for (k, est) in row.perScenario.enumerated() {
                let label = row.metric.label.en
                var cells = [k == 0 ? label : "", k == 0 ? row.metric.unit : "", "[\(k)]", estimateCell(est.mean, est.se, row.metric, paths: c.weighted ? 0 : paths)]
                if k == 0 {
                    cells += ["", "", ""]
                } else {
                    let d = row.differences[k - 1]
                    cells += [change(d.mean, row.metric), "[\(change(d.low, row.metric)), \(change(d.high, row.metric))]",
                              d.narrowing.isFinite ? String(format: "×%.1f", d.narrowing) : "exact"]
                }
                rows.append(cells)
            }
        }
        lines += align(rows)
        lines.append("")
        lines.append("Δ: paired difference against [0] path by path (a probability's in percentage points, pp); "
                     + "CRN narrowing: independent-runs SE ÷ paired SE.")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: reverse stress

    public static func stressJSON(_ r: ReverseStress.Result, search: ReverseStress, scenario: ScenarioRef, seed: UInt32, paths: Int,
                                  generator: String) throws -> String {
        try encode(StressFile(seed: seed, paths: paths, generator: generator, version: LoanSimVersion.string, blockSize: Simulation.blockSize,
                          scenario: scenario.study, target: search.target.description, vary: search.shock.keyPath,
                          windowMonths: [search.fromMonth, search.toMonth], limit: search.limit,
                          shock: r.shock, shockSe: r.shock == nil || !r.se.isFinite ? nil : r.se, bracket: [r.bracket.0, r.bracket.1],
                          evaluations: r.evaluations.map {
                              SearchEvaluation(value: $0.shock, estimate: $0.value, se: $0.se, meets: search.target.met($0.value))
                          }))
    }

    // MARK: helpers

    static func fmt(_ x: Double) -> String { x.isFinite ? JSONValue.format(x) : "" }

    public static func csvQuote(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A value in a metric's unit: probabilities in percent, others to 0.1 (a ratio's to 0.01).
    static func num(_ x: Double, unit: String, decimals: Int = 1) -> String {
        guard x.isFinite else { return "–" }
        if unit == "probability" { return String(format: "%.2f%%", x * 100) }
        return SummaryTable.group(x, decimals: decimals)
    }
    static func num(_ x: Double, _ m: ComparedFigure) -> String { num(x, unit: m.unit, decimals: m.denominator == nil ? 1 : 2) }

    /// A change in a figure's unit with its sign; a change in a probability in percentage points
    /// ("-9.71 pp", never "-9.71%", which reads as a relative change).
    static func change(_ x: Double, _ m: ComparedFigure) -> String {
        guard x.isFinite else { return "–" }
        if m.unit == "probability" { return String(format: "%+.2f pp", x * 100) }
        let text = num(x, m)
        return x > 0 ? "+" + text : text
    }

    /// "value ± se" in the figure's unit; a probability no path (or every path) hit gives its exact 95%
    /// interval from the `paths` plain paths instead of a zero se (`ProportionInterval`).
    static func estimateCell(_ value: Double, _ se: Double, _ m: ComparedFigure, paths: Int) -> String {
        guard m.unit == "probability", let (low, high) = ProportionInterval.exact(p: value, se: se, paths: paths) else {
            return "\(num(value, m)) ± \(num(se, m))"
        }
        return "\(num(value, m)) (95%: \(num(low, m))–\(num(high, m)))"
    }

    /// Rows as columns of equal width, the first `textColumns` left-aligned and the rest right-aligned,
    /// with a rule under the header.
    static func align(_ rows: [[String]], textColumns: Int = 3) -> [String] {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].displayWidth }.max()! }
        var out: [String] = []
        for (r, row) in rows.enumerated() {
            out.append(row.enumerated().map { c, cell in c < textColumns ? cell.padRight(widths[c]) : cell.padLeft(widths[c]) }
                .joined(separator: "  "))
            if r == 0 { out.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))) }
        }
        return out
    }
}

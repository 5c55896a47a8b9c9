import Foundation
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

        var json: JSONValue {
            var pairs: [(String, JSONValue)] = [("name", .string(name)), ("file", .string(file)), ("sha256", .string(sha256))]
            if !overrides.isEmpty {
                pairs.append(("set", .object(overrides.map { ($0.keyPath, .string($0.value)) })))
            }
            return .object(pairs)
        }
    }

    static func header(seed: UInt32, paths: Int, generator: String) -> [(String, JSONValue)] {
        [("seed", .integer(Int(seed))), ("paths", .integer(paths)), ("generator", .string(generator)),
         ("version", .string(LoanSimVersion.string)), ("money_unit", .string("万元")), ("block_size", .integer(Simulation.blockSize))]
    }

    static func csvHeader(seed: UInt32, paths: Int, generator: String, scenarios: [ScenarioRef]) -> String {
        "# loansim \(LoanSimVersion.string); seed \(seed); generator \(generator); paths \(paths); money in 万元; scenarios "
            + scenarios.map { "\($0.name) sha256 \($0.sha256)" }.joined(separator: " | ") + "\n"
    }

    // MARK: compare

    public static func compareJSON(_ c: Comparison, scenarios: [ScenarioRef], seed: UInt32, paths: Int, generator: String) -> String {
        let rows: [JSONValue] = c.rows.map { row in
            .object([
                ("metric", .string(row.metric.description)), ("unit", .string(row.metric.unit)),
                ("scenarios", .array(row.perScenario.map { .object([("mean", .number($0.mean)), ("se", .number($0.se))]) })),
                ("differences_vs_first", .array(row.differences.map { d in
                    .object([("mean", .number(d.mean)), ("se", .number(d.se)), ("ci95_low", .number(d.low)), ("ci95_high", .number(d.high)),
                             ("se_independent", .number(d.seIndependent)), ("crn_narrowing", .number(d.narrowing))])
                })),
            ])
        }
        let root: JSONValue = .object(header(seed: seed, paths: paths, generator: generator) + [
            ("scenarios", .array(scenarios.map(\.json))),
            ("method", .string("common random numbers: every scenario ran on the same seed and paths; differences are paired by path")),
            ("rows", .array(rows)),
        ])
        return root.rendered() + "\n"
    }

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
                let label = row.metric.key == "depletion" ? "P(depleted)" : (MetricDefinition.all.first { $0.key == row.metric.key }?.label ?? row.metric.key)
                var cells = [k == 0 ? label : "", k == 0 ? row.metric.unit : "", "[\(k)]", "\(num(est.mean, row.metric)) ± \(num(est.se, row.metric))"]
                if k == 0 {
                    cells += ["", "", ""]
                } else {
                    let d = row.differences[k - 1]
                    cells += [num(d.mean, row.metric), "[\(num(d.low, row.metric)), \(num(d.high, row.metric))]",
                              d.narrowing.isFinite ? String(format: "×%.1f", d.narrowing) : "exact"]
                }
                rows.append(cells)
            }
        }
        lines += align(rows)
        lines.append("")
        lines.append("Δ: paired difference against [0] path by path; CRN narrowing: independent-runs SE ÷ paired SE.")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: sweep

    public struct SweepPoint: Sendable {
        public let values: [String]
        public let estimates: [(value: Double, se: Double)]
        public init(values: [String], estimates: [(value: Double, se: Double)]) {
            self.values = values
            self.estimates = estimates
        }
    }

    public static func sweepCSV(keys: [String], metrics: [MetricSelector], points: [SweepPoint], scenario: ScenarioRef,
                                seed: UInt32, paths: Int, generator: String) -> String {
        var out = csvHeader(seed: seed, paths: paths, generator: generator, scenarios: [scenario])
        out += (keys + metrics.flatMap { m in
            let name = m.key == "depletion" ? "p_depleted" : (m.unit == "万元" ? "\(m.key)_wan" : m.key)
            return [name, "\(name)_se"]
        }).joined(separator: ",") + "\n"
        for p in points {
            out += (p.values.map(csvQuote) + p.estimates.flatMap { [fmt($0.value), fmt($0.se)] }).joined(separator: ",") + "\n"
        }
        return out
    }

    public static func sweepTable(keys: [String], metrics: [MetricSelector], points: [SweepPoint], scenario: ScenarioRef,
                                  seed: UInt32, paths: Int) -> String {
        var lines = ["LoanSim \(LoanSimVersion.string) · sweep of \(scenario.name) · \(points.count) points on common random numbers · \(paths) paths · seed \(seed)", ""]
        var rows: [[String]] = [keys + metrics.map { m in
            let label = m.key == "depletion" ? "P(depleted)" : m.key
            return m.unit == "probability" ? label : "\(label) (\(m.unit))"
        }]
        for p in points {
            rows.append(p.values + zip(metrics, p.estimates).map { "\(num($0.1.value, $0.0)) ± \(num($0.1.se, $0.0))" })
        }
        lines += align(rows)
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: reverse stress

    public static func stressJSON(_ r: ReverseStress.Result, search: ReverseStress, scenario: ScenarioRef, seed: UInt32, paths: Int,
                                  generator: String) -> String {
        let root: JSONValue = .object(header(seed: seed, paths: paths, generator: generator) + [
            ("scenario", scenario.json),
            ("target", .string(search.target.description)),
            ("vary", .string(search.shock.rawValue)),
            ("window_months", .array([.number(Double(search.fromMonth)), .number(Double(search.toMonth))])),
            ("limit", .number(search.limit)),
            ("shock", r.shock.map { .number($0) } ?? .null),
            ("shock_se", .number(r.se)),
            ("shock_ci95", r.shock.map { .array([.number($0 - 1.96 * r.se), .number($0 + 1.96 * r.se)]) } ?? .null),
            ("bracket", .array([.number(r.bracket.0), .number(r.bracket.1)])),
            ("evaluations", .array(r.evaluations.map {
                .object([("shock", .number($0.shock)), ("value", .number($0.value)), ("se", .number($0.se))])
            })),
        ])
        return root.rendered() + "\n"
    }

    // MARK: helpers

    static func fmt(_ x: Double) -> String { x.isFinite ? JSONValue.format(x) : "" }

    public static func csvQuote(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func num(_ x: Double, _ m: MetricSelector) -> String {
        guard x.isFinite else { return "–" }
        if m.unit == "probability" { return String(format: "%.2f%%", x * 100) }
        return SummaryTable.group(x, decimals: 1)
    }

    static func align(_ rows: [[String]]) -> [String] {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].displayWidth }.max()! }
        var out: [String] = []
        for (r, row) in rows.enumerated() {
            out.append(row.enumerated().map { c, cell in c < 3 ? cell.padRight(widths[c]) : cell.padLeft(widths[c]) }
                .joined(separator: "  "))
            if r == 0 { out.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))) }
        }
        return out
    }
}

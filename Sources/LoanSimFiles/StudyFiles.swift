/// The files of studies over several runs: `compare.json`, `stress.json`, `plan.json`, and the layout of
/// `sweep.csv`. Each records the seed, the GSL generator, LoanSim's version and every scenario's hash;
/// money in 万元. A number that cannot be finite (a narrowing with zero paired variance, a search with
/// no answer) is optional and written as null.

/// A scenario a study ran, with the key paths it set (`--set`, `--vary`).
public struct StudyScenario: Codable, Equatable, Sendable {
    public var name: String
    public var file: String
    public var sha256: String
    public var set: [String: String]?
    public init(name: String, file: String, sha256: String, set: [String: String]?) {
        (self.name, self.file, self.sha256, self.set) = (name, file, sha256, set)
    }
}

/// `compare.json`: every metric per scenario and its paired difference against the first, on common
/// random numbers.
public struct CompareFile: Codable, Equatable, Sendable {
    public var seed: UInt32
    public var paths: Int
    public var generator: String
    public var version: String
    public var moneyUnit: String
    public var blockSize: Int
    public var scenarios: [StudyScenario]
    public var method: String
    public var rows: [Row]

    public struct Estimate: Codable, Equatable, Sendable {
        public var mean: Double
        public var se: Double
        public init(mean: Double, se: Double) { (self.mean, self.se) = (mean, se) }
    }

    public struct Difference: Codable, Equatable, Sendable {
        public var mean: Double
        public var se: Double
        public var ci95Low: Double
        public var ci95High: Double
        public var seIndependent: Double
        /// Independent-runs SE ÷ paired SE; nil when the paired difference has no variance (exact).
        public var crnNarrowing: Double?
        public init(mean: Double, se: Double, ci95Low: Double, ci95High: Double, seIndependent: Double, crnNarrowing: Double?) {
            (self.mean, self.se, self.ci95Low, self.ci95High, self.seIndependent, self.crnNarrowing) = (mean, se, ci95Low, ci95High, seIndependent, crnNarrowing)
        }
    }

    public struct Row: Codable, Equatable, Sendable {
        /// `gross_loss.mean`, `pool_paid.q99`, `depletion`, …
        public var metric: String
        public var unit: String
        /// The metric's name in English and Chinese (absent in files of LoanSim 0.2.0 and earlier).
        public var label: String?
        public var labelZh: String?
        public var scenarios: [Estimate]
        public var differencesVsFirst: [Difference]
        public init(metric: String, unit: String, label: String? = nil, labelZh: String? = nil, scenarios: [Estimate],
                    differencesVsFirst: [Difference]) {
            (self.metric, self.unit, self.label, self.labelZh) = (metric, unit, label, labelZh)
            (self.scenarios, self.differencesVsFirst) = (scenarios, differencesVsFirst)
        }
    }

    public init(seed: UInt32, paths: Int, generator: String, version: String, blockSize: Int, scenarios: [StudyScenario], method: String, rows: [Row]) {
        (self.seed, self.paths, self.generator, self.version, self.moneyUnit, self.blockSize) = (seed, paths, generator, version, "万元", blockSize)
        (self.scenarios, self.method, self.rows) = (scenarios, method, rows)
    }
}

/// One evaluation of a search (reverse stress, plan): the value tried and the metric's estimate there.
public struct SearchEvaluation: Codable, Equatable, Sendable {
    public var value: Double
    public var estimate: Double
    public var se: Double
    public var meets: Bool
    public init(value: Double, estimate: Double, se: Double, meets: Bool) { (self.value, self.estimate, self.se, self.meets) = (value, estimate, se, meets) }

    // A standard error of one path is not finite: written as null, read back as NaN.
    enum CodingKeys: String, CodingKey { case value, estimate, se, meets }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(value: try c.decodeNumber(forKey: .value), estimate: try c.decodeNumber(forKey: .estimate), se: try c.decodeNumber(forKey: .se),
                  meets: try c.decode(Bool.self, forKey: .meets))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeNumber(value, forKey: .value)
        try c.encodeNumber(estimate, forKey: .estimate)
        try c.encodeNumber(se, forKey: .se)
        try c.encode(meets, forKey: .meets)
    }
}

/// `stress.json`: the smallest shock that breaks the target (reverse stress test).
public struct StressFile: Codable, Equatable, Sendable {
    public var seed: UInt32
    public var paths: Int
    public var generator: String
    public var version: String
    public var moneyUnit: String
    public var blockSize: Int
    public var scenario: StudyScenario
    public var target: String
    public var vary: String
    public var windowMonths: [Int]
    public var limit: Double
    /// nil: no shock within the limit breaks the target.
    public var shock: Double?
    public var shockSe: Double?
    public var shockCi95: [Double]?
    public var bracket: [Double]
    public var evaluations: [SearchEvaluation]
    public init(seed: UInt32, paths: Int, generator: String, version: String, blockSize: Int, scenario: StudyScenario, target: String, vary: String,
                windowMonths: [Int], limit: Double, shock: Double?, shockSe: Double?, bracket: [Double], evaluations: [SearchEvaluation]) {
        (self.seed, self.paths, self.generator, self.version, self.moneyUnit, self.blockSize) = (seed, paths, generator, version, "万元", blockSize)
        (self.scenario, self.target, self.vary, self.windowMonths, self.limit) = (scenario, target, vary, windowMonths, limit)
        (self.shock, self.shockSe, self.bracket, self.evaluations) = (shock, shockSe, bracket, evaluations)
        shockCi95 = shock.flatMap { s in shockSe.map { [s - 1.96 * $0, s + 1.96 * $0] } }
    }
}

/// `plan.json`: the value of a key path at the edge of a target, with the search and the checks.
public struct PlanFile: Codable, Equatable, Sendable {
    public var seed: UInt32
    public var paths: Int
    public var generator: String
    public var version: String
    public var moneyUnit: String
    public var blockSize: Int
    public var scenario: StudyScenario
    public var target: String
    public var vary: String
    public var range: [Double]
    public var answer: Double?
    public var answerIs: String
    public var answerSe: Double?
    public var answerCi95: [Double]?
    public var evaluations: [SearchEvaluation]
    public var checksSeed: UInt32
    public var checks: [SearchEvaluation]
    /// The value the scenario itself gives the varied key (nil: left to its default), and the answer
    /// less it: the amount to add (negative: to take away).
    public var current: Double?
    public var change: Double?
    public init(seed: UInt32, paths: Int, generator: String, version: String, blockSize: Int, scenario: StudyScenario, target: String, vary: String,
                range: [Double], answer: Double?, answerIs: String, answerSe: Double?, evaluations: [SearchEvaluation], checksSeed: UInt32,
                checks: [SearchEvaluation], current: Double? = nil) {
        (self.seed, self.paths, self.generator, self.version, self.moneyUnit, self.blockSize) = (seed, paths, generator, version, "万元", blockSize)
        self.current = current
        change = current.flatMap { c in answer.map { $0 - c } }
        (self.scenario, self.target, self.vary, self.range) = (scenario, target, vary, range)
        (self.answer, self.answerIs, self.answerSe, self.evaluations, self.checksSeed, self.checks) = (answer, answerIs, answerSe, evaluations, checksSeed, checks)
        answerCi95 = answer.flatMap { a in answerSe.map { [a - 1.96 * $0, a + 1.96 * $0] } }
    }
}

/// `sweep.json`: a sweep's grid points with each figure's estimate, and what each `sweep.csv` column
/// holds (its metric, unit and label); the CSV has the same numbers.
public struct SweepFile: Codable, Equatable, Sendable {
    public var seed: UInt32
    public var paths: Int
    public var generator: String
    public var version: String
    public var moneyUnit: String
    public var blockSize: Int
    public var scenario: StudyScenario
    /// The key paths varied, in `sweep.csv`'s first columns.
    public var keys: [String]
    public var columns: [Column]
    public var points: [Point]

    public struct Column: Codable, Equatable, Sendable {
        /// The column's name in `sweep.csv` (its standard error is `NAME_se`).
        public var column: String
        /// `pool_paid.mean`, `depletion.year5`, `fiscal_cost/distinct_firms_financed`, …
        public var metric: String
        /// `万元`, `probability`, `loans`, `firms`, `万元/firm`, `ratio`, …
        public var unit: String
        public var label: String
        public var labelZh: String
        public init(column: String, metric: String, unit: String, label: String, labelZh: String) {
            (self.column, self.metric, self.unit, self.label, self.labelZh) = (column, metric, unit, label, labelZh)
        }
    }

    public struct Estimate: Codable, Equatable, Sendable {
        public var value: Double
        /// Nil when not finite (a quantile's se from too few paths).
        public var se: Double?
        public init(value: Double, se: Double?) { (self.value, self.se) = (value, se) }
    }

    public struct Point: Codable, Equatable, Sendable {
        /// The values set, one per key, as given.
        public var values: [String]
        /// One per column; nil for a ratio the point does not define (its denominator's mean is zero).
        public var estimates: [Estimate?]
        public init(values: [String], estimates: [Estimate?]) { (self.values, self.estimates) = (values, estimates) }
    }

    public init(seed: UInt32, paths: Int, generator: String, version: String, blockSize: Int, scenario: StudyScenario, keys: [String],
                columns: [Column], points: [Point]) {
        (self.seed, self.paths, self.generator, self.version, self.moneyUnit, self.blockSize) = (seed, paths, generator, version, "万元", blockSize)
        (self.scenario, self.keys, self.columns, self.points) = (scenario, keys, columns, points)
    }
}

/// The columns of `sweep.csv`: first the key paths varied (one column each, the value as given), then
/// per figure its estimate and standard error (`NAME`, `NAME_se`). `sweep.json` names each column's
/// metric and unit; files of 0.2.1 and earlier had none, and their units follow from the names
/// (`p_depleted` a probability, `KEY_wan` money, else loans).
public struct SweepColumns: Equatable, Sendable {
    public var keys: [String]
    /// Metric column names, without the `_se` columns.
    public var metrics: [String]

    public init(keys: [String], metrics: [String]) { (self.keys, self.metrics) = (keys, metrics) }

    /// The unit of a metric column in a file without `sweep.json` (0.2.1 and earlier).
    public static func unit(of column: String) -> String {
        column == "p_depleted" ? "probability" : (column.hasSuffix("_wan") ? "万元" : "loans")
    }

    public var header: [String] { keys + metrics.flatMap { [$0, $0 + "_se"] } }

    /// Reads a header: the keys are the columns before the first metric pair (`NAME`, `NAME_se`).
    public init?(header: [String]) {
        guard let first = header.indices.first(where: { $0 + 1 < header.count && header[$0 + 1] == header[$0] + "_se" }) else { return nil }
        let rest = Array(header[first...])
        guard rest.count % 2 == 0, stride(from: 0, to: rest.count, by: 2).allSatisfy({ rest[$0 + 1] == rest[$0] + "_se" }) else { return nil }
        keys = Array(header[..<first])
        metrics = stride(from: 0, to: rest.count, by: 2).map { rest[$0] }
    }
}

import Foundation
import TextFormats
import RiskModel

/// Reverse stress test: the smallest shock for which a metric meets a target, e.g. the macro shift that
/// makes P(pool depleted) ≥ 50%. Every evaluation runs on the same seed and paths (common random
/// numbers), so the metric is a nearly monotone function of the shock and bisection converges on the
/// sample's threshold; its Monte Carlo uncertainty is the metric's standard error at the threshold
/// divided by the slope there (delta method).
public struct ReverseStress: Sendable {
    public enum Shock: Sendable, Equatable {
        /// A shift added to the macro factor over the window (negative = downturn). Searched from 0 down.
        case macroShift
        /// A multiplier on every cohort's step PD over the window. Searched from 1 up.
        case pdMultiplier
        /// Any numeric key path of the scenario file (`pool.initial`, `cohorts[0].pd`, …), set for the
        /// whole run and searched from the file's value (or a given start) toward the limit.
        case keyPath(String)

        public init(_ text: String) {
            switch text {
            case "macro.shift": self = .macroShift
            case "pd.multiplier": self = .pdMultiplier
            default: self = .keyPath(text)
            }
        }

        /// The key path the shock sets, as files and tables name it.
        public var keyPath: String {
            switch self {
            case .macroShift: return "macro.shift"
            case .pdMultiplier: return "pd.multiplier"
            case .keyPath(let k): return k
            }
        }
        var neutral: Double { self == .macroShift ? 0 : 1 }
        var defaultLimit: Double? {
            switch self {
            case .macroShift: return -5
            case .pdMultiplier: return 20
            case .keyPath: return nil
            }
        }
    }

    public struct Target: Sendable, CustomStringConvertible {
        /// Any statistic of a metric, `depletion.yearN`, or a ratio of means `A/B`.
        public let metric: ComparedFigure
        public let atLeast: Bool
        public let threshold: Double
        public var description: String { "\(metric) \(atLeast ? ">=" : "<=") \(threshold)" }

        /// `metric.stat>=value` or `<=`, the metric as `scenario` reads it (`MetricSelector.init(_:for:)`).
        public init(_ text: String, for scenario: Scenario) throws {
            try self.init(text) { try ComparedFigure($0, for: scenario, paired: false) }
        }

        /// `metric.stat>=value` or `<=` (`stepMonths` for `depletion.yearN`).
        public init(_ text: String, stepMonths: Int) throws {
            try self.init(text) { try ComparedFigure($0, stepMonths: stepMonths, paired: false) }
        }

        init(_ text: String, metric parse: (String) throws -> ComparedFigure) throws {
            let ops = [">=", "<="]
            guard let op = ops.first(where: { text.contains($0) }) else {
                throw MetricSelectorError(text: text, problem: "expected METRIC.STAT>=VALUE or <=VALUE", allowed: "e.g. depletion.probability>=0.5")
            }
            let parts = text.components(separatedBy: op)
            guard parts.count == 2, let v = DecimalNumber.parse(parts[1].trimmingCharacters(in: .whitespaces)) else {
                throw MetricSelectorError(text: text, problem: "the target value is not a number", allowed: "e.g. pool_paid.mean>=8000")
            }
            metric = try parse(parts[0].trimmingCharacters(in: .whitespaces))
            atLeast = op == ">="
            threshold = v
        }

        public func met(_ value: Double) -> Bool { atLeast ? value >= threshold : value <= threshold }

        /// The target's figure on one evaluation's paths; a ratio its paths do not define (the mean of
        /// its denominator is zero) is an error naming where (`at`), exit 65.
        public func estimate(_ outcomes: [PathOutcome], at: String) throws -> (value: Double, se: Double) {
            guard let e = metric.estimate(outcomes) else {
                throw OutputError(text: "\(metric) is not defined at \(at): the mean of \(metric.denominator?.key ?? "") is zero there", exitCode: 65)
            }
            return e
        }
    }

    public struct Evaluation: Sendable {
        public let shock: Double
        public let value: Double
        public let se: Double
    }

    public struct Result: Sendable {
        /// The smallest shock found that meets the target (nil when even the limit does not).
        public let shock: Double?
        /// Its Monte Carlo standard error (delta method), and the bracket bisection ended with.
        public let se: Double
        public let bracket: (Double, Double)
        public let evaluations: [Evaluation]
    }

    public let base: Scenario
    public let shock: Shock
    public let target: Target
    public let fromMonth: Int
    public let toMonth: Int
    public let limit: Double
    public let tolerance: Double
    /// Where the search starts: no shock (0 or 1), or a key path's value in the file.
    public let start: Double
    /// The scenario file, reloaded with the key path set (key-path shocks only).
    let file: String?

    /// A search over `shock`; a key-path shock needs the scenario `file`, its `start` value and a `limit`.
    public init(base: Scenario, shock: Shock, target: Target, window: ClosedRange<Int>? = nil, limit: Double? = nil,
                tolerance: Double = 0.005, file: String? = nil, start: Double? = nil) {
        self.base = base
        self.shock = shock
        self.target = target
        fromMonth = window?.lowerBound ?? 1
        toMonth = window?.upperBound ?? base.horizonMonths
        self.limit = limit ?? shock.defaultLimit ?? .nan
        self.tolerance = tolerance
        self.start = start ?? shock.neutral
        self.file = file
    }

    /// The scenario with shock `s` applied over the window (a key path: set for the whole run; throws
    /// `ScenarioError` when the value is outside the key's allowed range).
    public func scenario(shock s: Double) throws -> Scenario {
        var sc = base
        switch shock {
        case .macroShift: sc.stresses.append(Stress(name: "reverse stress", fromMonth: fromMonth, toMonth: toMonth, macroShift: s))
        case .pdMultiplier: sc.stresses.append(Stress(name: "reverse stress", fromMonth: fromMonth, toMonth: toMonth, pdMultiplier: s))
        case .keyPath(let key):
            sc = try ScenarioLoader.load(path: file ?? "", overrides: [ScenarioOverride(keyPath: key, value: Plan.text(s))]).scenario
        }
        return sc
    }

    /// Runs the search with `paths` paths per evaluation.
    public func run(paths: Int, seed: UInt32, threads: Int, log: ((Evaluation) -> Void)? = nil) async throws -> Result {
        var evals: [Evaluation] = []
        func evaluate(_ s: Double) async throws -> Evaluation {
            let r = await Simulation.run(CompiledScenario(try scenario(shock: s)), paths: paths, seed: seed, threads: threads)
            let (v, se) = try target.estimate(r.outcomes, at: "shock \(s)")
            let e = Evaluation(shock: s, value: v, se: se)
            evals.append(e)
            log?(e)
            return e
        }
        var lo = start, hi = limit
        let atNeutral = try await evaluate(lo)
        if target.met(atNeutral.value) {
            return Result(shock: lo, se: 0, bracket: (lo, lo), evaluations: evals)
        }
        let atLimit = try await evaluate(hi)
        guard target.met(atLimit.value) else {
            return Result(shock: nil, se: .nan, bracket: (lo, hi), evaluations: evals)
        }
        var best = atLimit
        for _ in 0..<40 where abs(hi - lo) > tolerance {
            let mid = (lo + hi) / 2
            let e = try await evaluate(mid)
            if target.met(e.value) {
                hi = mid
                best = e
            } else {
                lo = mid
            }
        }
        // Slope of the metric in the shock from points on either side of the threshold, a step away
        // wide enough for the slope to rise above the noise.
        let h = max(4 * tolerance, abs(hi - start) * 0.05)
        let a = try await evaluate(hi - h * direction), b = try await evaluate(hi + h * direction)
        let slope = (b.value - a.value) / (b.shock - a.shock)
        let se = slope != 0 ? best.se / abs(slope) : .infinity
        return Result(shock: hi, se: se, bracket: (lo, hi), evaluations: evals)
    }

    /// +1 when the shock grows in the positive direction (PD multiplier), −1 for a macro downturn.
    var direction: Double { limit > start ? 1 : -1 }
}

import Foundation
import RiskModel

/// Reverse stress test: the smallest shock for which a metric meets a target, e.g. the macro shift that
/// makes P(pool depleted) ≥ 50%. Every evaluation runs on the same seed and paths (common random
/// numbers), so the metric is a nearly monotone function of the shock and bisection converges on the
/// sample's threshold; its Monte Carlo uncertainty is the metric's standard error at the threshold
/// divided by the slope there (delta method).
public struct ReverseStress: Sendable {
    public enum Shock: String, Sendable, CaseIterable {
        /// A shift added to the macro factor over the window (negative = downturn). Searched from 0 down.
        case macroShift = "macro.shift"
        /// A multiplier on every cohort's step PD over the window. Searched from 1 up.
        case pdMultiplier = "pd.multiplier"

        /// The key path the shock sets, as files and tables name it.
        public var keyPath: String { rawValue }
        var neutral: Double { self == .macroShift ? 0 : 1 }
        var defaultLimit: Double { self == .macroShift ? -5 : 20 }
    }

    public struct Target: Sendable, CustomStringConvertible {
        public let metric: MetricSelector
        public let atLeast: Bool
        public let threshold: Double
        public var description: String { "\(metric) \(atLeast ? ">=" : "<=") \(threshold)" }

        /// `metric.stat>=value` or `<=` (`stepMonths` for `depletion.yearN`).
        public init(_ text: String, stepMonths: Int = 1) throws {
            let ops = [">=", "<="]
            guard let op = ops.first(where: { text.contains($0) }) else {
                throw MetricSelectorError(text: text, problem: "expected METRIC.STAT>=VALUE or <=VALUE", allowed: "e.g. depletion.probability>=0.5")
            }
            let parts = text.components(separatedBy: op)
            guard parts.count == 2, let v = Double(parts[1].trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw MetricSelectorError(text: text, problem: "the target value is not a number", allowed: "e.g. pool_paid.mean>=8000")
            }
            metric = try MetricSelector(parts[0].trimmingCharacters(in: .whitespaces), stepMonths: stepMonths)
            atLeast = op == ">="
            threshold = v
        }

        public func met(_ value: Double) -> Bool { atLeast ? value >= threshold : value <= threshold }
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

    public init(base: Scenario, shock: Shock, target: Target, window: ClosedRange<Int>? = nil, limit: Double? = nil,
                tolerance: Double = 0.005) {
        self.base = base
        self.shock = shock
        self.target = target
        fromMonth = window?.lowerBound ?? 1
        toMonth = window?.upperBound ?? base.horizonMonths
        self.limit = limit ?? shock.defaultLimit
        self.tolerance = tolerance
    }

    /// The scenario with shock `s` applied over the window.
    public func scenario(shock s: Double) -> Scenario {
        var sc = base
        switch shock {
        case .macroShift: sc.stresses.append(Stress(name: "reverse stress", fromMonth: fromMonth, toMonth: toMonth, macroShift: s))
        case .pdMultiplier: sc.stresses.append(Stress(name: "reverse stress", fromMonth: fromMonth, toMonth: toMonth, pdMultiplier: s))
        }
        return sc
    }

    /// Runs the search with `paths` paths per evaluation.
    public func run(paths: Int, seed: UInt32, threads: Int, log: ((Evaluation) -> Void)? = nil) async -> Result {
        var evals: [Evaluation] = []
        func evaluate(_ s: Double) async -> Evaluation {
            let r = await Simulation.run(CompiledScenario(scenario(shock: s)), paths: paths, seed: seed, threads: threads)
            let (v, se) = target.metric.estimate(r.outcomes)
            let e = Evaluation(shock: s, value: v, se: se)
            evals.append(e)
            log?(e)
            return e
        }
        var lo = shock.neutral, hi = limit
        let atNeutral = await evaluate(lo)
        if target.met(atNeutral.value) {
            return Result(shock: lo, se: 0, bracket: (lo, lo), evaluations: evals)
        }
        let atLimit = await evaluate(hi)
        guard target.met(atLimit.value) else {
            return Result(shock: nil, se: .nan, bracket: (lo, hi), evaluations: evals)
        }
        var best = atLimit
        for _ in 0..<40 where abs(hi - lo) > tolerance {
            let mid = (lo + hi) / 2
            let e = await evaluate(mid)
            if target.met(e.value) {
                hi = mid
                best = e
            } else {
                lo = mid
            }
        }
        // Slope of the metric in the shock from points on either side of the threshold, a step away
        // wide enough for the slope to rise above the noise.
        let h = max(4 * tolerance, abs(hi - shock.neutral) * 0.05)
        let a = await evaluate(hi - h * direction), b = await evaluate(hi + h * direction)
        let slope = (b.value - a.value) / (b.shock - a.shock)
        let se = slope != 0 ? best.se / abs(slope) : .infinity
        return Result(shock: hi, se: se, bracket: (lo, hi), evaluations: evals)
    }

    /// +1 when the shock grows in the positive direction (PD multiplier), −1 for a macro downturn.
    var direction: Double { limit > shock.neutral ? 1 : -1 }
}

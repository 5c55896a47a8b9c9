import Foundation
import RiskModel

/// Budget planning: the value of one numeric key path (an annual top-up, the initial capital, a
/// compensation ratio, the per-loan cap) at the edge of where a target is met, e.g. the smallest
/// initial capital with P(depleted by the end of year 5) ≤ 5%.
///
/// Every evaluation loads the scenario with the key path overridden and runs the same paths on the
/// same seed (common random numbers), so the metric is a nearly monotone function of the value and
/// bisection converges on the sample's threshold; its Monte Carlo standard error is the metric's at
/// the threshold divided by the slope there (delta method). The answer is then checked on fresh paths
/// (the next seed): at the answer, and 5% beyond it on the side that should fail.
public struct Plan: Sendable {
    public struct Evaluation: Sendable {
        public let value: Double
        public let estimate: Double
        public let se: Double
    }

    public struct Result: Sendable {
        /// The edge value on the side that meets the target (nil when neither end of the range does).
        public let answer: Double?
        /// Whether the answer is the smallest value meeting the target (true) or the largest (false).
        public let smallest: Bool
        public let se: Double
        public let evaluations: [Evaluation]
        /// Reruns on the next seed at the answer and 5% beyond it on the failing side.
        public let checks: [Evaluation]
    }

    public let path: String
    public let keyPath: String
    public let target: ReverseStress.Target
    public let range: ClosedRange<Double>
    /// Bisection stops when the bracket is narrower than this share of the range.
    public let relativeTolerance: Double
    /// The value the scenario gives the key (nil: its default): the answer less it is the amount to add.
    public let current: Double?
    /// The scenario at a value of the key.
    let build: @Sendable (Double) throws -> Scenario

    /// Varies `keyPath` of the scenario file at `path`, reloaded with the key overridden at each value.
    public init(path: String, keyPath: String, target: ReverseStress.Target, range: ClosedRange<Double>, relativeTolerance: Double = 0.002,
                current: Double? = nil) {
        self.init(describing: keyPath, path: path, target: target, range: range, relativeTolerance: relativeTolerance, current: current) { value in
            try ScenarioLoader.load(path: path, overrides: [ScenarioOverride(keyPath: keyPath, value: Self.text(value))]).scenario
        }
    }

    /// Varies a value `build` puts into a scenario (a scenario's own target: a top-up added in a month).
    public init(describing keyPath: String, path: String = "", target: ReverseStress.Target, range: ClosedRange<Double>,
                relativeTolerance: Double = 0.002, current: Double? = nil, build: @escaping @Sendable (Double) throws -> Scenario) {
        self.current = current
        self.path = path
        self.keyPath = keyPath
        self.target = target
        self.range = range
        self.relativeTolerance = relativeTolerance
        self.build = build
    }

    /// The scenario at `value` (throws `ScenarioError` when the value is outside the key's allowed range).
    public func scenario(at value: Double) throws -> Scenario { try build(value) }

    /// A value as the override text: integers without a fraction, others with enough digits to round-trip.
    public static func text(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)" }

    /// `lowEnd`: the range's lower end already evaluated on these paths (a run's own result at no
    /// top-up), saving one run. `checkBeyond`: also recheck 5% beyond the answer on fresh paths.
    public func run(paths: Int, seed: UInt32, threads: Int, lowEnd known: Evaluation? = nil, checkBeyond: Bool = true,
                    log: ((Evaluation) -> Void)? = nil) async throws -> Result {
        var evals: [Evaluation] = known.map { [$0] } ?? []
        func evaluate(_ v: Double, seed: UInt32, record: Bool = true) async throws -> Evaluation {
            let r = await Simulation.run(CompiledScenario(try scenario(at: v)), paths: paths, seed: seed, threads: threads)
            let (x, se) = try target.estimate(r.outcomes, at: "\(keyPath) = \(Self.text(v))")
            let e = Evaluation(value: v, estimate: x, se: se)
            if record { evals.append(e) }
            log?(e)
            return e
        }
        let lowEnd: Evaluation
        if let known { lowEnd = known } else { lowEnd = try await evaluate(range.lowerBound, seed: seed) }
        let highEnd = try await evaluate(range.upperBound, seed: seed)
        let lowMet = target.met(lowEnd.estimate), highMet = target.met(highEnd.estimate)
        if lowMet == highMet {
            // Both ends meet it (the answer is the end that is cheapest to say) or neither does.
            let answer: Double? = lowMet ? range.lowerBound : nil
            return Result(answer: answer, smallest: true, se: lowMet ? 0 : .nan, evaluations: evals, checks: [])
        }
        // `good` meets the target, `bad` does not; the answer is the edge on the good side.
        var good = highMet ? range.upperBound : range.lowerBound, bad = highMet ? range.lowerBound : range.upperBound
        var best = highMet ? highEnd : lowEnd
        let width = range.upperBound - range.lowerBound
        for _ in 0..<60 where abs(good - bad) > relativeTolerance * width {
            let mid = (good + bad) / 2
            let e = try await evaluate(mid, seed: seed)
            if target.met(e.estimate) {
                good = mid
                best = e
            } else {
                bad = mid
            }
        }
        // The slope from points either side of the edge, far enough apart to rise above the noise.
        let h = max(4 * relativeTolerance * width, abs(good) * 0.05)
        let a = try await evaluate(max(range.lowerBound, good - h), seed: seed), b = try await evaluate(min(range.upperBound, good + h), seed: seed)
        let slope = (b.estimate - a.estimate) / (b.value - a.value)
        let se = slope != 0 && slope.isFinite ? best.se / abs(slope) : .infinity
        // Fresh paths: at the answer, and 5% beyond it towards the failing side.
        let beyond = bad < good ? good * 0.95 : good * 1.05
        var checks = [try await evaluate(good, seed: seed &+ 1, record: false)]
        if checkBeyond { checks.append(try await evaluate(beyond, seed: seed &+ 1, record: false)) }
        return Result(answer: good, smallest: highMet, se: se, evaluations: evals, checks: checks)
    }
}

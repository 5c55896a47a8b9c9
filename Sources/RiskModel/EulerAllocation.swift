import Foundation

/// Who carries a total: the Euler allocation of a sum `X = Σ_k X_k` across paths (Tasche 1999). Each
/// part's contribution to
/// - the mean: `E[X_k]`;
/// - the tail: `E[X_k | X in its upper tail of mass 1 − α]` (to ES_α; the worst `⌈(1 − α) n⌉` paths
///   of a plain sample, the expected shortfall's own tail, so the contributions add up to ES_α);
/// - an event (e.g. the pool runs dry): `E[X_k | event]`.
/// Each with its standard error, the tail and event sets held fixed (the ratio estimator's
/// `√(Σ w² (X_k − c_k)²) / Σ w`; the error of the VaR that picks the tail is left out). The total of
/// each statistic is the sum of its parts' contributions, so they add up exactly.
public struct EulerAllocation: Sendable {
    public struct Estimate: Sendable, Equatable {
        public let value: Double
        public let se: Double
    }

    /// Per part, in the order given.
    public let mean: [Estimate]
    public let tail: [Estimate]
    /// nil when no path has the event.
    public let event: [Estimate]?
    /// The sums of the parts' contributions.
    public var meanTotal: Double { mean.reduce(0) { $0 + $1.value } }
    public var tailTotal: Double { tail.reduce(0) { $0 + $1.value } }
    public var eventTotal: Double? { event.map { $0.reduce(0) { $0 + $1.value } } }
    /// Paths in the tail set and with the event.
    public let tailPaths: Int
    public let eventPaths: Int

    /// `parts[k][i]`: part k on path i. `weights`: importance weights (nil: plain paths); with weights
    /// the tail is the fewest worst paths holding weight share 1 − α. `event[i]`: path i has the event.
    public init(parts: [[Double]], weights: [Double]?, alpha: Double, event hit: [Bool]) {
        let n = parts.first?.count ?? 0
        precondition(parts.allSatisfy { $0.count == n } && hit.count == n && (weights?.count ?? n) == n)
        let w = weights ?? [Double](repeating: 1, count: n)
        var total = [Double](repeating: 0, count: n)
        for part in parts { for i in 0..<n { total[i] += part[i] } }
        // The tail: paths by total, worst first (ties by path order, so the set is reproducible).
        let order = (0..<n).sorted { total[$0] != total[$1] ? total[$0] > total[$1] : $0 < $1 }
        var tailSet: [Int]
        if weights == nil {
            tailSet = Array(order.prefix(SampleSummary.tailCount(n, alpha)))
        } else {
            let all = w.reduce(0, +)
            var held = 0.0
            tailSet = []
            // Less a rounding margin: 100,000 × (1 − 0.99) is 1000.0000000000009 in floating point.
            let target = (1 - alpha) * all * (1 - 1e-12)
            for i in order where held < target {
                tailSet.append(i)
                held += w[i]
            }
        }
        if n == 0 { tailSet = [] }
        let eventSet = (0..<n).filter { hit[$0] }
        func conditional(_ x: [Double], _ set: [Int]) -> Estimate {
            let mass = set.reduce(0) { $0 + w[$1] }
            guard mass > 0 else { return Estimate(value: .nan, se: .nan) }
            let c = set.reduce(0) { $0 + w[$1] * x[$1] } / mass
            let s2 = set.reduce(0) { $0 + w[$1] * w[$1] * (x[$1] - c) * (x[$1] - c) }
            return Estimate(value: c, se: s2.squareRoot() / mass)
        }
        mean = parts.map { x in
            if let weights {
                let s = WeightedSample(x, weights: weights)
                return Estimate(value: s.mean, se: s.standardError)
            }
            return Estimate(value: x.reduce(0, +) / Double(max(1, n)), se: SampleSummary.standardError(x))
        }
        tail = parts.map { conditional($0, tailSet) }
        self.event = eventSet.isEmpty ? nil : parts.map { conditional($0, eventSet) }
        tailPaths = tailSet.count
        eventPaths = eventSet.count
    }
}

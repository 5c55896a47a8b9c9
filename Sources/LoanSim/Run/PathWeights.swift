import RiskModel

/// The paths' importance weights as the summary applies them to every statistic (`WeightedSample`);
/// without weights (`nil`) each statistic is the plain one, bit for bit.
struct PathWeights {
    let weights: [Double]?
    let count: Int
    let total: Double

    /// Weights that are all exactly 1 (a zero shift) are no weights: the plain statistics, bit for bit.
    init(_ table: OutcomeTable) {
        weights = table.weights.flatMap { w in w.allSatisfy { $0 == 1 } ? nil : w }
        count = table.count
        total = weights.map { w in w.reduce(0, +) } ?? Double(table.count)
    }

    /// Path `i`'s weight.
    func mass(_ i: Int) -> Double { weights?[i] ?? 1 }

    func summary(_ xs: [Double]) -> SampleSummary { SampleSummary(xs, weights: weights) }

    /// The mean (plain: the sum in path order over the count).
    func mean(_ xs: [Double]) -> Double {
        guard let weights else {
            var s = 0.0
            for v in xs { s += v }
            return s / Double(count)
        }
        return WeightedSample(xs, weights: weights).mean
    }

    /// The mean and its standard error.
    func meanSE(_ xs: [Double]) -> (mean: Double, se: Double) {
        guard let weights else { return (xs.reduce(0, +) / Double(count), SampleSummary.standardError(xs)) }
        let w = WeightedSample(xs, weights: weights)
        return (w.mean, w.standardError)
    }

    /// P(the path is a hit), weighted, with its standard error.
    func proportion(_ hit: (Int) -> Bool) -> Proportion {
        guard let weights else { return Proportion(hits: (0..<count).filter(hit).count, of: count) }
        var mass = 0.0
        for i in 0..<count where hit(i) { mass += weights[i] }
        let p = mass / total
        var s = 0.0
        for i in 0..<count {
            let d = (hit(i) ? 1 : 0) - p
            s += weights[i] * weights[i] * d * d
        }
        return Proportion(p: p, se: s.squareRoot() / total)
    }
}

extension OutcomeTable {
    /// The importance weights, when the run's model has a shift (`PathColumn` "weight").
    public var weights: [Double]? { hasColumn("weight") ? column("weight") : nil }
}

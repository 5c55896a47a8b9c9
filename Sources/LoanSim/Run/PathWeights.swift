import RiskModel

/// The paths' importance weights as the summary applies them to every statistic (`WeightedSample`);
/// without weights (`nil`) each statistic is the plain one, bit for bit.
struct PathWeights {
    let weights: [Double]?
    let count: Int
    /// What a probability's weighted mass is divided by: the number of paths (each path counts `w/n`,
    /// `WeightedSample`).
    var total: Double { Double(count) }

    /// Weights that are all exactly 1 (a zero shift) are no weights: the plain statistics, bit for bit.
    init(_ table: OutcomeTable) {
        weights = table.weights.flatMap { w in w.allSatisfy { $0 == 1 } ? nil : w }
        count = table.count
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

    /// P(the path is a hit), weighted: the mean of the indicator with the weights as a control variate
    /// (`WeightedSample.controlled`), with its standard error (the terms' sample sd over `√n`).
    func proportion(_ hit: (Int) -> Bool) -> Proportion {
        guard let weights else { return Proportion(hits: (0..<count).filter(hit).count, of: count) }
        let terms = WeightedSample.controlled((0..<count).map { hit($0) ? 1 : 0 }, weights: weights)
        let n = Double(count)
        let p = terms.reduce(0, +) / n
        let variance = terms.reduce(0) { $0 + ($1 - p) * ($1 - p) } / max(1, n - 1)
        return Proportion(p: p, se: (variance / n).squareRoot())
    }
}

extension OutcomeTable {
    /// The importance weights, when the run's model has a shift (`ColumnID.weight`).
    public var weights: [Double]? { hasColumn(.weight) ? column(.weight) : nil }
}

import Foundation

/// Summary statistics of a Monte Carlo sample of one metric (one value per path).
///
/// - Quantiles use linear interpolation between order statistics (Hyndman–Fan type 7, numpy's default).
/// - `VaR_α` is the α-quantile of the loss; `ES_α` is the mean of the worst `⌈n(1−α)⌉` values, the
///   tail average that coherent-risk texts use for a finite sample.
/// - `se` is the standard error of the mean, `sd/√n`; with one value sd and se are NaN (no spread to estimate).
public struct SampleSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    public let sd: Double
    public let se: Double
    public let q01: Double, q05: Double, q50: Double, q90: Double, q95: Double, q99: Double, q999: Double
    public let es99: Double
    public let min: Double
    public let max: Double

    /// Summarises `values` (any order). Sums run in the given order, so the result is a pure function
    /// of the sequence. The quantiles are order statistics found by selection (`ColumnQuantiles.select`)
    /// and the tail for `ES₉₉` is sorted on its own: the same numbers as from a full sort, in O(n).
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "cannot summarise an empty sample")
        count = values.count
        let n = Double(values.count)
        var sum = 0.0
        for v in values { sum += v }
        let m = sum / n
        var ss = 0.0
        for v in values { ss += (v - m) * (v - m) }
        mean = m
        // One value has no spread to estimate: sd and se are NaN (null in summary.json, "–" on stdout),
        // not a plausible 0 that would read as "exact".
        sd = values.count > 1 ? (ss / (n - 1)).squareRoot() : .nan
        se = sd / n.squareRoot()
        let levels = [0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999]
        let q: [Double], tail: Double
        if sum.isNaN {
            // NaN has no place in an order: keep the full sort's answer for it.
            let sorted = values.sorted()
            q = levels.map { Self.quantile(sorted: sorted, $0) }
            tail = Self.expectedShortfall(sorted: sorted, 0.99)
        } else {
            var work = values
            q = ColumnQuantiles.compute(&work, levels: levels)
            tail = Self.expectedShortfall(selecting: &work, 0.99)
        }
        (q01, q05, q50, q90, q95, q99, q999) = (q[0], q[1], q[2], q[3], q[4], q[5], q[6])
        es99 = tail
        // The first smallest and the last largest, as a stable sort would place them (±0 compare equal).
        var lo = values[0], hi = values[0]
        for v in values {
            if v < lo { lo = v }
            if v >= hi { hi = v }
        }
        self.min = lo
        self.max = hi
    }

    /// The summary of `values` under importance weights (`WeightedSample`); `nil` weights give the plain summary.
    public init(_ values: [Double], weights: [Double]?) {
        guard let weights else {
            self.init(values)
            return
        }
        let w = WeightedSample(values, weights: weights)
        self.init(count: values.count, mean: w.mean, sd: w.standardDeviation, se: w.standardError,
                  quantiles: [0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999].map(w.quantile), es99: w.expectedShortfall(0.99),
                  min: values[w.order.first!], max: values[w.order.last!])
    }

    private init(count: Int, mean: Double, sd: Double, se: Double, quantiles q: [Double], es99: Double, min: Double, max: Double) {
        (self.count, self.mean, self.sd, self.se) = (count, mean, sd, se)
        (q01, q05, q50, q90, q95, q99, q999) = (q[0], q[1], q[2], q[3], q[4], q[5], q[6])
        (self.es99, self.min, self.max) = (es99, min, max)
    }

    /// Standard error of the mean of `values`.
    public static func standardError(_ values: [Double]) -> Double {
        let n = Double(values.count)
        guard values.count > 1 else { return .infinity }
        var sum = 0.0
        for v in values { sum += v }
        let m = sum / n
        var ss = 0.0
        for v in values { ss += (v - m) * (v - m) }
        return (ss / (n - 1) / n).squareRoot()
    }

    /// Standard error of the α-quantile estimate of an ascending sample, from the order statistics that
    /// bound its 95% distribution-free confidence interval: ranks `nα ± 1.96 √(nα(1−α))`, so that
    /// se ≈ (x_hi − x_lo) / (2 × 1.96).
    public static func quantileStandardError(sorted: [Double], _ alpha: Double) -> Double {
        let n = Double(sorted.count)
        let half = 1.959963984540054 * (n * alpha * (1 - alpha)).squareRoot()
        let lo = Swift.max(0, Int((n * alpha - half).rounded(.down)) - 1)
        let hi = Swift.min(sorted.count - 1, Int((n * alpha + half).rounded(.up)) - 1)
        return (sorted[hi] - sorted[lo]) / (2 * 1.959963984540054)
    }

    /// Type-7 quantile of an ascending sample.
    public static func quantile(sorted: [Double], _ alpha: Double) -> Double {
        let h = Double(sorted.count - 1) * alpha
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// Mean of the largest `⌈n(1−α)⌉` values of an ascending sample.
    public static func expectedShortfall(sorted: [Double], _ alpha: Double) -> Double {
        let k = tailCount(sorted.count, alpha)
        var s = 0.0
        for v in sorted[(sorted.count - k)...] { s += v }
        return s / Double(k)
    }

    /// `expectedShortfall(sorted:)` without sorting the whole sample: the tail is selected, then sorted
    /// and summed in ascending order, as from the full sort. Reorders `values`.
    static func expectedShortfall(selecting values: inout [Double], _ alpha: Double) -> Double {
        let n = values.count, k = tailCount(n, alpha)
        return values.withUnsafeMutableBufferPointer { buf in
            ColumnQuantiles.select(buf, from: 0, to: n - 1, rank: n - k)
            var tail = UnsafeMutableBufferPointer(rebasing: buf[(n - k)...])
            tail.sort()
            var s = 0.0
            for v in tail { s += v }
            return s / Double(k)
        }
    }

    /// How many values `ES_α` averages: `⌈n(1−α)⌉`, at least one.
    static func tailCount(_ n: Int, _ alpha: Double) -> Int {
        // n(1−α) in floating point can land just above a whole number (1000 × (1 − 0.99) = 10.000000000000009):
        // round off that noise before taking the ceiling.
        Swift.max(1, Int((Double(n) * (1 - alpha) - 1e-9).rounded(.up)))
    }
}

/// Quantiles of one column of values (`Float` or `Double`), by selection rather than a full sort (type-7, as above).
public enum ColumnQuantiles {
    /// Type-7 quantiles at `levels` (ascending, in [0, 1]); reorders `values` in place.
    @inlinable public static func compute<T: BinaryFloatingPoint>(_ values: inout [T], levels: [Double]) -> [Double] {
        let n = values.count
        precondition(n > 0)
        var ranks: [Int] = []
        for a in levels {
            let lo = Int((Double(n - 1) * a).rounded(.down))
            ranks.append(lo)
            ranks.append(Swift.min(lo + 1, n - 1))
        }
        let unique = Array(Set(ranks)).sorted()
        values.withUnsafeMutableBufferPointer { buf in selectAll(buf, from: 0, to: n - 1, ranks: unique[...]) }
        return levels.map { a in
            let h = Double(n - 1) * a
            let lo = Int(h.rounded(.down))
            let hi = Swift.min(lo + 1, n - 1)
            return Double(values[lo]) + (h - Double(lo)) * (Double(values[hi]) - Double(values[lo]))
        }
    }

    /// Puts every rank of `ranks` (ascending, within `lo...hi`) in place, as `select` does for one:
    /// the middle rank first, then each side's ranks within that side, so that the ranks share the
    /// partitioning work (about n·log₂ k comparisons for k ranks rather than k passes over the upper part).
    @inlinable static func selectAll<T: Comparable>(_ buf: UnsafeMutableBufferPointer<T>, from lo: Int, to hi: Int,
                                                    ranks: ArraySlice<Int>) {
        guard !ranks.isEmpty, hi > lo else { return }
        let m = ranks.startIndex + ranks.count / 2, rank = ranks[m]
        select(buf, from: lo, to: hi, rank: rank)
        selectAll(buf, from: lo, to: rank - 1, ranks: ranks[..<m])
        selectAll(buf, from: rank + 1, to: hi, ranks: ranks[(m + 1)...])
    }

    /// Hoare quickselect with median-of-three: afterwards `buf[rank]` holds the rank-th smallest of
    /// `buf[lo...hi]`, smaller ones before it, larger after.
    @inlinable static func select<T: Comparable>(_ buf: UnsafeMutableBufferPointer<T>, from lo0: Int, to hi0: Int, rank: Int) {
        var lo = lo0, hi = hi0
        while hi > lo {
            let mid = lo + (hi - lo) / 2
            if buf[mid] < buf[lo] { buf.swapAt(mid, lo) }
            if buf[hi] < buf[lo] { buf.swapAt(hi, lo) }
            if buf[hi] < buf[mid] { buf.swapAt(hi, mid) }
            let pivot = buf[mid]
            var i = lo, j = hi
            while i <= j {
                while buf[i] < pivot { i += 1 }
                while pivot < buf[j] { j -= 1 }
                if i <= j { buf.swapAt(i, j); i += 1; j -= 1 }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return }
        }
    }
}

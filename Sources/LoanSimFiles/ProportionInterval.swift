import Foundation

/// The 95% interval of a probability estimated from `paths` plain paths. Where some but not all paths
/// hit, `p ± 1.96 se` (clipped to [0, 1]). Where none did (or all did) the standard error is zero and
/// says nothing; the interval is then the exact (Clopper–Pearson) one, `[0, 1 − 0.025^(1/n)]` (about
/// 3.7/n), so that "0 of 2,000 paths" reads as "below 0.18%", not as impossible.
public enum ProportionInterval {
    public static func ci95(p: Double, se: Double, paths: Int) -> (low: Double, high: Double) {
        exact(p: p, se: se, paths: paths) ?? (max(0, p - 1.96 * se), min(1, p + 1.96 * se))
    }

    /// The exact interval where no path (or every path) hit, else nil: `p ± 1.96 se` says what there is
    /// to say (`paths` 0: weighted paths, whose hits are not counts).
    public static func exact(p: Double, se: Double, paths: Int) -> (low: Double, high: Double)? {
        guard se == 0, paths > 0, p == 0 || p == 1 else { return nil }
        let edge = 1 - pow(0.025, 1 / Double(paths))
        return p == 0 ? (0, edge) : (1 - edge, 1)
    }
}

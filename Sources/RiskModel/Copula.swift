import CGSL
import Foundation

/// How firms' latent variables are joined (docs/model.md §3.2). Gaussian: `X = a Z + b S + √(1−a²−b²) ε`.
/// Student-t with ν degrees of freedom: the same X times `√(ν / W)`, with one `W ~ χ²_ν` per step shared
/// by every firm, so bad years are worse for all at once (tail dependence). A firm defaults when its X
/// falls below `quantile(q)`; given the factors and `s = √(W/ν)` (`mixing`), that is
/// `Φ((quantile(q)·s − a Z − b S) / √(1−a²−b²))`.
public enum Copula: Sendable, Equatable {
    case gaussian
    case t(nu: Double)

    /// The latent variable's quantile at `p`: Φ⁻¹(p), or the Student-t quantile `t_ν⁻¹(p)`; ±∞ at the ends.
    @inlinable public func quantile(_ p: Double) -> Double {
        switch self {
        case .gaussian:
            return Normal.quantile(p)
        case .t(let nu):
            if p <= 0 { return -.infinity }
            if p >= 1 { return .infinity }
            return gsl_cdf_tdist_Pinv(p, nu)
        }
    }

    /// The step's common scale `s = √(W/ν)` the thresholds are multiplied by: 1 for the Gaussian copula
    /// (no draw), else one χ²_ν draw from `rng`.
    @inlinable public func mixing(_ rng: StreamRef) -> Double {
        switch self {
        case .gaussian: return 1
        case .t(let nu): return (gsl_ran_chisq(rng.rng, nu) / nu).squareRoot()
        }
    }

    public var isGaussian: Bool { self == .gaussian }
}

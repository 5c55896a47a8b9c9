import Foundation

/// What makes a fit of hundreds of cohorts affordable (docs/calibration.md, "How the fit's cost grows"):
/// on a panel of exact yearly counts (no cumulative bound), one pass over the years gives the
/// log-likelihood and every cohort's score at once. In year y the factor's posterior weights at the
/// quadrature nodes, `π_yk ∝ w_k φ(z_k) Π_c Bin(d_yc; n_yc, p_c(z_k))`, turn each cohort's derivative
/// into an expectation: `∂ log L/∂t_c = Σ_y Σ_k π_yk (d_yc λ(u) − (n_yc − d_yc) λ(−u))/√(1−ρ)`, with
/// `t_c = Φ⁻¹(PD_c)`, `u = (t_c − √ρ z_k)/√(1−ρ)` and λ the inverse Mills ratio. (The nodes follow the
/// mode, but the integral does not depend on where they sit: the score is that of the integral.)
extension MixtureLikelihood {
    /// True when every year's integral stands alone: no cumulative bound chains the years.
    public var hasExactCountsOnly: Bool { panel.cumulative == nil }

    /// The log-likelihood and its derivative with respect to each cohort's threshold `t_c = Φ⁻¹(PD_c)`
    /// (0 for a cohort at PD 0). Only for panels of exact counts (`hasExactCountsOnly`).
    public func logLikelihoodAndScore(pd: [Double], rho: Double) -> (value: Double, dThreshold: [Double]) {
        precondition(hasExactCountsOnly)
        let model = YearModel(pd: pd, rho: rho)
        var total = logCombinations
        var score = [Double](repeating: 0, count: pd.count)
        for row in panel.cells {
            guard row.contains(where: { $0?.defaults != nil }) else { continue }
            let snapshot = YearNodes(row, model: model, rule: rule)
            total += snapshot.logIntegral
            if total == -.infinity { return (total, score) }
            for (k, z) in snapshot.z.enumerated() where snapshot.weight[k] > 0 {
                for (c, cell) in row.enumerated() {
                    guard let cell, let d = cell.defaults, model.threshold[c] > -.infinity else { continue }
                    let u = (model.threshold[c] - model.a * z) / model.s
                    let du = Double(d) * LogNormalCDF.millsRatio(u) - Double(cell.loans - d) * LogNormalCDF.millsRatio(-u)
                    score[c] += snapshot.weight[k] * du / model.s
                }
            }
        }
        return (total, score)
    }

    /// Each year's quadrature nodes and the factor's posterior weights there at (pd, rho), with every
    /// cohort's log-binomial at each node: what a conditional profile of one cohort holds fixed.
    public func nodes(pd: [Double], rho: Double) -> [YearNodes] {
        let model = YearModel(pd: pd, rho: rho)
        return panel.cells.map { YearNodes($0, model: model, rule: rule, keepTerms: true) }
    }
}

/// One year's adaptive quadrature at given parameters: nodes `z_k`, the log of each node's term
/// (weight × density × the cohorts' binomials), the year's log-integral and the normalised weights.
public struct YearNodes: Sendable {
    public let z: [Double]
    public let logTerm: [Double]
    public let logIntegral: Double
    public let weight: [Double]
    /// `terms[c][k]`: cohort c's log-binomial at node k (empty unless kept; 0 for a cell without counts).
    public let terms: [[Double]]
    let logScale: Double

    init(_ row: [DefaultPanel.Cell?], model: YearModel, rule: GaussHermite, keepTerms: Bool = false) {
        guard row.contains(where: { $0?.defaults != nil }) else {
            (z, logTerm, logIntegral, weight, logScale) = ([], [], 0, [], 0)
            terms = keepTerms ? row.map { _ in [] } : []
            return
        }
        let (mu, sigma) = model.mode(row)
        z = rule.nodes.map { mu + sigma * $0 }
        var kept = keepTerms ? [[Double]](repeating: [Double](repeating: 0, count: rule.count), count: row.count) : []
        var lt = [Double](repeating: 0, count: rule.count)
        for (k, zk) in z.enumerated() {
            var h = rule.logPlainWeights[k] - 0.5 * zk * zk - 0.9189385332046728
            for (c, cell) in row.enumerated() {
                guard let cell, cell.defaults != nil else { continue }
                let one = model.logBinomials([cell], threshold: model.threshold[c], z: zk)
                if keepTerms { kept[c][k] = one }
                h += one
            }
            lt[k] = h
        }
        terms = kept
        logTerm = lt
        logScale = log(sigma)
        let top = lt.max() ?? -.infinity
        if top == -.infinity {
            (logIntegral, weight) = (-.infinity, lt.map { _ in 0 })
            return
        }
        let e = lt.map { exp($0 - top) }
        let s = e.reduce(0, +)
        logIntegral = logScale + top + log(s)
        weight = e.map { $0 / s }
    }

    /// The year's log-integral with cohort c's log-binomial at each node replaced by `replacement(k)`.
    public func logIntegral(replacingCohort c: Int, with replacement: (Int) -> Double) -> Double {
        guard !z.isEmpty else { return 0 }
        var top = -Double.infinity
        var v = [Double](repeating: 0, count: z.count)
        for k in z.indices {
            v[k] = logTerm[k] - terms[c][k] + replacement(k)
            top = max(top, v[k])
        }
        if top == -.infinity { return -.infinity }
        return logScale + top + log(v.reduce(0) { $0 + exp($1 - top) })
    }
}

extension YearModel {
    /// One cell's `d log p(z) + (n − d) log(1 − p(z))` at threshold `t` (−∞ threshold: PD 0).
    func logBinomials(_ cell: [DefaultPanel.Cell?], threshold t: Double, z: Double) -> Double {
        guard let c = cell.first, let cellValue = c, let d = cellValue.defaults else { return 0 }
        if t == -.infinity { return d > 0 ? -.infinity : 0 }
        let u = (t - a * z) / s
        var h = 0.0
        if d > 0 { h += Double(d) * LogNormalCDF.logPhi(u) }
        if cellValue.loans > d { h += Double(cellValue.loans - d) * LogNormalCDF.logPhi(-u) }
        return h
    }
}

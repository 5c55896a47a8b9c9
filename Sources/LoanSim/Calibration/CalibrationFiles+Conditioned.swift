import Foundation
import RiskModel

/// `calibration.json`'s `record_conditioned` block and its stdout lines: the whole-record posterior with
/// the count-only posterior's fields (cohorts, rho, posterior_draws), how it was conditioned, and the
/// evidence for each reading of the breaker.
extension CalibrationFiles {
    static func recordConditionedJSON(_ r: ConditionedPosterior, calibration c: Calibration) -> JSONValue {
        let names = c.cohorts.map(\.name)
        let cohorts: [(String, JSONValue)] = r.cohorts.map { e in
            (e.name, .object([("loans", .integer(e.loans)), ("loans_with_counts", .integer(e.observedLoans)), ("defaults", .integer(e.defaults)),
                              ("pd", estimate(e.pd)), ("method", .string(e.method))]))
        }
        let points: [JSONValue] = r.points.map { p in
            .object([("pd", .object(names.indices.map { (names[$0], .number(p.pd[$0])) })), ("rho", .number(p.rho)),
                     ("p_agree", .number(p.p)), ("se", .number(p.se))])
        }
        let variants: [JSONValue] = r.variants.map { v in
            .object([("name", .string(v.name)), ("name_zh", .string(v.nameZh)),
                     ("breaker_settings", .object(v.settings.map { ($0.key, .string($0.value)) })),
                     ("p_record", .number(v.marginal)), ("p_record_se", .number(v.marginalSe)),
                     ("bayes_factor", .number(v.bayesFactor)), ("bayes_factor_se", .number(v.bayesFactorSe)),
                     ("posterior_probability", .number(v.posteriorProbability))])
        }
        return .object([
            ("method", .object([
                ("conditioned_on", .array(r.events.map { .string($0) })),
                ("backcast", .object([("file", .string(r.backcast)), ("sha256", .string(r.backcastSha256))])),
                ("approach", .string(r.method)),
                ("posterior", .string(r.methodText)),
                ("paths_per_point", .integer(r.pathsPerPoint)),
                ("common_random_numbers", .string("every parameter value and breaker variant runs the backcast's paths 0…\(r.pathsPerPoint - 1) on its seed")),
                ("p_record_given_counts", .number(r.marginal)), ("p_record_given_counts_se", .number(r.marginalSe)),
                ("relative_error", .number(r.relativeError)),
                ("largest_point_relative_error", r.largestPointRelativeError.map { .number($0) } ?? .null),
                ("effective_draws", .number(r.effectiveDraws.rounded())), ("of_count_only_draws", .integer(r.countOnlyDraws)),
                ("second_stage", .bool(r.secondStage)),
                ("averaged_over_breaker_readings", .bool(r.variantOfDraw != nil)),
                ("counted_once", .string("the compensated-loan and payout bounds are in the counts' likelihood; only the record's events of the rules (breaker_trips, depleted) weigh the draws")),
                ("seed", .integer(Int(r.seed))),
                ("generator", .string("gsl_rng_taus2")),
            ])),
            ("cohorts", .object(cohorts)),
            ("rho", estimate(r.rho, extra: [("fixed", .bool(c.rhoFixed))])),
            ("points", .array(points)),
            ("breaker_variants", .array(variants)),
            ("posterior_draws", drawsJSON(names, r.draws, readings: r.variantOfDraw)),
        ])
    }

    /// How strongly a Bayes factor speaks (Kass & Raftery 1995, on 2 ln B).
    static func strength(_ bayesFactor: Double) -> String {
        guard bayesFactor.isFinite, bayesFactor > 0 else { return "—" }
        let b = max(bayesFactor, 1 / bayesFactor)
        let word = b < 3 ? "barely worth mentioning" : b < 20 ? "positive" : b < 150 ? "strong" : "very strong"
        return bayesFactor >= 1 ? "for, \(word)" : "against, \(word)"
    }

    static func conditionedTable(_ c: Calibration, _ r: ConditionedPosterior) -> String {
        func pct(_ x: Double) -> String { x.isFinite ? String(format: x < 0.001 ? "%.4f%%" : "%.2f%%", 100 * x) : "—" }
        var out = "\nconditioned on the whole record (\(r.events.joined(separator: "; "))), backcast \(r.backcast):\n"
        for (e, w) in zip(c.cohorts, r.cohorts) {
            out += "  \(e.name): posterior mean \(pct(e.pd.posteriorMean)) [\(pct(e.pd.posteriorQ05)), \(pct(e.pd.posteriorQ95))] counts only → "
                + "\(pct(w.pd.posteriorMean)) [\(pct(w.pd.posteriorQ05)), \(pct(w.pd.posteriorQ95))] whole record\n"
        }
        out += String(format: "  P(record's events | counts) %.3f ± %.3f (relative error %.1f%%); ", r.marginal, r.marginalSe, 100 * r.relativeError)
        out += "effective draws \(Int(r.effectiveDraws.rounded())) of \(r.countOnlyDraws)\(r.secondStage ? " (degenerate: second stage)" : "")\n"
        out += "  \(r.method): \(r.points.count) points × \(r.pathsPerPoint) backcast paths\n"
        if r.variants.count > 1 {
            out += "  breaker readings, Bayes factor against the backcast as written (equal prior odds → posterior probability):\n"
            let w = (r.variants.map { $0.name.count }.max() ?? 0) + 2
            for v in r.variants.sorted(by: { $0.bayesFactor > $1.bayesFactor }) {
                let word = v.name == r.variants[0].name ? "the reference" : strength(v.bayesFactor)
                let name = v.name + String(repeating: " ", count: max(0, w - v.name.count))
                out += "    \(name)" + String(format: "P(record) %.3f  BF %7.2f ± %.2f  posterior %5.1f%%  ", v.marginal, v.bayesFactor, v.bayesFactorSe,
                                                100 * v.posteriorProbability) + word + "\n"
            }
        }
        if let readings = r.variantOfDraw {
            let shares = r.variants.indices.map { v in Double(readings.filter { $0 == v }.count) / Double(max(1, readings.count)) }
            out += "  averaged over the readings: the draws carry theirs (" + r.variants.indices.filter { shares[$0] > 0 }
                .map { "\(r.variants[$0].name) " + String(format: "%.1f%%", 100 * shares[$0]) }.joined(separator: ", ") + ")\n"
        }
        return out
    }
}

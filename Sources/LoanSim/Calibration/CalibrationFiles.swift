import Foundation
import Yams
import RiskModel

/// The files `loansim calibrate` writes: `calibration.json` (estimates, intervals, prior, method and the
/// posterior draws a scenario carries into the simulation), `calibrated.yaml` (the fragment a scenario
/// includes as `calibration: {include: calibrated.yaml}`) and a table for stdout.
public enum CalibrationFiles {
    static func estimate(_ e: Calibration.Estimate, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("mle", .number(e.mle)), ("ci95", .array(e.ci95.map { .number($0) })),
                 ("posterior_mean", .number(e.posteriorMean)), ("posterior_median", .number(e.posteriorMedian)),
                 ("posterior_q05", .number(e.posteriorQ05)), ("posterior_q95", .number(e.posteriorQ95))] + extra)
    }

    /// `posterior_draws`: ρ and each cohort's PD, draw by draw, and each draw's breaker reading when it has one.
    static func drawsJSON(_ names: [String], _ d: MixturePosterior.Draws, readings: [Int]? = nil) -> JSONValue {
        .object([("rho", .array(d.rho.map { .number($0) })),
                 ("pd", .object(names.indices.map { (names[$0], .array(d.pd[$0].map { .number($0) })) }))]
                + (readings.map { [("breaker_variant", .array($0.map { .integer($0) }))] } ?? []))
    }

    public static func json(_ c: Calibration) -> String {
        func beta(_ b: BetaPrior) -> JSONValue {
            .object([("distribution", .string("beta")), ("a", .number(b.a)), ("b", .number(b.b)), ("mean", .number(b.mean)), ("sd", .number(b.sd))])
        }
        let cohorts: [(String, JSONValue)] = c.cohorts.map { e in
            var fields: [(String, JSONValue)] = [("loans", .integer(e.loans)), ("loans_with_counts", .integer(e.observedLoans)),
                                                 ("defaults", .integer(e.defaults)), ("pd", estimate(e.pd)), ("method", .string(e.method))]
            if let l = c.history.lossSummary(cohort: e.name) {
                fields.append(("losses", .object([
                    ("years", .integer(l.years)), ("exposure_wan", .number(l.exposureWan)), ("loss_wan", .number(l.lossWan)),
                    ("loss_rate", .number(l.lossRate)), ("loss_per_default_wan", .number(l.lossPerDefaultWan)),
                    ("implied_lgd", .number(l.impliedLGD)),
                    ("definition", .string("ratios of sums over the years with exposure_wan, loss_wan and a default count; implied LGD = loss per default ÷ exposure per loan")),
                ])))
            }
            return (e.name, .object(fields))
        }
        let ess = zip(c.cohorts.map(\.name) + (c.rhoFixed ? [] : ["rho"]), c.draws.effectiveSampleSize).map { ($0.0, JSONValue.number($0.1.rounded())) }
        let tree: JSONValue = .object([
            ("kind", .string("calibration")),
            ("version", .string(LoanSimVersion.string)),
            ("history", .object([("file", .string(c.history.file)), ("sha256", .string(c.history.sha256)),
                                 ("cumulative_bounds", .array(c.history.cumulative.map { r in
                                     .string("\(r.firstYear)-\(r.lastYear) \(r.cohort ?? "*"): \(r.lower)…\(r.upper.map(String.init) ?? "∞") defaults")
                                 }))])),
            ("years", .array([.integer(c.history.years.lowerBound), .integer(c.history.years.upperBound)])),
            ("method", .object([
                ("model", .string("one-factor Gaussian binomial mixture: yearly factor Z ~ N(0,1), independent across years; p(z) = Φ((Φ⁻¹(PD) − √ρ z)/√(1−ρ))")),
                ("quadrature", .string("adaptive Gauss–Hermite at each year's mode, \(c.nodes) nodes (doubling them changes the log-likelihood by \(String(format: "%.1e", c.nodeChange)))")),
                ("nodes", .integer(c.nodes)),
                ("intervals", .string("95% profile likelihood (drop of χ²₁(0.95)/2 = 1.9207); cohorts without defaults: [0, most prudent upper bound] (Pluto & Tasche)")),
                ("rho", .string(c.rhoFixed ? "fixed (not estimated)" : "estimated")),
                ("posterior", .string("\(c.draws.method); \(c.draws.rho.count) draws")),
                ("acceptance_rate", .number((c.draws.acceptanceRate * 1000).rounded() / 1000)),
                ("effective_sample_size", .object(ess)),
                ("seed", .integer(Int(c.seed))),
                ("generator", .string("gsl_rng_taus2")),
            ])),
            ("prior", .object([("source", .string(c.prior.source)), ("pd", beta(c.prior.pd)), ("rho", beta(c.prior.rho)),
                               ("cohorts", .object(c.prior.cohortPD.sorted { $0.key < $1.key }.map { ($0.key, beta($0.value)) }))])),
            ("cohorts", .object(cohorts)),
            ("rho", estimate(c.rho, extra: [("fixed", .bool(c.rhoFixed))])),
            ("loglik", .number(c.logLikelihood)),
            ("warnings", .array(c.warnings.map { .string($0) })),
            ("posterior_draws", drawsJSON(c.cohorts.map(\.name), c.draws)),
        ] + (c.recordConditioned.map { [("record_conditioned", recordConditionedJSON($0, calibration: c))] } ?? []))
        return tree.rendered() + "\n"
    }

    /// `calibrated.yaml`, read back before it is written: every name in its comments made safe for a
    /// comment, and the keys a scenario reads checked to load as written.
    public static func fragment(_ c: Calibration, jsonName: String = "calibration.json") throws -> String {
        let text = fragmentText(c, jsonName: jsonName)
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw OutputError(text: "calibrated.yaml would not load (\(error)); nothing written", exitCode: 1) }
        let block = c.recordConditioned == nil ? nil : "record_conditioned"
        guard let map = loaded as? [String: Any], map.count == (block == nil ? 3 : 4), map["posterior"] as? String == jsonName,
              map["posterior_block"] as? String == block,
              map["point"] as? String == "posterior_mean", map["parameter_uncertainty"] as? Bool == true else {
            throw OutputError(text: "calibrated.yaml does not read back as written (its keys came out as \(String(describing: loaded))); nothing written",
                              exitCode: 1)
        }
        return text
    }

    /// Text that stays inside one YAML comment line: a line break of any kind (YAML 1.1 and libyaml also
    /// break lines at NEL, U+2028 and U+2029) or another control character is written as `\u{…}`.
    static func commentSafe(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            let breaks = u.properties.generalCategory == .control || u.properties.generalCategory == .lineSeparator
                || u.properties.generalCategory == .paragraphSeparator || u.value == 0x85 || u.value == 0xFEFF
            out += breaks ? "\\u{\(String(u.value, radix: 16))}" : String(u)
        }
        return out
    }

    static func fragmentText(_ c: Calibration, jsonName: String) -> String {
        """
        # Written by loansim calibrate \(LoanSimVersion.string) from \(commentSafe(c.history.file)) (sha256 \(c.history.sha256.prefix(16))…),
        # prior \(commentSafe(c.prior.source)). Use it in a scenario as
        #   calibration: {include: calibrated.yaml}
        # Scenario cohorts take the PD and ρ of the calibrated cohort of the same name; to map others, add
        #   cohorts: {SCENARIO-COHORT: {from: CALIBRATED-COHORT, pd_scale: 1}}
        # Calibrated cohorts: \(commentSafe(c.cohorts.map(\.name).joined(separator: ", "))).
        posterior: \(jsonName)\(c.recordConditioned == nil ? "" : "\nposterior_block: record_conditioned   # the posterior conditioned on the whole record (counts: the counts only)")
        point: posterior_mean          # the plain run's PD and ρ: posterior_mean | posterior_median | mle
        parameter_uncertainty: true    # also run with (PD, ρ) drawn from the posterior, one draw per path

        """
    }

    /// The stdout table.
    public static func table(_ c: Calibration) -> String {
        func pct(_ x: Double) -> String { x.isFinite ? String(format: x < 0.001 ? "%.4f%%" : "%.2f%%", 100 * x) : "—" }
        func num(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : "—" }
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
        let y = c.history.years
        var out = "Calibration of \(c.history.file): \(c.cohorts.count) cohort(s), \(y.lowerBound)–\(y.upperBound) (\(y.count) years)\n"
        out += "one-factor binomial mixture, adaptive Gauss–Hermite with \(c.nodes) nodes; annual PD in % of loans exposed\n\n"
        let w = max(22, (c.cohorts.map { $0.name.count }.max() ?? 0) + 2)
        out += pad("cohort", w) + lpad("loan-years", 11) + lpad("defaults", 10) + lpad("MLE", 10) + "   " + pad("95% interval", 22) + "posterior mean [5%, 95%]\n"
        for e in c.cohorts {
            let defaults = e.observedLoans == 0 ? "n/a" : String(e.defaults)
            out += pad(e.name, w) + lpad(String(e.loans), 11) + lpad(defaults, 10) + lpad(pct(e.pd.mle), 10) + "   "
                + pad("[\(pct(e.pd.ci95[0])), \(pct(e.pd.ci95[1]))]", 22)
                + "\(pct(e.pd.posteriorMean)) [\(pct(e.pd.posteriorQ05)), \(pct(e.pd.posteriorQ95))]\n"
        }
        let r = c.rho
        out += pad("ρ (asset correlation)", w) + lpad("", 21) + lpad(num(r.mle), 10) + "   "
            + pad(c.rhoFixed ? "fixed" : "[\(num(r.ci95[0])), \(num(r.ci95[1]))]", 22)
            + (c.rhoFixed ? "fixed at \(num(r.mle))" : "\(num(r.posteriorMean)) [\(num(r.posteriorQ05)), \(num(r.posteriorQ95))]") + "\n\n"
        out += String(format: "log-likelihood %.4f; ", c.logLikelihood)
        out += "prior (\(c.prior.source)): PD ~ Beta(\(num(c.prior.pd.a)), \(num(c.prior.pd.b))), ρ ~ Beta(\(num(c.prior.rho.a)), \(num(c.prior.rho.b)))\n"
        out += "posterior: \(c.draws.rho.count) draws (\(c.draws.method)), effective sample size ≥ \(Int(c.draws.effectiveSampleSize.min() ?? 0))\n"
        let losses = c.cohorts.compactMap { e in c.history.lossSummary(cohort: e.name).map { (e.name, $0) } }
        if !losses.isEmpty {
            out += "\nlosses (years with exposure_wan and loss_wan): annual loss rate, loss per default (万元), implied LGD\n"
            for (name, l) in losses {
                out += pad("  " + name, w) + lpad(pct(l.lossRate), 11) + lpad(l.lossPerDefaultWan.isFinite ? String(format: "%.1f", l.lossPerDefaultWan) : "—", 12)
                    + lpad(pct(l.impliedLGD), 10) + "   (\(l.years) years)\n"
            }
        }
        for b in c.history.cumulative {
            out += "cumulative bound \(b.firstYear)–\(b.lastYear) (\(b.cohort ?? "all cohorts")): \(b.lower) ≤ defaults\(b.upper.map { " ≤ \($0)" } ?? "")\n"
        }
        if let r = c.recordConditioned { out += conditionedTable(c, r) }
        for warning in c.warnings { out += "warning: \(warning)\n" }
        return out
    }
}

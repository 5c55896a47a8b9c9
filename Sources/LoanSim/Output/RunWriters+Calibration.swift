import RiskModel

extension RunWriters {
    /// `parameter_uncertainty` (the calibration, and the run at its point estimate beside this one) and
    /// `predictive_check` (the record's observations against the simulation), when the scenario has them.
    static func calibrationJSON(_ s: RunSummary, stats: (SampleSummary, String) -> JSONValue) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        if let c = s.calibration {
            var section: [(String, JSONValue)] = [
                ("calibration", .string(c.file)), ("calibration_sha256", .string(c.sha256)), ("point", .string(c.point.rawValue)),
                ("draws", .integer(c.drawCount)), ("parameters_drawn_per_path", .bool(c.parameterUncertainty)),
                ("point_rho", .number(c.pointRho)),
                ("cohorts", .object(c.cohorts.enumerated().map { k, m in
                    (s.info.cohortNames[m.cohort], .object([("from", .string(m.from)), ("pd_scale", .number(m.pdScale)), ("point_pd", .number(c.pointPD[k]))]))
                })),
                ("metrics_are", .string(c.parameterUncertainty ? "including parameter uncertainty (one posterior draw per path)" : "at the point estimate")),
            ]
            if let p = s.atPointEstimate?.summary {
                section.append(("point_estimate", .object([
                    ("metrics", .object(p.metrics.map { ($0.definition.key, stats($0.summary, $0.definition.unit)) })),
                    ("depletion", .object([("probability", .number(p.depletion.p)), ("se", .number(p.depletion.se)),
                                           ("by_year", .array(p.depletionByYear.map { .number($0.p) })),
                                           ("by_year_se", .array(p.depletionByYear.map { .number($0.se) }))])),
                    ("p_suspended_by_year_any_bank", .array(p.anySuspensionByYear.map { .number($0.p) })),
                ])))
            }
            out.append(("parameter_uncertainty", .object(section)))
        }
        if !s.recordChecks.isEmpty {
            out.append(("predictive_check", .array(s.recordChecks.map { r in
                .object([("name", .string(r.check.name)), ("name_zh", .string(r.check.nameZh.isEmpty ? r.check.name : r.check.nameZh)), ("metric", .string(r.check.metric.rawValue)), ("unit", .string(r.check.metric.unit)),
                         ("month", .integer(r.check.month)), ("observed", .string(r.check.observed)), ("source", .string(r.check.source)),
                         ("mean", .number(r.mean)), ("interval90", .array([.number(r.q05), .number(r.q95)])),
                         ("p_agree", .number(r.agreeing.p)), ("p_agree_se", .number(r.agreeing.se)),
                         ("percentile", r.percentile.map(JSONValue.number) ?? .null), ("inside", .bool(r.inside))])
            })))
        }
        return out
    }
}

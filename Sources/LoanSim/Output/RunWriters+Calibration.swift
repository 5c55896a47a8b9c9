import LoanSimFiles
import RiskModel

extension RunWriters {
    /// `parameter_uncertainty`: the calibration, and the run at its point estimate beside this one.
    static func parameterUncertainty(_ s: RunSummary) -> SummaryFile.ParameterUncertainty? {
        guard let c = s.calibration else { return nil }
        let point = s.atPointEstimate.map { run in
            let p = run.summary
            return SummaryFile.PointEstimate(metrics: metrics(p.metrics), depletion: depletion(p.depletion, byYear: p.depletionByYear, withSE: true),
                                             pSuspendedByYearAnyBank: p.anySuspensionByYear.map(\.p))
        }
        let cohorts = c.cohorts.enumerated().map { k, m in
            (s.info.cohortNames[m.cohort], SummaryFile.CohortLink(from: m.from, pdScale: m.pdScale, pointPd: c.pointPD[k]))
        }
        var file = SummaryFile.ParameterUncertainty(
            calibration: c.file, calibrationSha256: c.sha256, point: c.point.rawValue, draws: c.drawCount,
            parametersDrawnPerPath: c.parameterUncertainty, pointRho: c.pointRho,
            cohorts: Dictionary(cohorts, uniquingKeysWith: { a, _ in a }),
            metricsAre: c.parameterUncertainty ? "including parameter uncertainty (one posterior draw per path)" : "at the point estimate",
            pointEstimate: point)
        if let drawn = c.variantDraws, c.parameterUncertainty {
            file.breakerReadings = c.variants.enumerated().map { v, reading in
                SummaryFile.BreakerReading(name: reading.name, nameZh: reading.nameZh,
                                           settings: Dictionary(reading.settings.map { ($0.keyPath, $0.value) }, uniquingKeysWith: { a, _ in a }),
                                           shareOfDraws: Double(drawn.filter { $0 == v }.count) / Double(max(1, drawn.count)))
            }
        }
        return file
    }

    /// `predictive_check`: the record's observations against the simulation, when the scenario has them.
    static func predictiveCheck(_ s: RunSummary) -> [SummaryFile.PredictiveCheck]? {
        guard !s.recordChecks.isEmpty else { return nil }
        return s.recordChecks.map { r in
            SummaryFile.PredictiveCheck(name: r.check.name, nameZh: r.check.nameZh.isEmpty ? r.check.name : r.check.nameZh, metric: r.check.metric.rawValue,
                                        unit: r.check.metric.unit, month: r.check.month, observed: r.check.observed, source: r.check.source,
                                        mean: r.mean, interval90: [r.q05, r.q95], pAgree: r.agreeing.p, pAgreeSe: r.agreeing.se,
                                        percentile: r.percentile, inside: r.inside)
        }
    }
}

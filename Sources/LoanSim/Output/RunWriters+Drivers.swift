import LoanSimFiles

extension RunWriters {
    /// `summary.json` `drivers`: the three kinds of uncertainty of the headline answer.
    static func drivers(_ d: DriversAnswer, _ s: RunSummary) -> SummaryFile.Drivers {
        func estimate(_ p: DriversAnswer.Paired, paired: Bool = true) -> SummaryFile.Estimate {
            SummaryFile.Estimate(estimate: p.estimate, se: p.se, change: paired ? p.change : nil, changeSe: paired ? p.changeSe : nil)
        }
        let year = s.budgetYears.lastMonth.firstIndex { $0 >= d.byMonth } ?? s.budgetYears.count - 1
        let names = s.info.cohortNames
        let mapped = s.calibration?.cohorts ?? []
        func finite(_ xs: [Double]) -> [Double?] { xs.map { $0.isFinite ? $0 : nil } }
        var file = SummaryFile.Drivers(
            metric: d.metric, byLabel: s.yearName(year), year: year, monteCarlo: estimate(d.monteCarlo, paired: false), paths: d.paths,
            base: estimate(d.base, paired: false),
            parameterQuantiles: d.quantiles.map { q in
                SummaryFile.ParameterQuantile(quantile: q.quantile,
                                              pd: Dictionary(zip(mapped.map { names[$0.cohort] }, q.pd), uniquingKeysWith: { a, _ in a }),
                                              headline: estimate(q.headline), byYear: q.byYear, byYearSe: q.byYearSe.map { $0.isFinite ? $0 : nil })
            },
            assumptions: d.inputs.map { i in
                SummaryFile.Assumption(key: i.range.keyPath, value: i.range.value, low: i.range.low, high: i.range.high, line: i.range.line,
                                       atLow: estimate(i.low), atHigh: estimate(i.high))
            },
            definition: "monte_carlo: the run's estimate of the headline (metric) and its standard error; parameter_quantiles: the run with every "
                + "path at the posterior draw of the given PD quantile (change against base, paired); assumptions: each input the scenario "
                + "tags `[assumption] range: LOW..HIGH`, set to each end, all else as given (change against base, paired); all but "
                + "monte_carlo on `paths` paths of the run's seed; posteriors: the scenario draws from the posterior conditioned on the whole "
                + "record, and beside it the same paths draw from the counts' posterior alone (count_only_headline: change paired against base)")
        file.posteriors = d.posteriors.map { p in
            var out = SummaryFile.Posteriors(wholeRecordByYear: p.wholeRecord, wholeRecordByYearSe: finite(p.wholeRecordSe), countOnlyByYear: p.countOnly,
                                             countOnlyByYearSe: finite(p.countOnlySe), countOnlyHeadline: estimate(p.headline),
                                             checks: p.checks.map { .init(name: $0.name, nameZh: $0.nameZh, pAgreeWholeRecord: $0.wholeRecord, pAgreeCountOnly: $0.countOnly) })
            out.pd = p.pd.map { .init(cohort: $0.cohort, wholeRecord: $0.wholeRecord, countOnly: $0.countOnly) }
            return out
        }
        return file
    }
}

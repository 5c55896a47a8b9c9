import Foundation
import LoanSimFiles
import RiskModel

/// The files a run writes: `summary.json`, `paths.csv`, `timeseries.csv`.
public enum RunWriters {
    /// summary.json's text. A value the schema cannot hold is an error naming it, never a plausible file.
    public static func summaryJSON(_ s: RunSummary) throws -> String {
        try OutputCoding.encode(summaryFile(s))
    }

    /// A metric's statistics as summary.json states them.
    static func stats(_ m: SampleSummary, unit: String) -> SummaryFile.Stats {
        SummaryFile.Stats(unit: unit, mean: m.mean, se: m.se, sd: m.sd, q01: m.q01, q05: m.q05, q50: m.q50, q90: m.q90, q95: m.q95,
                          q99: m.q99, q999: m.q999, es99: m.es99, min: m.min, max: m.max)
    }

    static func metrics(_ list: [(definition: MetricDefinition, summary: SampleSummary)]) -> [String: SummaryFile.Stats] {
        Dictionary(list.map { ($0.definition.key, stats($0.summary, unit: $0.definition.unit)) }, uniquingKeysWith: { a, _ in a })
    }

    static func depletion(_ p: Proportion, byYear: [Proportion], withSE: Bool) -> SummaryFile.Depletion {
        SummaryFile.Depletion(probability: p.p, se: p.se, byYear: byYear.map(\.p), byYearSe: withSE ? byYear.map(\.se) : nil)
    }

    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    /// A ratio of means as summary.json carries it (nil when it is not defined or not finite).
    static func ratio(_ r: RatioOfMeans?, _ unit: String, _ definition: String) -> SummaryFile.Ratio? {
        guard let r, r.ratio.isFinite else { return nil }
        return SummaryFile.Ratio(unit: unit, value: r.ratio, se: finite(r.se), definition: definition)
    }

    /// summary.json's content (docs/model.md §5 names every field).
    public static func summaryFile(_ s: RunSummary) -> SummaryFile {
        let info = s.info
        let pools = s.pools.enumerated().map { k, p in
            (p.name, SummaryFile.Pool(paid: stats(p.paid, unit: "万元"), unpaid: stats(p.unpaid, unit: "万元"), balanceEnd: stats(p.balanceEnd, unit: "万元"),
                                      denied: stats(p.denied, unit: "万元"), clawback: stats(p.clawback, unit: "万元"),
                                      depletion: depletion(p.depletion, byYear: p.depletionByYear, withSE: false),
                                      funders: p.funders.map { f in
                                          SummaryFile.Funder(name: f.name, share: f.share, capitalWan: f.capital, cost: stats(f.cost, unit: "万元"))
                                      },
                                      costByYear: s.poolCostByYear.isEmpty ? nil : s.poolCostByYear[k].map { SummaryFile.Flow(mean: $0.mean, se: $0.se.isFinite ? $0.se : nil, q95: $0.q95) }))
        }
        // A standard error that is not finite (a weighted run of one path) is left out, as the schema allows.
        func flow(_ f: SampleSummary, se: Bool = true) -> SummaryFile.Flow {
            SummaryFile.Flow(mean: f.mean, se: se && f.se.isFinite ? f.se : nil, q95: f.q95)
        }
        let years = s.budgetByYear.enumerated().map { y, flows in
            SummaryFile.BudgetYear(year: y + 1, payouts: flow(flows[BudgetFlow.payouts.rawValue]), topUps: flow(flows[BudgetFlow.topUps.rawValue]),
                                   interest: flow(flows[BudgetFlow.interest.rawValue]), adminFees: flow(flows[BudgetFlow.adminFees.rawValue]),
                                   clawback: flow(flows[BudgetFlow.clawback.rawValue]), subsidies: flow(flows[BudgetFlow.subsidies.rawValue]),
                                   fiscalCost: flow(flows[BudgetFlow.fiscalCost.rawValue]))
        }
        let e = s.economics
        var file = SummaryFile(
            scenario: .init(name: info.scenarioName, file: info.scenarioFile, sha256: info.scenarioSHA256),
            seed: info.seed, paths: info.paths, generator: info.generator, version: info.version, horizonMonths: info.horizonMonths,
            step: info.step, sampling: info.sampling, blockSize: Simulation.blockSize, moneyUnit: "万元",
            metrics: metrics(s.metrics),
            depletion: depletion(s.depletion, byYear: s.depletionByYear, withSE: true),
            pools: Dictionary(pools, uniquingKeysWith: { a, _ in a }),
            budgetByYear: .init(unit: "万元",
                                definition: "fiscal_cost = payouts + admin_fees - clawback + subsidies; top_ups and interest are money into the pools",
                                years: years,
                                funders: s.fundersByYear.map { fy in
                                    SummaryFile.FunderYears(pool: fy.pool, funder: fy.funder, share: fy.share, costByYear: fy.cost.map { flow($0, se: false) })
                                }),
            parties: ["pool": "pool_paid (net of clawback: pool_paid - clawback_pools)",
                      "guarantor": "guarantor_loss (less its share of clawback_other_parties)",
                      "insurer": "insurer_loss", "appraiser": "appraiser_loss", "bank": "bank_net_loss"],
            breakers: .init(pSuspendedByYearAnyBank: s.anySuspensionByYear.map(\.p),
                            pSuspendedByYear: Dictionary(s.suspensionByYear.map { ($0.bank, $0.byYear.map(\.p)) }, uniquingKeysWith: { a, _ in a })),
            economics: .init(pLinkageBeatsLending: e.linkageBeatsLending?.p, pLinkageBeatsLendingSe: e.linkageBeatsLending?.se,
                             linkageCoverOfCreditLosses: ratio(e.linkageCoverOfLosses, "ratio", "mean(linkage_net) / mean(bank_net_loss)"),
                             lendingPerPoolCapital: ratio(e.lendingPerCapital, "ratio",
                                                          "(initial book at mean sizes + mean(lending_volume)) / (initial pool capital + mean(top_ups))"),
                             lendingPerFiscalCost: ratio(e.lendingPerFiscalCost, "ratio", "(initial book at mean sizes + mean(lending_volume)) / mean(fiscal_cost)"),
                             fiscalCostPerLoan: ratio(e.fiscalCostPerLoan, "万元/loan", "mean(fiscal_cost) / mean(firms_financed)"),
                             fiscalCostPerFirm: ratio(e.fiscalCostPerFirm, "万元/firm", "mean(fiscal_cost) / mean(distinct_firms_financed)"),
                             bankNetIncomeByBank: Dictionary(e.netIncomeByBank.map { ($0.bank, SummaryFile.MeanSE(unit: "万元", mean: $0.mean, se: $0.se)) },
                                                             uniquingKeysWith: { a, _ in a }),
                             bankNetLossByBank: Dictionary(e.netLossByBank.map { ($0.bank, stats($0.netLoss, unit: "万元")) }, uniquingKeysWith: { a, _ in a }),
                             compensationByBank: Dictionary(e.netLossByBank.map { ($0.bank, stats($0.compensation, unit: "万元")) },
                                                            uniquingKeysWith: { a, _ in a })),
            reach: .init(definition: "distinct firms with a programme loan in the horizon (the initial book's and first-time borrowers) "
                                + "÷ all firms of the type; the access target counts loan access from any source",
                         byType: s.reach.byType.map { r in
                             SummaryFile.TypeReach(type: r.type.rawValue, firms: r.firms, distinctFinanced: stats(r.distinct, unit: "firms"),
                                                   share: stats(r.share, unit: "probability"), accessTarget: r.target, pMeetsTarget: r.meetsTarget?.p)
                         },
                         fiscalCostPerNewFirm: ratio(s.reach.fiscalCostPerNewFirm, "万元/firm", "mean(fiscal_cost) / mean(new_firms_financed)")),
            definitions: ["es99": "mean of the worst ceil(1% of paths) values",
                          "quantiles": "type 7 (linear interpolation between order statistics)",
                          "se": "standard error of the mean, sd/sqrt(paths)",
                          "depleted": "a filed claim is left unpaid at the end of a step"],
            parameterUncertainty: parameterUncertainty(s),
            predictiveCheck: predictiveCheck(s),
            bySector: s.bySector.isEmpty ? nil : s.bySector.map { row in
                SummaryFile.Sector(sector: row.sector, defaults: stats(row.figures[SectorFigure.defaults.rawValue], unit: "loans"),
                                   grossLoss: stats(row.figures[SectorFigure.grossLoss.rawValue], unit: "万元"),
                                   poolClaims: stats(row.figures[SectorFigure.poolClaims.rawValue], unit: "万元"))
            },
            importance: importance(s), funds: funds(s, flow: { flow($0) }), cityCombined: s.cityCombined.isEmpty ? nil : s.cityCombined.map { y in
                SummaryFile.CityYear(year: y.year, fiscalCost: flow(y.fiscalCost), funds: flow(y.funds), combined: flow(y.combined),
                                     holdingsAtCost: y.holdingsAtCost.map { flow($0) })
            })
        // Each year's calendar year and months, when the scenario states its start.
        file.calendarYears = s.budgetYears.start == nil ? nil : (0..<s.budgetYears.count).compactMap(s.calendarYear)
        file.target = s.target.map { target($0, s) }
        file.drivers = s.drivers.map { drivers($0, s) }
        file.contributions = contributions(s)
        file.poolOrder = poolOrder(s)
        file.backstop = s.backstop.map {
            SummaryFile.Backstop(definition: "the live book at the start: eligible cohorts' initial borrowers at their mean loan size; backstopped: those some pool compensates at their bank",
                                 liveBookWan: $0.liveBook, backstoppedWan: $0.backstopped, loans: $0.loans, backstoppedLoans: $0.backstoppedLoans)
        }
        return file
    }

    static func funds(_ s: RunSummary, flow: (SampleSummary) -> SummaryFile.Flow) -> [SummaryFile.Fund]? {
        guard !s.funds.isEmpty else { return nil }
        return s.funds.map { f in
            SummaryFile.Fund(
                name: f.name, committedWan: f.committed, cityShare: f.cityShare,
                figures: Dictionary(f.figures.map { ($0.key, stats($0.summary, unit: $0.unit)) }, uniquingKeysWith: { a, _ in a }),
                irr: f.irr.map { stats($0, unit: "per year") }, irrDefinedShare: f.irrDefined,
                pBelowCost: f.belowCost.p, pBelowCostSe: f.belowCost.se,
                pPoolDryAndBelowCost: f.poolDryAndBelowCost.p, pPoolDryAndBelowCostSe: f.poolDryAndBelowCost.se,
                cityNetByYear: f.cityNetByYear.map(flow),
                definition: "paid_in = tickets + follow-ons + fees; nav = cost of firms still held at the horizon; tvpi = (distributions + nav) / paid_in; "
                    + "dpi = distributions / paid_in; irr from the fund's cash flows with nav as a final inflow; "
                    + "city_result = city_share × (paid_in − distributions − nav), a loss when positive; irr_quartiles = [P25, P50, P75] over the paths where it is defined",
                irrQuartiles: f.irrQuartiles)
        }
    }

    static func target(_ t: TargetAnswer, _ s: RunSummary) -> SummaryFile.Target {
        let spec = t.spec
        func eval(_ e: Plan.Evaluation) -> SearchEvaluation { SearchEvaluation(value: e.value, estimate: e.estimate, se: e.se, meets: e.estimate <= spec.pDepleted) }
        return SummaryFile.Target(
            spec: spec, byLabel: s.budgetYears.start == nil ? "year \(spec.by)" : "\(spec.by)",
            topUpCalendarMonth: s.budgetYears.start.map { $0.adding(months: spec.topUpMonth - 1).description }, metric: t.metric,
            withoutTopUp: eval(t.withoutTopUp), topUp: t.topUp, topUpSe: t.topUp == nil || !t.se.isFinite ? nil : t.se, evaluations: t.evaluations.map(eval),
            check: t.check.map(eval), checkSeed: t.checkSeed,
            definition: "the smallest single top-up (万元) paid into the pool at the start of top_up_month with P(a filed claim is left unpaid "
                + "by the end of by_month) <= p_depleted, found by bisection on the run's own paths (common random numbers); its se by "
                + "the delta method; check: the answer on fresh paths (check_seed)")
    }

    static func importance(_ s: RunSummary) -> SummaryFile.Importance? {
        guard let r = s.importance, let t = s.importanceTarget else { return nil }
        return SummaryFile.Importance(
            method: "mean shift of the macro factor's innovations with likelihood-ratio weights (Glasserman & Li), "
                + "in a defensive mixture: plain_share of the paths drawn from the plain law (Hesterberg)",
            shift: r.theta, parameterTilt: r.drawTilt, direction: r.direction, target: t.target.description, estimate: t.estimate, se: t.se,
            tailProbability: t.tailProbability, varianceReductionFactor: t.varianceReduction, effectiveSampleSize: r.effectiveSize,
            meanWeight: r.meanWeight, pilotPaths: t.pilotPaths,
            statistics: "every mean, se, quantile, ES and probability is weighted, with the weight as a control variate: path i carries "
                + "the mass w_i/n − c (w_i − mean w) w_i, c = (mean w − 1)/Σ(w_j − mean w)²; quantiles from the tail by these masses; "
                + "ES = q + Σ m⁺ (x − q)⁺/(1 − α)",
            plainShare: r.plainShare)
    }

    static func header(_ info: RunInfo) -> String {
        "# loansim \(info.version); scenario \(info.scenarioName); sha256 \(info.scenarioSHA256); seed \(info.seed); generator \(info.generator); paths \(info.paths); money in 万元\n"
    }

    public static func pathsCSV(_ info: RunInfo, _ outcomes: [PathOutcome], stepMonths: Int) -> String {
        var out = pathsCSVHeader(info)
        out.reserveCapacity(outcomes.count * MetricDefinition.all.count * 12)
        appendPathRows(&out, outcomes, first: 0, pools: info.poolNames.count, funds: info.fundNames.count, stepMonths: stepMonths,
                       weighted: info.weighted)
        return out
    }

    /// paths.csv's header lines; with more than one pool, each pool's paid, unpaid and balance columns.
    static func pathsCSVHeader(_ info: RunInfo) -> String {
        var out = header(info)
        out += PathsColumn.path.rawValue + "," + MetricDefinition.all.map(\.figure.pathsColumn).joined(separator: ",") + ","
            + PathsColumn.depletionMonth.rawValue
        if info.poolNames.count > 1 {
            for name in info.poolNames { out += ",pool[\(name)]_paid_wan,pool[\(name)]_unpaid_wan,pool[\(name)]_balance_end_wan" }
        }
        for name in info.fundNames {
            out += ",fund[\(name)]_paid_in_wan,fund[\(name)]_distributions_wan,fund[\(name)]_nav_wan,fund[\(name)]_tvpi,fund[\(name)]_irr"
        }
        if info.weighted { out += "," + PathsColumn.weight.rawValue }
        return out + "\n"
    }

    /// paths.csv's rows for `outcomes`, numbered from `first`.
    static func appendPathRows(_ out: inout String, _ outcomes: [PathOutcome], first: Int, pools: Int, funds: Int, stepMonths: Int,
                               weighted: Bool) {
        let defs = MetricDefinition.all
        outcomes.withUnsafeBufferPointer { buf in
            for i in buf.indices {
                let o = buf.baseAddress! + i   // read in place: no copy of the outcome per metric
                out += String(first + i)
                for d in defs {
                    out += ","
                    out += JSONValue.format(d.read(o))
                }
                out += ","
                if o.pointee.depletionStep >= 0 { out += String((o.pointee.depletionStep + 1) * stepMonths) }
                if pools > 1 {
                    for p in o.pointee.pools {
                        out += "," + JSONValue.format(p.paid) + "," + JSONValue.format(p.unpaid) + "," + JSONValue.format(p.balanceEnd)
                    }
                }
                for f in o.pointee.funds.prefix(funds) {
                    out += "," + JSONValue.format(f.paidIn) + "," + JSONValue.format(f.distributions) + "," + JSONValue.format(f.nav)
                    out += "," + JSONValue.format(f.tvpi) + "," + (f.irr.isFinite ? JSONValue.format(f.irr) : "")
                }
                if weighted { out += "," + JSONValue.format(o.pointee.weight) }
                out += "\n"
            }
        }
    }

    public static func timeseriesCSV(_ s: RunSummary) -> String {
        var out = header(s.info)
        let start = s.budgetYears.start
        var cols: [TimeseriesColumn] = [.step, .month] + (start == nil ? [] : [.calendarMonth])
        for name in SeriesStore.names {
            cols += [.mean(series: name)] + TimeseriesColumn.fanPercents.map { .quantile(series: name, percent: $0) }
        }
        cols.append(.pDepletedByStep)
        out += cols.map(\.name).joined(separator: ",") + "\n"
        for t in 0..<s.depletionByStep.count {
            var row = [String(t + 1), String((t + 1) * s.stepMonths)]
            if let start { row.append(start.adding(months: (t + 1) * s.stepMonths - 1).description) }
            for series in s.fan {
                let f = series[t]
                row.append(JSONValue.format(f.mean))
                row += f.quantiles.map(JSONValue.format)
            }
            row.append(JSONValue.format(s.depletionByStep[t]))
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes the run's files into `directory` atomically (`scenario.json`, the resolved inputs, too):
    /// each goes to a temporary file first, and only when all are written are they renamed into place.
    public static func write(_ s: RunSummary, outcomes: [PathOutcome], scenario: Scenario, to directory: String) throws {
        try write(s, pathsCSV: pathsCSV(s.info, outcomes, stepMonths: s.stepMonths), scenario: scenario, to: directory)
    }

    /// The same, with paths.csv already formatted (`pathsCSV`).
    public static func write(_ s: RunSummary, pathsCSV: String, scenario: Scenario, to directory: String) throws {
        try AtomicFiles.write([
            ("scenario.json", ScenarioJSON.render(scenario)),
            ("summary.json", summaryJSON(s)),
            ("paths.csv", pathsCSV),
            ("timeseries.csv", timeseriesCSV(s)),
        ], into: directory)
    }

    /// The same files for a spilled run, whose paths.csv was written as its blocks arrived (`PathsCSVStream`).
    public static func write(_ s: RunSummary, pathsCSV: PathsCSVStream, scenario: Scenario, to directory: String) throws {
        try AtomicFiles.write([
            ("scenario.json", .data(Data(ScenarioJSON.render(scenario).utf8))),
            ("summary.json", .data(Data(summaryJSON(s).utf8))),
            ("paths.csv", .prepared(path: pathsCSV.temporaryPath)),
            ("timeseries.csv", .data(Data(timeseriesCSV(s).utf8))),
        ], into: directory)
    }
}

/// An output target LoanSim refuses to write to.
/// Exit status: 73 (cannot create the output, sysexits' EX_CANTCREAT), 74 (EX_IOERR) for another
/// file system failure, or 75 (EX_TEMPFAIL) when another process holds the folder's lock.
public struct OutputError: Error, CustomStringConvertible {
    public let text: String
    public var exitCode: Int32 = 73
    public var description: String { text }
    public init(text: String, exitCode: Int32 = 73) { (self.text, self.exitCode) = (text, exitCode) }
}

import Foundation
import LoanSimFiles
import RiskModel

/// The version written into every output. Same scenario + seed + version = same numbers. 0.3.1 changed
/// only importance-sampled runs (a defensive mixture, the weight as a control variate): plain runs give
/// 0.3.0's bytes but for this field. 0.4.0 adds the circuit breaker's options (scope, measure, check,
/// min_loans); a scenario without them gives 0.3.1's bytes but for this field (scripts/same-bytes.sh).
/// 0.5.0: every programme rule echoes its own specification in scenario.json (a fund's now in the
/// scenario's own layout: `ticket`, `follow_on`, `exit_multiple`, `grant_to_equity`, `investments`);
/// summary.json, paths.csv, timeseries.csv and stdout give 0.4.0's bytes on every shipped scenario.
/// 0.5.1: a breaker may read and suspend some cohorts only (`breaker.cohorts`) and a pool may carry its
/// own per-bank-year cap; the city's book now keeps 郑科贷's breaker and 科技贷's cap. Every other shipped
/// scenario gives 0.5.0's bytes but for this field.
public enum LoanSimVersion {
    public static let string = "0.5.1"
}

/// What identifies a run in every output.
public struct RunInfo: Sendable {
    public var scenarioName: String
    public var scenarioFile: String
    public var scenarioSHA256: String
    public var seed: UInt32
    public var paths: Int
    public var generator: String
    public var version: String = LoanSimVersion.string
    public var horizonMonths: Int
    public var step: String
    public var sampling: String
    public var poolNames: [String]
    public var cohortNames: [String]
    /// The city's funds (paths.csv gets each one's paid-in, distributions, NAV, TVPI and IRR).
    public var fundNames: [String]
    /// Importance-sampled: paths.csv gets each path's weight.
    public var weighted = false

    public init(loaded: LoadedScenario, paths: Int, seed: UInt32) {
        scenarioName = loaded.scenario.name
        scenarioFile = loaded.file
        scenarioSHA256 = loaded.sha256
        self.seed = seed
        self.paths = paths
        generator = loaded.generatorName
        horizonMonths = loaded.scenario.horizonMonths
        step = loaded.scenario.step.rawValue
        sampling = loaded.scenario.sampling.rawValue
        fundNames = loaded.scenario.funds.map(\.name)
        poolNames = loaded.scenario.pools.map(\.name)
        cohortNames = loaded.scenario.cohorts.map(\.name)
    }

    /// This identity for a run of `model`: weighted when the model is importance-sampled.
    public func weighting(_ model: CompiledScenario) -> RunInfo {
        var info = self
        info.weighted = model.importance != nil
        return info
    }
}

/// One metric of `summary.json`: its figure (key, unit, labels: `Figure`, declared once) and how to
/// read it off a path.
public struct MetricDefinition: Sendable {
    public let figure: Figure
    public var key: String { figure.key }
    public var label: String { figure.label(chinese: false) }
    public var labelZh: String { figure.label(chinese: true) }
    public var unit: String { figure.unit }
    /// Reads the metric off a path's outcome in place: the summary's loops over every path and metric
    /// pass a pointer, since passing an outcome by value copies it (and retains each of its arrays).
    public let read: @Sendable (UnsafePointer<PathOutcome>) -> Double

    /// The metric of one outcome.
    public var value: @Sendable (PathOutcome) -> Double {
        let read = self.read
        return { o in withUnsafePointer(to: o) { read($0) } }
    }

    public init(_ figure: Figure, read: @escaping @Sendable (UnsafePointer<PathOutcome>) -> Double) {
        (self.figure, self.read) = (figure, read)
    }

    /// The metrics of `summary.json`, in output order. The first six are the headline ones.
    public static let all: [MetricDefinition] = [
        .init(.grossLoss) { $0.pointee.grossLoss },
        .init(.poolPaid) { $0.pointee.poolPaid },
        .init(.bankNetLoss) { $0.pointee.bankNetLoss },
        .init(.unpaidClaims) { $0.pointee.unpaidClaims },
        .init(.poolBalanceEnd) { $0.pointee.poolBalanceEnd },
        .init(.defaults) { $0.pointee.defaults },
        .init(.exposureAtDefault) { $0.pointee.exposureAtDefault },
        .init(.recoveries) { $0.pointee.recoveries },
        .init(.claimsFiled) { $0.pointee.claimsFiled },
        .init(.claimsAfterHorizon) { $0.pointee.claimsAfterHorizon },
        .init(.bankRetained) { $0.pointee.bankRetained },
        .init(.topUps) { $0.pointee.topUps },
        .init(.interest) { $0.pointee.interest },
        .init(.adminFees) { $0.pointee.adminFees },
        .init(.loansOriginated) { $0.pointee.loansOriginated },
        .init(.lendingVolume) { $0.pointee.lendingVolume },
        .init(.breakerTrips) { $0.pointee.breakerTrips },
        .init(.guarantorLoss) { $0.pointee.guarantorLoss },
        .init(.insurerLoss) { $0.pointee.insurerLoss },
        .init(.appraiserLoss) { $0.pointee.appraiserLoss },
        .init(.claimsDenied) { $0.pointee.claimsDenied },
        .init(.ipRecoveries) { $0.pointee.ipRecoveries },
        .init(.clawbackPools) { $0.pointee.clawbackPools },
        .init(.clawbackOtherParties) {
            $0.pointee.clawbackGuarantor + $0.pointee.clawbackInsurer + $0.pointee.clawbackAppraiser
        },
        .init(.guaranteeFees) { $0.pointee.guaranteeFees },
        .init(.insurancePremiums) { $0.pointee.insurancePremiums },
        .init(.appraisalFees) { $0.pointee.appraisalFees },
        .init(.appraisalSubsidies) { $0.pointee.appraisalSubsidies },
        .init(.interestIncome) { $0.pointee.interestIncome },
        .init(.fundingCost) { $0.pointee.fundingCost },
        .init(.operatingCost) { $0.pointee.operatingCost },
        .init(.feeIncome) { $0.pointee.feeIncome },
        .init(.bankNetIncome) { $0.pointee.bankNetIncome },
        .init(.bankNetIncomeWithoutCompensation) {
            $0.pointee.bankNetIncomeWithout
        },
        .init(.raroc) { $0.pointee.raroc },
        .init(.rarocWithoutCompensation) { $0.pointee.rarocWithout },
        .init(.capitalYears) { $0.pointee.capitalYears },
        .init(.linkageInvested) { $0.pointee.linkageInvested },
        .init(.linkageProceeds) { $0.pointee.linkageProceeds },
        .init(.linkageNet) { $0.pointee.linkageNet },
        .init(.combinedNetIncome) {
            $0.pointee.bankNetIncome + $0.pointee.linkageNet
        },
        .init(.exits) { $0.pointee.exits },
        .init(.interestSubsidies) { $0.pointee.interestSubsidies },
        .init(.guaranteeFeeSubsidies) { $0.pointee.guaranteeFeeSubsidies },
        .init(.insuranceSubsidies) { $0.pointee.insuranceSubsidies },
        .init(.fiscalCost) { $0.pointee.fiscalCost },
        .init(.fiscalCostPV) { $0.pointee.fiscalCostPV },
        .init(.firmsFinanced) { $0.pointee.firmsFinanced },
        .init(.newFirmsFinanced) { $0.pointee.newFirmsFinanced },
        .init(.renewals) { $0.pointee.renewals },
        .init(.returningBorrowers) { $0.pointee.returningBorrowers },
        .init(.distinctFirmsFinanced) { o in
            FirmType.allCases.reduce(0) { $0 + o.pointee.distinctFirms[$1] }
        },
    ]
    public static let headlineCount = Figure.headline.count

    /// The definition of `figure` (every figure has one: `all` lists `Figure.allCases` in order).
    public static func of(_ figure: Figure) -> MetricDefinition { all[byFigure[figure]!] }
    private static let byFigure = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.figure, $0) })
}

/// A buffer written at distinct indices by concurrent iterations.
struct SendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}

struct UncheckedSendable<V>: @unchecked Sendable { let value: V }

/// `transform` of `0..<count` on at most four threads, each result stored at its index: the same
/// array whatever the core count. At most four columns (and their sorted copies) are in memory at once.
func concurrentMap<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(transform) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    let slots = SendableBuffer(results)
    let width = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount), count)
    // The summaries only read the table and the weights, which no one writes meanwhile.
    withoutActuallyEscaping(transform) { transform in
        let work = UncheckedSendable(value: transform)
        DispatchQueue.concurrentPerform(iterations: width) { k in
            for i in stride(from: k, to: count, by: width) { slots.buffer[i] = work.value(i) }
        }
    }
    return results.map { $0! }
}

/// Probability estimate with its binomial standard error.
public struct Proportion: Sendable, Equatable {
    public let p: Double
    public let se: Double
    init(hits: Int, of n: Int) {
        p = Double(hits) / Double(n)
        se = (p * (1 - p) / Double(n)).squareRoot()
    }

    init(p: Double, se: Double) {
        (self.p, self.se) = (p, se)
    }
}

/// Everything reported across paths.
public struct RunSummary: Sendable {
    public static let fanLevels = [0.05, 0.25, 0.5, 0.75, 0.95]

    public let info: RunInfo
    public let metrics: [(definition: MetricDefinition, summary: SampleSummary)]
    /// P(depleted by the horizon).
    public let depletion: Proportion
    /// P(depleted by the end of year k), k = 1…years.
    public let depletionByYear: [Proportion]
    /// Per series, per step: the fan quantiles (5/25/50/75/95) and the mean.
    public let fan: [[(quantiles: [Double], mean: Double)]]
    /// P(depleted by the end of step t).
    public let depletionByStep: [Double]
    public let stepMonths: Int
    /// The years of the figures by year (programme or calendar).
    public let budgetYears: BudgetYears
    /// Per pool: name, paid / unpaid / balance-end / denied / clawback statistics and depletion by year.
    public let pools: [PoolSummary]
    /// The budget by programme year: `[year][BudgetFlow]`, each across paths (万元).
    public let budgetByYear: [[SampleSummary]]
    /// Each pool funder's share of the pool's cost (payouts + admin fees − clawback) by year.
    public let fundersByYear: [FunderYears]

    public struct FunderYears: Sendable {
        public let pool: String
        public let funder: String
        public let share: Double
        public let cost: [SampleSummary]
    }
    /// Per bank: P(a breaker acted on it by the end of year k); and for any bank.
    public let suspensionByYear: [(bank: String, byYear: [Proportion])]
    public let anySuspensionByYear: [Proportion]

    /// Distinct firms reached, first-time borrowers and renewals, reach by firm type against the access targets.
    public let reach: ReachSummary
    /// Per output sector (`Scenario.outputSectors`): defaults, principal loss and claims on the pools.
    public let bySector: [(sector: String, figures: [SampleSummary])]
    /// The bank's and the budget's headline ratios (docs/model.md §3.7–3.8), each with its standard error.
    public let economics: Economics
    /// Who draws the pool down: Euler contributions by bank, pool, cohort and sector (`RiskContribution.all`).
    public let contributions: [RiskContribution]
    /// Which pool gives way first (two pools or more).
    public let poolOrder: PoolOrder?
    /// With two pools or more: each pool's cost by year (`[pool][year]`), and the book a pool backstops.
    public let poolCostByYear: [[SampleSummary]]
    public let backstop: BookBackstop?
    /// The scenario's record checks (posterior predictive check), in order.
    public let recordChecks: [RecordCheckResult]
    /// With parameter uncertainty: the plain run at the point estimate, on the same seed.
    public var atPointEstimate: PointEstimateRun?
    /// The answer to the scenario's `target:` (`TargetSearch`), when `run` searched it.
    public var target: TargetAnswer?
    /// What moves the headline answer (`Drivers`), when `run` computed it.
    public var drivers: DriversAnswer?
    /// The calibration the scenario's PDs and ρ come from, if any.
    public let calibration: CalibrationLink?
    /// Importance sampling's shift and weights, if the run used it.
    public let importance: ImportanceReport?
    /// With importance sampling: the target's estimate and variance-reduction factor.
    public let importanceTarget: ImportanceTargetResult?
    /// The city's funds (docs/model.md §3.11), and its combined view by year (empty without funds).
    public let funds: [FundSummary]
    public let cityCombined: [CityCombinedYear]

    public struct PoolSummary: Sendable {
        public let name: String
        public let paid: SampleSummary
        public let unpaid: SampleSummary
        public let balanceEnd: SampleSummary
        public let denied: SampleSummary
        public let clawback: SampleSummary
        public let depletion: Proportion
        public let depletionByYear: [Proportion]
        /// Each funder's part of the pool (`pool.funders`): its share of the capital put in (initial and
        /// top-ups, mean) and of the pool's cost on every path (payouts + admin fees − clawback).
        public let funders: [FunderSummary]
    }

    public struct FunderSummary: Sendable {
        public let name: String
        public let share: Double
        public let capital: Double
        public let cost: SampleSummary
    }

    /// The funders' parts of pool `p`: shares of its capital and of its cost, path by path.
    static func funders(of pool: PoolSpec, pool p: Int, table: OutcomeTable, weights w: PathWeights) -> [FunderSummary] {
        let cost = table.column(.pool(p, .cost))
        let initial = table.column(.pool(p, .initial)), topUps = table.column(.pool(p, .topUps))
        let capital: Double
        if w.weights == nil {
            var sum = 0.0
            for i in initial.indices { sum = sum + initial[i] + topUps[i] }
            capital = sum / Double(max(1, table.count))
        } else {
            capital = w.mean(initial.indices.map { initial[$0] + topUps[$0] })
        }
        return pool.funders.map { f in
            FunderSummary(name: f.name, share: f.share, capital: f.share * capital, cost: w.summary(cost.map { f.share * $0 }))
        }
    }

    /// The summary of the outcomes held in memory.
    public init(info: RunInfo, model: CompiledScenario, result: SimulationResult) {
        self.init(info: info, model: model, table: InMemoryTable(result, model: model))
    }

    /// The summary of a run's table of outcomes, read column by column (in memory or spilled: the same
    /// bytes). With importance sampling every statistic carries the paths' weights (`PathWeights`).
    public init(info: RunInfo, model: CompiledScenario, table: OutcomeTable) {
        self.info = info.weighting(model)
        stepMonths = model.stepMonths
        budgetYears = model.budgetYears
        let w = PathWeights(table)
        importance = model.importance.map { ImportanceReport($0, weights: w) }
        importanceTarget = model.importance.map { ImportanceSampling.result($0.target, table: table, pilotPaths: $0.pilotPaths) }
        funds = Self.funds(model: model, table: table, weights: w)
        cityCombined = Self.cityCombined(model: model, table: table, weights: w)
        // One summary per metric, computed concurrently and stored by index (the result does not depend on
        // the thread count).
        let defs = MetricDefinition.all
        let summaries = concurrentMap(defs.count) { w.summary(table.metric(defs[$0].figure)) }
        metrics = defs.indices.map { (defs[$0], summaries[$0]) }
        let steps = model.stepCount
        func stepColumn(_ id: ColumnID) -> [Int] { table.column(id).map { Int($0) } }
        let first = stepColumn(.depletionStep)
        var massByStep = [Double](repeating: 0, count: steps)
        for (i, s) in first.enumerated() where s >= 0 { massByStep[s] += w.mass(i) }
        var running = 0.0
        depletionByStep = massByStep.map { m in
            running += m
            return running / w.total
        }
        depletion = w.proportion { first[$0] >= 0 }
        func byYear(_ firstStep: [Int]) -> [Proportion] {
            model.budgetYears.lastStep.map { lastStep in
                w.proportion { firstStep[$0] >= 0 && firstStep[$0] <= lastStep }
            }
        }
        depletionByYear = byYear(first)
        pools = model.poolNames.enumerated().map { p, name in
            let first = stepColumn(.pool(p, .depletionStep))
            func stats(_ figure: ColumnID.PoolColumn) -> SampleSummary { w.summary(table.column(.pool(p, figure))) }
            return PoolSummary(name: name, paid: stats(.paid), unpaid: stats(.unpaid), balanceEnd: stats(.balanceEnd),
                               denied: stats(.denied), clawback: stats(.clawback),
                               depletion: w.proportion { first[$0] >= 0 }, depletionByYear: byYear(first),
                               funders: Self.funders(of: model.scenario.pools[p], pool: p, table: table, weights: w))
        }
        let years = model.years
        let flows = BudgetFlow.allCases
        let budget = concurrentMap(years * flows.count) { i in w.summary(table.column(.budget(year: i / flows.count, flows[i % flows.count]))) }
        budgetByYear = (0..<years).map { y in Array(budget[y * flows.count..<(y + 1) * flows.count]) }
        fundersByYear = model.scenario.pools.enumerated().flatMap { p, pool in
            pool.funders.map { f in
                FunderYears(pool: pool.name, funder: f.name, share: f.share, cost: (0..<years).map { y in
                    w.summary(table.column(.poolCost(year: y, pool: p)).map { f.share * $0 })
                })
            }
        }
        suspensionByYear = model.scenario.banks.enumerated().map { b, bank in
            (bank.name, byYear(stepColumn(.bank(b, .firstSuspension))))
        }
        anySuspensionByYear = byYear(stepColumn(.anyBankFirstSuspension))
        economics = Economics(model: model, table: table, weights: w)
        contributions = RiskContribution.all(model: model, table: table, weights: w)
        poolOrder = PoolOrder.of(model: model, table: table, weights: w)
        poolCostByYear = model.pools.count > 1 ? model.pools.indices.map { p in
            (0..<model.years).map { y in w.summary(table.column(.poolCost(year: y, pool: p))) }
        } : []
        backstop = model.pools.count > 1 ? BookBackstop(model) : nil
        reach = ReachSummary(table: table, weights: w, scenario: model.scenario)
        bySector = model.sectorNames.enumerated().map { k, name in
            (name, SectorFigure.allCases.map { f in w.summary(table.column(.sector(k, f))) })
        }
        recordChecks = RecordCheckResult.compute(model.scenario.record, table: table, weights: w)
        calibration = model.scenario.calibration
        let fanSteps = concurrentMap(SeriesStore.names.count * steps) { i in Self.fanStep(table.series(i / steps, step: i % steps), weights: w) }
        fan = (0..<SeriesStore.names.count).map { s in Array(fanSteps[s * steps..<(s + 1) * steps]) }
    }

    /// One step's fan quantiles and mean (weighted: the weighted CDF's quantiles).
    static func fanStep(_ values: [Float], weights w: PathWeights) -> (quantiles: [Double], mean: Double) {
        guard let weights = w.weights else {
            var column = values
            var sum = 0.0
            for v in column { sum += Double(v) }
            return (ColumnQuantiles.compute(&column, levels: fanLevels), sum / Double(w.count))
        }
        let sample = WeightedSample(values.map(Double.init), weights: weights)
        return (fanLevels.map(sample.quantile), sample.mean)
    }

    public func metric(_ figure: Figure) -> SampleSummary? { metrics.first { $0.definition.figure == figure }?.summary }
}

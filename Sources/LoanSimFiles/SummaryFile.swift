/// `summary.json`: a run's results, as `loansim run` writes it and `loansim report` reads it. Money in
/// 万元 (each statistic names its unit). Encoded and decoded with `OutputCoding` (snake_case keys);
/// objects keyed by a metric, pool, bank or cohort name keep the name as written.
public struct SummaryFile: Codable, Equatable, Sendable {
    public var scenario: ScenarioRef
    public var seed: UInt32
    public var paths: Int
    public var generator: String
    public var version: String
    public var horizonMonths: Int
    public var step: String
    public var sampling: String
    public var blockSize: Int
    public var moneyUnit: String
    /// By metric key (`gross_loss`, `pool_paid`, …).
    public var metrics: [String: Stats]
    public var depletion: Depletion
    /// By pool name.
    public var pools: [String: Pool]
    public var budgetByYear: Budget
    /// Which metric is each party's loss.
    public var parties: [String: String]
    public var breakers: Breakers
    public var economics: Economics
    /// Programme reach; absent in files written before it existed.
    public var reach: Reach?
    public var definitions: [String: String]
    public var parameterUncertainty: ParameterUncertainty?
    public var predictiveCheck: [PredictiveCheck]?
    /// Per sector (cohorts' and tape loans' sectors), in the scenario's order; absent without sectors.
    public var bySector: [Sector]?
    /// Importance sampling (`run --importance`): the shift, the target and what the weights bought; absent in plain runs.
    public var importance: Importance?
    /// The city's funds and its combined view by year (docs/model.md §3.11); absent without funds.
    public var funds: [Fund]?
    public var cityCombinedByYear: [CityYear]?
    /// The calendar year of each entry of the arrays by year, when the scenario states `start:`; absent
    /// otherwise (the years are then the programme's: months 1–12, 13–24, …).
    public var calendarYears: [CalendarYear]?
    /// The answer to the scenario's `target:` (absent without one, or when the run could not search it).
    public var target: Target?
    /// What moves the headline answer: Monte Carlo error, parameter uncertainty, assumptions (absent when not computed).
    public var drivers: Drivers?
    /// Who draws the pool down: each bank's, pool's, cohort's and sector's Euler contribution to the
    /// payouts, the fiscal cost and the banks' net loss (absent where no total has two parts).
    public var contributions: Contributions?
    /// Which pool gives way first (two pools or more).
    public var poolOrder: PoolOrderFile?
    /// With two pools or more: how much of the book a public pool backstops.
    public var backstop: Backstop?

    public init(scenario: ScenarioRef, seed: UInt32, paths: Int, generator: String, version: String, horizonMonths: Int, step: String,
                sampling: String, blockSize: Int, moneyUnit: String, metrics: [String: Stats], depletion: Depletion, pools: [String: Pool],
                budgetByYear: Budget, parties: [String: String], breakers: Breakers, economics: Economics, reach: Reach?, definitions: [String: String],
                parameterUncertainty: ParameterUncertainty?, predictiveCheck: [PredictiveCheck]?, bySector: [Sector]? = nil,
                importance: Importance? = nil, funds: [Fund]? = nil, cityCombined: [CityYear]? = nil) {
        (self.scenario, self.seed, self.paths, self.generator, self.version) = (scenario, seed, paths, generator, version)
        (self.horizonMonths, self.step, self.sampling, self.blockSize, self.moneyUnit) = (horizonMonths, step, sampling, blockSize, moneyUnit)
        (self.metrics, self.depletion, self.pools, self.budgetByYear, self.parties) = (metrics, depletion, pools, budgetByYear, parties)
        (self.breakers, self.economics, self.reach, self.definitions) = (breakers, economics, reach, definitions)
        (self.parameterUncertainty, self.predictiveCheck, self.bySector) = (parameterUncertainty, predictiveCheck, bySector)
        self.importance = importance
        (self.funds, self.cityCombinedByYear) = (funds, cityCombined)
    }

    public struct ScenarioRef: Codable, Equatable, Sendable {
        public var name: String
        public var file: String
        public var sha256: String
        public init(name: String, file: String, sha256: String) {
            self.name = name
            self.file = file
            self.sha256 = sha256
        }
    }

    /// A metric's distribution across paths: mean, its standard error, sd, quantiles (type 7), ES99.
    /// A value that is not finite is written as null and read back as NaN.
    public struct Stats: Codable, Equatable, Sendable {
        enum CodingKeys: String, CodingKey, CaseIterable { case unit, mean, se, sd, q01, q05, q50, q90, q95, q99, q999, es99, min, max }
        public var unit: String
        public var mean: Double
        public var se: Double
        public var sd: Double
        public var q01: Double
        public var q05: Double
        public var q50: Double
        public var q90: Double
        public var q95: Double
        public var q99: Double
        public var q999: Double
        public var es99: Double
        public var min: Double
        public var max: Double
        public init(unit: String, mean: Double, se: Double, sd: Double, q01: Double, q05: Double, q50: Double, q90: Double,
                    q95: Double, q99: Double, q999: Double, es99: Double, min: Double, max: Double) {
            (self.unit, self.mean, self.se, self.sd) = (unit, mean, se, sd)
            (self.q01, self.q05, self.q50, self.q90, self.q95, self.q99, self.q999) = (q01, q05, q50, q90, q95, q99, q999)
            (self.es99, self.min, self.max) = (es99, min, max)
        }

        private var numbers: [Double] { [mean, se, sd, q01, q05, q50, q90, q95, q99, q999, es99, min, max] }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let x = try CodingKeys.allCases.dropFirst().map { try c.decodeNumber(forKey: $0) }
            self.init(unit: try c.decode(String.self, forKey: .unit), mean: x[0], se: x[1], sd: x[2], q01: x[3], q05: x[4], q50: x[5],
                      q90: x[6], q95: x[7], q99: x[8], q999: x[9], es99: x[10], min: x[11], max: x[12])
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(unit, forKey: .unit)
            for (key, x) in zip(CodingKeys.allCases.dropFirst(), numbers) { try c.encodeNumber(x, forKey: key) }
        }
    }

    /// P(a filed claim is left unpaid), overall and by the end of each programme year.
    public struct Depletion: Codable, Equatable, Sendable {
        public var probability: Double
        public var se: Double
        public var byYear: [Double]
        public var byYearSe: [Double]?
        public init(probability: Double, se: Double, byYear: [Double], byYearSe: [Double]?) {
            (self.probability, self.se, self.byYear, self.byYearSe) = (probability, se, byYear, byYearSe)
        }
    }

    public struct Pool: Codable, Equatable, Sendable {
        public var paid: Stats
        public var unpaid: Stats
        public var balanceEnd: Stats
        public var denied: Stats
        public var clawback: Stats
        public var depletion: Depletion
        public var funders: [Funder]
        /// With two pools or more: the pool's cost (payouts + fees − recoveries returned) by year.
        public var costByYear: [Flow]?
        public init(paid: Stats, unpaid: Stats, balanceEnd: Stats, denied: Stats, clawback: Stats, depletion: Depletion, funders: [Funder],
                    costByYear: [Flow]? = nil) {
            self.costByYear = costByYear
            (self.paid, self.unpaid, self.balanceEnd, self.denied, self.clawback) = (paid, unpaid, balanceEnd, denied, clawback)
            (self.depletion, self.funders) = (depletion, funders)
        }
    }

    /// A pool funder's share of its capital and of its cost (payouts + fees − clawback).
    public struct Funder: Codable, Equatable, Sendable {
        public var name: String
        public var share: Double
        public var capitalWan: Double
        public var cost: Stats
        public init(name: String, share: Double, capitalWan: Double, cost: Stats) {
            (self.name, self.share, self.capitalWan, self.cost) = (name, share, capitalWan, cost)
        }
    }

    /// Mean, its SE and P95 of one flow in one year.
    public struct Flow: Codable, Equatable, Sendable {
        public var mean: Double
        public var se: Double?
        public var q95: Double
        public init(mean: Double, se: Double?, q95: Double) { (self.mean, self.se, self.q95) = (mean, se, q95) }
    }

    public struct BudgetYear: Codable, Equatable, Sendable {
        public var year: Int
        public var payouts: Flow
        public var topUps: Flow
        public var interest: Flow
        public var adminFees: Flow
        public var clawback: Flow
        public var subsidies: Flow
        public var fiscalCost: Flow
        public init(year: Int, payouts: Flow, topUps: Flow, interest: Flow, adminFees: Flow, clawback: Flow, subsidies: Flow, fiscalCost: Flow) {
            (self.year, self.payouts, self.topUps, self.interest) = (year, payouts, topUps, interest)
            (self.adminFees, self.clawback, self.subsidies, self.fiscalCost) = (adminFees, clawback, subsidies, fiscalCost)
        }
    }

    public struct FunderYears: Codable, Equatable, Sendable {
        public var pool: String
        public var funder: String
        public var share: Double
        public var costByYear: [Flow]
        public init(pool: String, funder: String, share: Double, costByYear: [Flow]) {
            (self.pool, self.funder, self.share, self.costByYear) = (pool, funder, share, costByYear)
        }
    }

    public struct Budget: Codable, Equatable, Sendable {
        public var unit: String
        public var definition: String
        public var years: [BudgetYear]
        public var funders: [FunderYears]
        public init(unit: String, definition: String, years: [BudgetYear], funders: [FunderYears]) {
            (self.unit, self.definition, self.years, self.funders) = (unit, definition, years, funders)
        }
    }

    /// P(a breaker acts on any bank, on each bank by name) by the end of each year.
    public struct Breakers: Codable, Equatable, Sendable {
        public var pSuspendedByYearAnyBank: [Double]
        public var pSuspendedByYear: [String: [Double]]
        public init(pSuspendedByYearAnyBank: [Double], pSuspendedByYear: [String: [Double]]) {
            (self.pSuspendedByYearAnyBank, self.pSuspendedByYear) = (pSuspendedByYearAnyBank, pSuspendedByYear)
        }
    }

    /// A mean and its standard error; a value that is not finite (the se of one path) is written as null
    /// and read back as NaN.
    public struct MeanSE: Codable, Equatable, Sendable {
        enum CodingKeys: String, CodingKey { case unit, mean, se }
        public var unit: String
        public var mean: Double
        public var se: Double
        public init(unit: String, mean: Double, se: Double) { (self.unit, self.mean, self.se) = (unit, mean, se) }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(unit: try c.decode(String.self, forKey: .unit), mean: try c.decodeNumber(forKey: .mean), se: try c.decodeNumber(forKey: .se))
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(unit, forKey: .unit)
            try c.encodeNumber(mean, forKey: .mean)
            try c.encodeNumber(se, forKey: .se)
        }
    }

    /// A ratio of means across paths (docs/model.md §3.8) with its delta-method standard error (nil
    /// when not finite, e.g. a run of one path).
    public struct Ratio: Codable, Equatable, Sendable {
        /// `ratio` (万元 per 万元), `万元/loan`, `万元/firm`.
        public var unit: String
        public var value: Double
        public var se: Double?
        /// What is divided by what: `mean(fiscal_cost) / mean(distinct_firms_financed)`.
        public var definition: String
        public init(unit: String, value: Double, se: Double?, definition: String) {
            (self.unit, self.value, self.se, self.definition) = (unit, value, se, definition)
        }

        /// Files of 0.2.1 and earlier give a ratio as a bare number (no unit, no se): read as such, so
        /// their reports still open.
        public init(from decoder: Decoder) throws {
            if let value = try? decoder.singleValueContainer().decode(Double.self) {
                self.init(unit: "", value: value, se: nil, definition: "")
                return
            }
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(unit: try c.decode(String.self, forKey: .unit), value: try c.decode(Double.self, forKey: .value),
                      se: try c.decodeIfPresent(Double.self, forKey: .se), definition: try c.decode(String.self, forKey: .definition))
        }
    }

    public struct Economics: Codable, Equatable, Sendable {
        public var pLinkageBeatsLending: Double?
        public var pLinkageBeatsLendingSe: Double?
        /// Each ratio is nil when its denominator's mean is zero (or without invest-loan linkage, its cover).
        public var linkageCoverOfCreditLosses: Ratio?
        public var lendingPerPoolCapital: Ratio?
        public var lendingPerFiscalCost: Ratio?
        /// Per loan financed (renewals included) and per distinct firm financed.
        public var fiscalCostPerLoan: Ratio?
        public var fiscalCostPerFirm: Ratio?
        public var bankNetIncomeByBank: [String: MeanSE]
        /// Per bank: its net loss after compensation and the compensation it received.
        public var bankNetLossByBank: [String: Stats]?
        public var compensationByBank: [String: Stats]?
        public init(pLinkageBeatsLending: Double?, pLinkageBeatsLendingSe: Double?, linkageCoverOfCreditLosses: Ratio?,
                    lendingPerPoolCapital: Ratio?, lendingPerFiscalCost: Ratio?, fiscalCostPerLoan: Ratio?, fiscalCostPerFirm: Ratio?,
                    bankNetIncomeByBank: [String: MeanSE], bankNetLossByBank: [String: Stats]? = nil, compensationByBank: [String: Stats]? = nil) {
            (self.bankNetLossByBank, self.compensationByBank) = (bankNetLossByBank, compensationByBank)
            (self.pLinkageBeatsLending, self.pLinkageBeatsLendingSe, self.linkageCoverOfCreditLosses) = (pLinkageBeatsLending, pLinkageBeatsLendingSe, linkageCoverOfCreditLosses)
            (self.lendingPerPoolCapital, self.lendingPerFiscalCost) = (lendingPerPoolCapital, lendingPerFiscalCost)
            (self.fiscalCostPerLoan, self.fiscalCostPerFirm) = (fiscalCostPerLoan, fiscalCostPerFirm)
            self.bankNetIncomeByBank = bankNetIncomeByBank
        }
    }

    /// Distinct firms reached by type against the city's access targets (the counts are in `metrics`:
    /// `distinct_firms_financed`, `new_firms_financed`, `renewals`, `returning_borrowers`).
    /// One sector's defaults (loans), principal loss and claims on the pools (万元), across paths.
    public struct Importance: Codable, Equatable, Sendable {
        public var method: String
        public var shift: Double
        /// With parameter uncertainty: λ of the posterior draw's tilt towards riskier draws (0: uniform).
        public var parameterTilt: Double
        public var direction: String
        public var target: String
        public var estimate: Double
        public var se: Double
        public var tailProbability: Double
        public var varianceReductionFactor: Double
        public var effectiveSampleSize: Double
        public var meanWeight: Double
        public var pilotPaths: Int
        public var statistics: String
        /// The share of paths drawn from the plain law (the defensive mixture; absent before 0.3.1).
        public var plainShare: Double?

        /// Kish's effective sample below 1% of the paths: the figures the shift does not aim at rest on a
        /// few heavily weighted paths, and their standard errors are optimistic (docs/model-choices.md).
        /// `run` and the report then say so.
        public static func fewPathsCarryTheWeight(effectiveSize: Double, paths: Int) -> Bool { effectiveSize < 0.01 * Double(paths) }
        public init(method: String, shift: Double, parameterTilt: Double, direction: String, target: String, estimate: Double, se: Double, tailProbability: Double,
                    varianceReductionFactor: Double, effectiveSampleSize: Double, meanWeight: Double, pilotPaths: Int, statistics: String,
                    plainShare: Double? = nil) {
            (self.method, self.shift, self.direction, self.target, self.estimate, self.se) = (method, shift, direction, target, estimate, se)
            (self.parameterTilt, self.plainShare) = (parameterTilt, plainShare)
            (self.tailProbability, self.varianceReductionFactor, self.effectiveSampleSize) = (tailProbability, varianceReductionFactor, effectiveSampleSize)
            (self.meanWeight, self.pilotPaths, self.statistics) = (meanWeight, pilotPaths, statistics)
        }
    }

    public struct Sector: Codable, Equatable, Sendable {
        public var sector: String
        public var defaults: Stats
        public var grossLoss: Stats
        public var poolClaims: Stats
        public init(sector: String, defaults: Stats, grossLoss: Stats, poolClaims: Stats) {
            (self.sector, self.defaults, self.grossLoss, self.poolClaims) = (sector, defaults, grossLoss, poolClaims)
        }
    }

    public struct Reach: Codable, Equatable, Sendable {
        public var definition: String
        public var byType: [TypeReach]
        /// Fiscal cost per first-time borrower (nil without any).
        public var fiscalCostPerNewFirm: Ratio?
        public init(definition: String, byType: [TypeReach], fiscalCostPerNewFirm: Ratio?) {
            (self.definition, self.byType, self.fiscalCostPerNewFirm) = (definition, byType, fiscalCostPerNewFirm)
        }

        private enum CodingKeys: String, CodingKey { case definition, byType, fiscalCostPerNewFirm }
        /// Files of 0.2.1 and earlier: the same ratio of means, without an se, as `fiscal_cost_per_new_firm_wan`.
        private enum OldKeys: String, CodingKey { case fiscalCostPerNewFirmWan }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            var perFirm = try c.decodeIfPresent(Ratio.self, forKey: .fiscalCostPerNewFirm)
            if perFirm == nil, let value = try decoder.container(keyedBy: OldKeys.self).decodeIfPresent(Double.self, forKey: .fiscalCostPerNewFirmWan) {
                perFirm = Ratio(unit: "万元/firm", value: value, se: nil, definition: "mean(fiscal_cost) / mean(new_firms_financed)")
            }
            self.init(definition: try c.decode(String.self, forKey: .definition), byType: try c.decode([TypeReach].self, forKey: .byType),
                      fiscalCostPerNewFirm: perFirm)
        }
    }

    public struct TypeReach: Codable, Equatable, Sendable {
        public var type: String
        /// All firms of the type in the scenario (cohorts' firms and arrivals), mean across paths.
        public var firms: Double
        public var distinctFinanced: Stats
        public var share: Stats
        public var accessTarget: Double?
        /// P(share ≥ access target).
        public var pMeetsTarget: Double?
        public init(type: String, firms: Double, distinctFinanced: Stats, share: Stats, accessTarget: Double?, pMeetsTarget: Double?) {
            (self.type, self.firms, self.distinctFinanced, self.share, self.accessTarget, self.pMeetsTarget) = (type, firms, distinctFinanced, share, accessTarget, pMeetsTarget)
        }
    }

    /// The calibration a run drew its parameters from, and the run at the point estimate beside it.
    public struct ParameterUncertainty: Codable, Equatable, Sendable {
        public var calibration: String
        public var calibrationSha256: String
        public var point: String
        public var draws: Int
        public var parametersDrawnPerPath: Bool
        public var pointRho: Double
        /// By cohort name.
        public var cohorts: [String: CohortLink]
        public var metricsAre: String
        public var pointEstimate: PointEstimate?
        /// A calibration averaged over the breaker's readings: each reading and its share of the draws
        /// (a path draws its reading with its parameters; the point-estimate run keeps the rule as written).
        public var breakerReadings: [BreakerReading]?
        public init(calibration: String, calibrationSha256: String, point: String, draws: Int, parametersDrawnPerPath: Bool, pointRho: Double,
                    cohorts: [String: CohortLink], metricsAre: String, pointEstimate: PointEstimate?) {
            (self.calibration, self.calibrationSha256, self.point, self.draws) = (calibration, calibrationSha256, point, draws)
            (self.parametersDrawnPerPath, self.pointRho, self.cohorts) = (parametersDrawnPerPath, pointRho, cohorts)
            (self.metricsAre, self.pointEstimate) = (metricsAre, pointEstimate)
        }
    }

    public struct BreakerReading: Codable, Equatable, Sendable {
        public var name: String
        public var nameZh: String
        public var settings: [String: String]
        public var shareOfDraws: Double
        public init(name: String, nameZh: String, settings: [String: String], shareOfDraws: Double) {
            (self.name, self.nameZh, self.settings, self.shareOfDraws) = (name, nameZh, settings, shareOfDraws)
        }
    }

    public struct CohortLink: Codable, Equatable, Sendable {
        public var from: String
        public var pdScale: Double
        public var pointPd: Double
        public init(from: String, pdScale: Double, pointPd: Double) { (self.from, self.pdScale, self.pointPd) = (from, pdScale, pointPd) }
    }

    public struct PointEstimate: Codable, Equatable, Sendable {
        public var metrics: [String: Stats]
        public var depletion: Depletion
        public var pSuspendedByYearAnyBank: [Double]
        public init(metrics: [String: Stats], depletion: Depletion, pSuspendedByYearAnyBank: [Double]) {
            (self.metrics, self.depletion, self.pSuspendedByYearAnyBank) = (metrics, depletion, pSuspendedByYearAnyBank)
        }
    }

    /// One observation of the record against the simulation (posterior predictive check).
    public struct PredictiveCheck: Codable, Equatable, Sendable {
        public var name: String
        public var nameZh: String
        public var metric: String
        public var unit: String
        public var month: Int
        public var observed: String
        public var source: String
        public var mean: Double
        public var interval90: [Double]
        public var pAgree: Double
        public var pAgreeSe: Double
        public var percentile: Double?
        public var inside: Bool
        public init(name: String, nameZh: String, metric: String, unit: String, month: Int, observed: String, source: String, mean: Double,
                    interval90: [Double], pAgree: Double, pAgreeSe: Double, percentile: Double?, inside: Bool) {
            (self.name, self.nameZh, self.metric, self.unit, self.month, self.observed, self.source) = (name, nameZh, metric, unit, month, observed, source)
            (self.mean, self.interval90, self.pAgree, self.pAgreeSe, self.percentile, self.inside) = (mean, interval90, pAgree, pAgreeSe, percentile, inside)
        }
    }
}

extension KeyedEncodingContainer {
    /// A number, or null when it is not finite (JSON has no NaN or infinity).
    mutating func encodeNumber(_ x: Double, forKey key: Key) throws {
        if x.isFinite { try encode(x, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// A number; null reads as NaN.
    func decodeNumber(forKey key: Key) throws -> Double {
        try decodeNil(forKey: key) ? .nan : decode(Double.self, forKey: key)
    }
}

import RiskModel
import LoanSimFiles

/// A complete, validated simulation scenario. Money in 万元, rates annual, times in months.
///
/// Built only by `ScenarioLoader` (which checks every range and cross-field rule) or by code that
/// knows what it is doing (tests). The engine compiles it into per-step constants (`CompiledScenario`).
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Simulated horizon in months; a whole number of steps.
    public var horizonMonths: Int
    public var step: Step
    public var paths: Int
    public var seed: UInt32
    public var generator: GeneratorKind
    public var macro: MacroFactor
    public var sectors: [SectorFactor]
    public var cohorts: [Cohort]
    public var banks: [Bank]
    public var programme: Programme
    /// The pools, in priority order (a loan not allowed to stack is paid by the first scheme covering it).
    public var pools: [PoolSpec]
    public var breakers: [BreakerSpec]
    /// Readings of `breakers` a calibration averaged over (index 0: as written); empty without.
    public var breakerVariants: [[BreakerSpec]] = []
    public var stresses: [Stress]
    /// `binomial`: one conditional binomial per homogeneous group (the default); `loan`: one Bernoulli
    /// per loan, for validating the former. Both give the same distribution.
    public var sampling: Sampling
    public var bankEconomics = BankEconomics()
    public var fiscal = Fiscal()
    public var linkage: Linkage?
    public var innovationBands: [InnovationBand] = []
    public var innovationInterpolate = false
    /// Gaussian (default) or Student-t (`copula: {type: t, nu: ν}`).
    public var copula: Copula = .gaussian
    /// PD and ρ from a calibration, with its posterior draws (nil: the cohorts' own values).
    public var calibration: CalibrationLink?
    /// Observed quantities of the programme's record to check the simulation against (posterior
    /// predictive check), each at a month of the horizon.
    public var record: [RecordCheck] = []
    /// The calendar month of month 1 (`start:`, or the record's); nil: figures by programme year.
    public var start: YearMonth?
    /// A bank's own loan tape, simulated loan by loan beside the cohorts (docs/model.md §3.10).
    public var book: TapeBook?
    /// The city's investment funds, simulated beside the loans on the same factors (docs/model.md §3.11).
    public var funds: [Fund] = []
    /// Names' labels for the reports, by name (`label_zh`, `label_en`).
    public var labels: [String: NameLabel] = [:]
    /// The bureau's target: `run` answers the smallest top-up that meets it (`TargetSearch`).
    public var target: TargetSpec?

    public init(
        name: String, description: String = "", horizonMonths: Int, step: Step = .month, paths: Int = 10_000,
        seed: UInt32 = 20_180_097, generator: GeneratorKind = .taus2, macro: MacroFactor = MacroFactor(),
        sectors: [SectorFactor] = [], cohorts: [Cohort], banks: [Bank] = [Bank(name: "bank", share: 1)],
        programme: Programme = Programme(), pool: PoolSpec, breaker: BreakerSpec? = nil, pools: [PoolSpec]? = nil,
        breakers: [BreakerSpec]? = nil,
        stresses: [Stress] = [], sampling: Sampling = .binomial
    ) {
        self.name = name
        self.description = description
        self.horizonMonths = horizonMonths
        self.step = step
        self.paths = paths
        self.seed = seed
        self.generator = generator
        self.macro = macro
        self.sectors = sectors
        self.cohorts = cohorts
        self.banks = banks
        self.programme = programme
        self.pools = pools ?? [pool]
        self.breakers = breakers ?? (breaker.map { [$0] } ?? [])
        self.stresses = stresses
        self.sampling = sampling
    }

    public var stepCount: Int { horizonMonths / step.months }

    /// The first pool (the only one in a single-pool scenario).
    public var pool: PoolSpec {
        get { pools[0] }
        set { pools[0] = newValue }
    }

    /// The first circuit breaker, if any (the only one in most scenarios).
    public var breaker: BreakerSpec? {
        get { breakers.first }
        set {
            if let newValue { if breakers.isEmpty { breakers = [newValue] } else { breakers[0] = newValue } } else { breakers = [] }
        }
    }
}

public enum Step: String, Sendable, Equatable, CaseIterable {
    case month, quarter, year
    public var months: Int {
        switch self {
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        }
    }
}

public enum Sampling: String, Sendable, Equatable, CaseIterable {
    case binomial, loan
}

/// The macro factor `Z_t` (AR(1)); `phi` is the autocorrelation per month (per step: `phi^months`).
/// With `path` (one value per step, from `path_file`) the factor is that deterministic path instead,
/// as in a regulator-style scenario; the factor stream is still drawn so other streams stay aligned.
public struct MacroFactor: Sendable, Equatable {
    public var phi: Double
    public var path: [Double]?
    public init(phi: Double = 0.95, path: [Double]? = nil) {
        self.phi = phi
        self.path = path
    }
}

/// A sector factor `S_{k,t}` of the same AR(1) form, independent of the macro factor.
public struct SectorFactor: Sendable, Equatable {
    public var name: String
    public var phi: Double
    public init(name: String, phi: Double) {
        self.name = name
        self.phi = phi
    }
}

/// A bank lending in the programme, with its share of new loans and of the initial book.
public struct Bank: Sendable, Equatable {
    public var name: String
    public var share: Double
    public init(name: String, share: Double) {
        self.name = name
        self.share = share
    }
}

/// A stress overlay over months `fromMonth...toMonth` (1-based, inclusive): a shift added to the
/// macro factor (negative = downturn), a multiplier on the cohorts' step PDs, an extra haircut on
/// collateral realised at default, and a multiplier on the cohorts' asset correlation ρ = a².
public struct Stress: Sendable, Equatable {
    public var name: String
    public var fromMonth: Int
    public var toMonth: Int
    public var macroShift: Double
    public var pdMultiplier: Double
    /// Added to the collateral haircut (capped at 1) for loans defaulting in the window.
    public var collateralHaircut: Double
    /// Multiplies ρ (so the macro loading by √m); validated so that a² + b² stays below 1.
    public var rhoMultiplier: Double
    /// Multiplies the value of pledged IP at default (1 − haircut) for loans defaulting in the window.
    public var ipValueHaircut: Double = 0
    /// Cohort names the PD multiplier, haircuts and correlation apply to; empty = all cohorts.
    public var cohorts: [String]
    /// Sector names they apply to (cohorts in those sectors); combined with `cohorts` by "either".
    public var sectors: [String] = []

    public init(name: String = "stress", fromMonth: Int, toMonth: Int, macroShift: Double = 0,
                pdMultiplier: Double = 1, collateralHaircut: Double = 0, rhoMultiplier: Double = 1, cohorts: [String] = []) {
        self.name = name
        self.fromMonth = fromMonth
        self.toMonth = toMonth
        self.macroShift = macroShift
        self.pdMultiplier = pdMultiplier
        self.collateralHaircut = collateralHaircut
        self.rhoMultiplier = rhoMultiplier
        self.cohorts = cohorts
    }

    func applies(to cohort: String, sector: String? = nil) -> Bool {
        if cohorts.isEmpty && sectors.isEmpty { return true }
        return cohorts.contains(cohort) || (sector.map { sectors.contains($0) } ?? false)
    }
    func applies(to cohort: Cohort) -> Bool { applies(to: cohort.name, sector: cohort.sector) }
}

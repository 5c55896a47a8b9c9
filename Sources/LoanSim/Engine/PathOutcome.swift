import LoanSimFiles

/// What one simulated path produced. Money in 万元, counts in loans, steps 0-based.
///
/// Identities that hold on every path (tested):
/// - `exposureAtDefault = grossLoss + recoveries`
/// - `grossLoss = claimsFiled + claimsAfterHorizon + guarantorLoss + insurerLoss + appraiserLoss + bankRetained`
/// - `claimsFiled = poolPaid + unpaidClaims + claimsDenied`
/// - `bankNetLoss = grossLoss − poolPaid − guarantorLoss − insurerLoss − appraiserLoss − ipRecoveryBank`
/// - per pool: `balanceEnd = initial + topUps + interest + clawback − paid − fees`
/// - `ipRecoveries = clawbackPools + clawbackGuarantor + clawbackInsurer + clawbackAppraiser + ipRecoveryBank`
public struct PathOutcome: Sendable, Equatable, Codable {
    public var defaults = 0.0
    /// Outstanding principal of the loans that defaulted.
    public var exposureAtDefault = 0.0
    /// Principal loss after recoveries (what compensation is computed on).
    public var grossLoss = 0.0
    /// Collateral and unsecured recoveries of defaulted loans.
    public var recoveries = 0.0
    /// Claims filed with the pool within the horizon.
    public var claimsFiled = 0.0
    /// Claims that would be filed after the horizon: left out of every pool figure.
    public var claimsAfterHorizon = 0.0
    public var poolPaid = 0.0
    /// Claims filed but not paid by the end of the horizon (the FIFO queue).
    public var unpaidClaims = 0.0
    /// The part of the loss no rule lets the bank claim (1 − ratio, amounts above the per-loan cap).
    public var bankRetained = 0.0
    /// Gross loss less compensation received within the horizon.
    public var bankNetLoss = 0.0
    public var poolBalanceEnd = 0.0
    public var topUps = 0.0
    public var interest = 0.0
    public var adminFees = 0.0
    /// First step that ended with a claim unpaid; −1 if none.
    public var depletionStep = -1
    /// Programme loans granted after the start (fresh loans and renewals).
    public var loansOriginated = 0.0
    /// Their principal at the cohorts' mean loan size, 万元.
    public var lendingVolume = 0.0
    /// Loans in the book at the start.
    public var initialLoans = 0.0
    /// Times a circuit breaker suspended a bank.
    public var breakerTrips = 0.0
    /// Banks suspended at the end of the horizon.
    public var banksSuspendedEnd = 0.0
    /// Loss shares borne by a guarantor, an insurer and an appraiser (before recoveries).
    public var guarantorLoss = 0.0
    public var insurerLoss = 0.0
    public var appraiserLoss = 0.0
    /// Claims cut at filing: per-bank-year caps, a breaker stopping compensation, denial by the pool.
    public var claimsDenied = 0.0
    /// IP-disposal recoveries realised within the horizon, and what each party got back of them.
    public var ipRecoveries = 0.0
    public var ipRecoveriesAfterHorizon = 0.0
    public var clawbackPools = 0.0
    public var clawbackGuarantor = 0.0
    public var clawbackInsurer = 0.0
    public var clawbackAppraiser = 0.0
    public var ipRecoveryBank = 0.0
    /// Guarantee fees and insurance premiums on outstanding principal, appraisal fees at origination and
    /// the government's subsidy of them.
    public var guaranteeFees = 0.0
    public var insurancePremiums = 0.0
    public var appraisalFees = 0.0
    public var appraisalSubsidies = 0.0
    /// Bank economics (docs/model.md §3.7), 万元 over the horizon: interest at the programme rate on the
    /// outstanding principal during each step, funding and operating costs on it, upfront fees, guarantee
    /// fees and premiums if the bank pays them; net income with the programme's compensation and without
    /// it (the pool's payments then stay with the bank); capital-years (capital held × years) with and
    /// without compensation relief.
    public var interestIncome = 0.0
    public var fundingCost = 0.0
    public var operatingCost = 0.0
    public var feeIncome = 0.0
    public var bankGuaranteeFees = 0.0
    public var bankNetIncome = 0.0
    public var bankNetIncomeWithout = 0.0
    public var capitalYears = 0.0
    public var capitalYearsWithout = 0.0
    /// Return on risk-adjusted capital: annual net income ÷ average capital (with and without compensation).
    public var raroc = 0.0
    public var rarocWithout = 0.0
    /// Invest-loan linkage: stakes bought, what exits (and the horizon, at cost) returned, net gain.
    public var linkageInvested = 0.0
    public var linkageProceeds = 0.0
    public var linkageNet = 0.0
    public var linkedFirms = 0.0
    public var exits = 0.0
    public var linkedDefaults = 0.0
    /// The budget (docs/model.md §3.8): interest, guarantee-fee and insurance subsidies; fiscal cost =
    /// pool paid + subsidies (these, appraisal) + admin fees − clawback to pools; its present value.
    public var interestSubsidies = 0.0
    public var guaranteeFeeSubsidies = 0.0
    public var insuranceSubsidies = 0.0
    public var fiscalCost = 0.0
    public var fiscalCostPV = 0.0
    /// Loans granted (initial book and new, renewals included), and per bank: net income with compensation.
    public var firmsFinanced = 0.0
    /// Reach: fresh loans to firms that never had a programme loan, renewals, and fresh loans to firms
    /// that had one before; distinct firms with a programme loan in the horizon (the initial book's
    /// and the first-time borrowers) and all firms, by type.
    public var newFirmsFinanced = 0.0
    public var renewals = 0.0
    public var returningBorrowers = 0.0
    public var distinctFirms = FirmCounts()
    public var firmPopulation = FirmCounts()
    public var bankNetIncomeByBank: [Double] = []
    /// Per bank, `[2 × bank]` its net loss after compensation (the parts of `bankNetLoss`) and
    /// `[2 × bank + 1]` the compensation the pools paid it (the parts of `poolPaid`), 万元.
    public var lossAndCompensationByBank: [Double] = []
    /// Per pool, in scenario order.
    public var pools: [PoolOutcome] = []
    /// Each fund's figures (empty without funds), and the fund-backed programme loans granted.
    public var funds: [FundOutcome] = []
    public var fundBackedLoans = 0.0
    /// Per output sector (`Scenario.outputSectors`), `SectorFigure.allCases.count` values each: defaults,
    /// principal loss, claims on the pools (filed in the horizon or after it). Empty without sectors.
    public var bySector: [Double] = []
    /// The pools' payouts and the banks' net loss by cohort and by output sector (`PathAttribution`;
    /// empty where the scenario attributes none: `CompiledScenario.cohortParts`, `sectorParts`).
    public var cohortAttribution = PathAttribution()
    public var sectorAttribution = PathAttribution()
    /// Per bank: first step a breaker acted on it (−1: never).
    public var bankFirstSuspension: [Int] = []
    /// The scenario's record checks, in order: each metric's value at the end of its month.
    public var checkpoints: [Double] = []
    /// The budget's flows by programme year, `[year × BudgetFlow.allCases.count + flow]`, and each pool's
    /// cost by year, `[year × pools + pool]` (see `BudgetFlow`).
    public var budgetByYear: [Double] = []
    public var poolCostByYear: [Double] = []
    /// The posterior draw this path used (−1: the point estimate).
    public var parameterDraw = -1
    /// Importance sampling: the path's likelihood-ratio weight (1 without) and the projection
    /// `s = Σ d_t η_t` of its macro innovations on the shift's direction (`ImportanceShift`).
    public var weight = 1.0
    public var importanceScore = 0.0
    /// The path's shifted macro innovations by step: only in the pilot runs that choose the shift.
    public var macroInnovations: [Double] = []

    public init() {}
}

/// One pool's flows on one path, 万元.
public struct PoolOutcome: Sendable, Equatable, Codable {
    public var initial = 0.0
    public var paid = 0.0
    public var unpaid = 0.0
    public var denied = 0.0
    public var balanceEnd = 0.0
    public var topUps = 0.0
    public var interest = 0.0
    public var fees = 0.0
    public var clawback = 0.0
    public var depletionStep = -1
    public init() {}
}

/// The figures kept per sector on each path.
public enum SectorFigure: Int, CaseIterable, Sendable {
    case defaults, grossLoss, poolClaims
}

extension PathOutcome {
    mutating func recordSector(_ k: Int, defaults d: Int, _ shares: LossShares) {
        let base = k * SectorFigure.allCases.count
        bySector[base] += Double(d)
        bySector[base + 1] += shares.loss
        bySector[base + 2] += shares.poolClaim
    }

    public func sectorFigure(_ k: Int, _ f: SectorFigure) -> Double { bySector[k * SectorFigure.allCases.count + f.rawValue] }
}

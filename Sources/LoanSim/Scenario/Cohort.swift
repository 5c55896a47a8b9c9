/// An enterprise cohort: firms treated as exchangeable (same type, PD, loadings, loan terms).
/// Every firm holds at most one programme loan at a time.
public struct Cohort: Sendable, Equatable {
    public var name: String
    public var type: FirmType
    /// Revenue band upper bound in 万元, used by eligibility rules; nil = not stated.
    public var revenueWan: Double?
    /// Sector factor name; nil = macro factor only.
    public var sector: String?
    /// Firms in the cohort at the start.
    public var firms: Int
    /// Firms holding a programme loan at the start (a new loan each, age 0).
    public var initialBorrowers: Int
    /// Annual through-the-cycle PD in (0, 1).
    public var pd: Double
    /// Loading `a` on the macro factor (one-factor case `a = √ρ`).
    public var macroLoading: Double
    /// Loading `b` on the cohort's sector factor.
    public var sectorLoading: Double
    /// Loan size at origination, 万元 (capped further by the programme's per-firm limit).
    public var loanSize: LoanSizeSpec
    /// Unsecured loss given default, applied to the exposure net of collateral recovery (with a
    /// downturn model: its mean over the cycle).
    public var lgd: Double
    /// How the LGD moves with the cycle: fixed, or Frye–Jacobs (rising with the conditional default rate).
    public var lgdModel: LGDModel = .fixed
    public var termMonths: Int
    public var repayment: Repayment
    /// Probability a surviving loan is renewed at maturity (as a new loan of the same size law).
    public var renewalProbability: Double
    /// Annual probability that a firm of the cohort without a loan applies for one.
    public var demandPerYear: Double
    /// Firms joining the cohort each year (spread evenly over the steps).
    public var newFirmsPerYear: Double
    public var collateral: Collateral?
    /// Overrides the programme's compensation ratio for this cohort's loans (e.g. reference model B1).
    public var compensationRatio: Double?
    /// Profitable two years running (qualifies for full-compensation bonuses).
    public var profitable: Bool = false
    /// IP-pledge product: loan sized from the pledged IP, recovery by disposing of it.
    public var ipPledge: IPPledge?
    /// Policy guarantee on the loans (fee, payout-rate cap).
    public var guarantee: Guarantee?
    /// Guarantee-insurance premium (保证保险), annual, on outstanding principal; 0 = none.
    public var insurancePremium: Double = 0
    /// Loss shares among pool, guarantor, insurer, appraiser and bank; nil = ratio rules, bank the rest.
    public var lossSplit: LossSplit?
    /// Innovation-points score (创新积分), and the band the scenario's `innovation_points` maps it to
    /// (set when the scenario is read: its eligibility, line uplift — already in `loanSize` — and rate discount).
    public var innovationScore: Double?
    public var innovationBand: InnovationBand?
    /// Share of new borrowers in the invest-loan linkage (overrides the scenario's); nil = its default.
    public var linkageShare: Double?

    public init(
        name: String, type: FirmType = .techSME, revenueWan: Double? = nil, sector: String? = nil,
        firms: Int, initialBorrowers: Int? = nil, pd: Double, macroLoading: Double, sectorLoading: Double = 0,
        loanSize: LoanSizeSpec, lgd: Double = 1, termMonths: Int = 12, repayment: Repayment = .bullet,
        renewalProbability: Double = 0, demandPerYear: Double = 0, newFirmsPerYear: Double = 0,
        collateral: Collateral? = nil, compensationRatio: Double? = nil
    ) {
        self.name = name
        self.type = type
        self.revenueWan = revenueWan
        self.sector = sector
        self.firms = firms
        self.initialBorrowers = initialBorrowers ?? firms
        self.pd = pd
        self.macroLoading = macroLoading
        self.sectorLoading = sectorLoading
        self.loanSize = loanSize
        self.lgd = lgd
        self.termMonths = termMonths
        self.repayment = repayment
        self.renewalProbability = renewalProbability
        self.demandPerYear = demandPerYear
        self.newFirmsPerYear = newFirmsPerYear
        self.collateral = collateral
        self.compensationRatio = compensationRatio
    }

    /// Credit (信用) unless the loan carries physical collateral. IP-pledge loans count as credit.
    public var loanType: LoanType { (collateral?.share ?? 0) > 0 ? .collateralised : .credit }
}

public enum FirmType: String, Sendable, Equatable, CaseIterable {
    case hightech, techSME = "tech_sme", startup
}

public enum LoanType: String, Sendable, Equatable, CaseIterable {
    case credit, collateralised
}

public enum Repayment: String, Sendable, Equatable, CaseIterable {
    /// Principal repaid at maturity.
    case bullet
    /// Equal principal instalments (等额本金) at the end of each step.
    case amortising
}

/// Loan-size law at origination, 万元: lognormal by median and log-sd (`sigma` 0 = fixed amount).
public struct LoanSizeSpec: Sendable, Equatable {
    public var median: Double
    public var sigma: Double
    public init(median: Double, sigma: Double) {
        self.median = median
        self.sigma = sigma
    }
}

/// Physical collateral: it covers `share` (≤ 30% under 郑科贷) of the exposure and realises its value
/// less `haircut`, `lagMonths` after default. The pool claim is on the principal loss net of it.
public struct Collateral: Sendable, Equatable {
    public var share: Double
    public var haircut: Double
    public var lagMonths: Int
    public init(share: Double, haircut: Double, lagMonths: Int) {
        self.share = share
        self.haircut = haircut
        self.lagMonths = lagMonths
    }
}

/// The bank's and the budget's view (docs/model.md §3.7–3.8): loan pricing and costs, capital, invest-loan
/// linkage, innovation points and public subsidies. All rates annual.

/// A bank's economics of its programme book.
public struct BankEconomics: Sendable, Equatable {
    /// Benchmark rate (1-year LPR) and the programme's cap as a multiple of it (郑科贷: ≤ 1.3 ×).
    public var benchmarkRate: Double
    public var rateMultiple: Double
    public var fundingCost: Double
    /// Operating cost as a share of outstanding principal.
    public var operatingCost: Double
    /// Upfront fee on new loans, as a share of principal.
    public var upfrontFee: Double
    /// Who pays guarantee fees and insurance premiums: the borrower (default) or the bank.
    public var bankPaysGuaranteeFees: Bool
    public var capital: CapitalRule

    public init(benchmarkRate: Double = 0.031, rateMultiple: Double = 1.3, fundingCost: Double = 0.018, operatingCost: Double = 0.005,
                upfrontFee: Double = 0, bankPaysGuaranteeFees: Bool = false, capital: CapitalRule = CapitalRule()) {
        self.benchmarkRate = benchmarkRate
        self.rateMultiple = rateMultiple
        self.fundingCost = fundingCost
        self.operatingCost = operatingCost
        self.upfrontFee = upfrontFee
        self.bankPaysGuaranteeFees = bankPaysGuaranteeFees
        self.capital = capital
    }

    /// The programme's lending rate before innovation-point discounts.
    public var lendingRate: Double { benchmarkRate * rateMultiple }
}

/// How much capital the book consumes: Basel IRB (foundation corporate formula, with the SME firm-size
/// adjustment when sales are given) or a standardised risk weight; capital = RWA × `capitalRatio`.
public struct CapitalRule: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable, CaseIterable { case irb, standardised }
    public var method: Method
    public var capitalRatio: Double
    public var standardisedRiskWeight: Double
    /// Annual sales in 万元 for the SME correlation adjustment (5–50 million EUR band, here in CNY terms
    /// through `smeSalesMinWan…smeSalesMaxWan`); nil = none.
    public var smeAdjustment: Bool
    /// With compensation the covered share of the loss is treated as a government exposure: LGD × (1 − ratio).
    public var compensationRelief: Bool

    public init(method: Method = .irb, capitalRatio: Double = 0.105, standardisedRiskWeight: Double = 0.75,
                smeAdjustment: Bool = false, compensationRelief: Bool = true) {
        self.method = method
        self.capitalRatio = capitalRatio
        self.standardisedRiskWeight = standardisedRiskWeight
        self.smeAdjustment = smeAdjustment
        self.compensationRelief = compensationRelief
    }
}

/// Innovation points (创新积分制): a score falls in a band, and the band sets eligibility, a credit-line
/// uplift (loan sizes × (1 + uplift)), a rate discount and a PD multiplier.
public struct InnovationBand: Sendable, Equatable {
    public var name: String
    public var minScore: Double
    public var eligible: Bool
    public var lineUplift: Double
    public var rateDiscount: Double
    public var pdMultiplier: Double
    public init(name: String, minScore: Double, eligible: Bool = true, lineUplift: Double = 0, rateDiscount: Double = 0,
                pdMultiplier: Double = 1) {
        self.name = name
        self.minScore = minScore
        self.eligible = eligible
        self.lineUplift = lineUplift
        self.rateDiscount = rateDiscount
        self.pdMultiplier = pdMultiplier
    }
}

/// What an innovation score buys (docs/model.md §3.10): the band whose minimum it reaches, or, with
/// `interpolate`, line uplift, rate discount and PD multiplier linear in the score between the bands'
/// minimums (constant beyond the first and last). Eligibility always comes from the band reached.
public struct InnovationTerms: Sendable, Equatable {
    public var band: InnovationBand
    public var lineUplift: Double
    public var rateDiscount: Double
    public var pdMultiplier: Double

    /// The terms for `score` under `bands` (sorted by descending minimum); nil below every band.
    public static func of(score: Double, bands: [InnovationBand], interpolate: Bool) -> InnovationTerms? {
        guard let i = bands.firstIndex(where: { score >= $0.minScore }) else { return nil }
        let band = bands[i]
        var terms = InnovationTerms(band: band, lineUplift: band.lineUplift, rateDiscount: band.rateDiscount, pdMultiplier: band.pdMultiplier)
        guard interpolate, i > 0 else { return terms }
        let upper = bands[i - 1]
        let w = (score - band.minScore) / (upper.minScore - band.minScore)
        func mix(_ a: Double, _ b: Double) -> Double { a + w * (b - a) }
        terms.lineUplift = mix(band.lineUplift, upper.lineUplift)
        terms.rateDiscount = mix(band.rateDiscount, upper.rateDiscount)
        terms.pdMultiplier = mix(band.pdMultiplier, upper.pdMultiplier)
        return terms
    }
}

/// The public budget's side (docs/model.md §3.8): subsidies the government pays besides pool payouts, and the
/// rate at which future costs are discounted.
public struct Fiscal: Sendable, Equatable {
    /// Interest subsidy (贴息), a rate on outstanding principal.
    public var interestSubsidy: Double
    /// Shares of guarantee fees and insurance premiums the government pays.
    public var guaranteeFeeSubsidy: Double
    public var insuranceSubsidy: Double
    public var discountRate: Double
    public init(interestSubsidy: Double = 0, guaranteeFeeSubsidy: Double = 0, insuranceSubsidy: Double = 0, discountRate: Double = 0.025) {
        self.interestSubsidy = interestSubsidy
        self.guaranteeFeeSubsidy = guaranteeFeeSubsidy
        self.insuranceSubsidy = insuranceSubsidy
        self.discountRate = discountRate
    }
}

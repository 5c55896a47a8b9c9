/// The IP-pledge product's rules (docs/model.md §2, §3.6).

/// Intellectual-property pledge financing (知识产权质押融资): the loan is `pledgeRate` × the appraised
/// value of the pledged IP (capped by the per-firm limit). On default the IP's value is
/// `V = V₀ · exp(σW − σ²/2) · exp(βZ − β²/2)` (W, Z standard normal; Z the macro factor at default);
/// disposal succeeds with probability `disposalProbability` after a lag uniform on
/// `disposalLagMonths`, realising `V (1 − disposalDiscount)`; the recovery never exceeds the loss.
public struct IPPledge: Sendable, Equatable {
    public enum IPType: String, Sendable, Equatable, CaseIterable {
        case inventionPatent = "invention_patent", utilityModel = "utility_model", trademark

        /// docs/model.md §2: invention patents ≈ 25–30%, utility models ≈ 15%, trademarks ≤ 50%.
        public var defaultPledgeRate: Double {
            switch self {
            case .inventionPatent: return 0.275
            case .utilityModel: return 0.15
            case .trademark: return 0.5
            }
        }
    }

    public var ipType: IPType
    /// Appraised value of the pledged IP, 万元 (lognormal by median and log-sd).
    public var appraisedMedian: Double
    public var appraisedSigma: Double
    public var pledgeRate: Double
    /// Appraisal fee as a share of the appraised value, and the share of it the government subsidises.
    public var appraisalFee: Double
    public var appraisalSubsidy: Double
    public var valueVolatility: Double
    public var factorSensitivity: Double
    public var disposalProbability: Double
    public var disposalLagMonths: ClosedRange<Int>
    public var disposalDiscount: Double

    /// Defaults reproducing the reported experience: disposal rare (15%) and slow (1–3 years), at a deep
    /// discount, so that the expected realisation is a few per cent of appraised value (the one public
    /// case realised ≈ 7%). All but the pledge rates are assumptions.
    public init(ipType: IPType = .inventionPatent, appraisedMedian: Double, appraisedSigma: Double = 0.8,
                pledgeRate: Double? = nil, appraisalFee: Double = 0.025, appraisalSubsidy: Double = 0.5,
                valueVolatility: Double = 0.6, factorSensitivity: Double = 0.3, disposalProbability: Double = 0.15,
                disposalLagMonths: ClosedRange<Int> = 12...36, disposalDiscount: Double = 0.5) {
        self.ipType = ipType
        self.appraisedMedian = appraisedMedian
        self.appraisedSigma = appraisedSigma
        self.pledgeRate = pledgeRate ?? ipType.defaultPledgeRate
        self.appraisalFee = appraisalFee
        self.appraisalSubsidy = appraisalSubsidy
        self.valueVolatility = valueVolatility
        self.factorSensitivity = factorSensitivity
        self.disposalProbability = disposalProbability
        self.disposalLagMonths = disposalLagMonths
        self.disposalDiscount = disposalDiscount
    }
}

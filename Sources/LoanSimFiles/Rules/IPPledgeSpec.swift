import Foundation

/// Intellectual-property pledge financing (知识产权质押融资, `cohorts[].ip_pledge`; docs/model.md §2,
/// §3.6): the loan is `pledgeRate` × the appraised value of the pledged IP (capped by the per-firm
/// limit). On default the IP's value is `V = V₀ · exp(σW − σ²/2) · exp(βZ − β²/2)` (W, Z standard
/// normal; Z the macro factor at default); disposal succeeds with probability `disposalProbability`
/// after a lag uniform on `disposalLagMonths`, realising `V (1 − disposalDiscount)`; the recovery never
/// exceeds the loss. One type read from YAML (`Programme/IPPledge/IPPledgeReader`), echoed in
/// `scenario.json` with its cohort and described by the report; its keys are its `CodingKeys`.
public struct IPPledgeSpec: Codable, Sendable, Equatable {
    public enum IPType: String, Codable, Sendable, Equatable, CaseIterable {
        case inventionPatent = "invention_patent", utilityModel = "utility_model", trademark

        /// docs/model.md §2: invention patents ≈ 25–30%, utility models ≈ 15%, trademarks ≤ 50%.
        public var defaultPledgeRate: Double {
            switch self {
            case .inventionPatent: return 0.275
            case .utilityModel: return 0.15
            case .trademark: return 0.5
            }
        }

        public func words(chinese zh: Bool) -> String {
            switch self {
            case .inventionPatent: return zh ? "发明专利" : "invention patent"
            case .utilityModel: return zh ? "实用新型专利" : "utility model"
            case .trademark: return zh ? "商标" : "trademark"
            }
        }
    }

    /// The appraised value's lognormal law, 万元: median and log-sd.
    public typealias AppraisedValue = LogNormalSpec

    /// The disposal lag's range in months (uniform on it).
    public struct MonthRange: Codable, Sendable, Equatable {
        public var min: Int
        public var max: Int
        public enum CodingKeys: String, SpecKey { case min, max }
        public init(min: Int, max: Int) { (self.min, self.max) = (min, max) }
        public var range: ClosedRange<Int> { min...max }
    }

    public var ipType: IPType
    public var appraisedValue: AppraisedValue
    public var pledgeRate: Double
    /// Appraisal fee as a share of the appraised value, and the share of it the government subsidises.
    public var appraisalFee: Double
    public var appraisalSubsidy: Double
    public var valueVolatility: Double
    public var factorSensitivity: Double
    public var disposalProbability: Double
    public var disposalLagMonths: MonthRange
    public var disposalDiscount: Double

    public enum CodingKeys: String, SpecKey {
        case ipType, appraisedValue, pledgeRate, appraisalFee, appraisalSubsidy, valueVolatility, factorSensitivity,
             disposalProbability, disposalLagMonths, disposalDiscount
    }

    /// Defaults reproducing the reported experience: disposal rare (15%) and slow (1–3 years), at a deep
    /// discount, so that the expected realisation is a few per cent of appraised value (the one public
    /// case realised ≈ 7%). All but the pledge rates are assumptions.
    public init(ipType: IPType = .inventionPatent, appraisedMedian: Double, appraisedSigma: Double = 0.8,
                pledgeRate: Double? = nil, appraisalFee: Double = 0.025, appraisalSubsidy: Double = 0.5,
                valueVolatility: Double = 0.6, factorSensitivity: Double = 0.3, disposalProbability: Double = 0.15,
                disposalLagMonths: ClosedRange<Int> = 12...36, disposalDiscount: Double = 0.5) {
        self.ipType = ipType
        appraisedValue = AppraisedValue(median: appraisedMedian, sigma: appraisedSigma)
        self.pledgeRate = pledgeRate ?? ipType.defaultPledgeRate
        self.appraisalFee = appraisalFee
        self.appraisalSubsidy = appraisalSubsidy
        self.valueVolatility = valueVolatility
        self.factorSensitivity = factorSensitivity
        self.disposalProbability = disposalProbability
        self.disposalLagMonths = MonthRange(min: disposalLagMonths.lowerBound, max: disposalLagMonths.upperBound)
        self.disposalDiscount = disposalDiscount
    }

    /// The expected share of the appraised value a default recovers before the loss cap:
    /// P(sold) × (1 − discount) (the value's factors have mean one).
    public var expectedRealisation: Double { disposalProbability * (1 - disposalDiscount) }

    /// The pledge in words, in both report languages; `percent` and `money` format the figures.
    public func describe(chinese zh: Bool, percent: (Double) -> String, money: (Double) -> String) -> [(label: String, value: String)] {
        func say(_ en: String, _ cn: String) -> String { zh ? cn : en }
        return [
            (say("Pledged IP", "质押物"), ipType.words(chinese: zh)),
            (say("Appraised value", "评估价值"), say("median \(money(appraisedValue.median)), log-sd \(appraisedValue.sigma)",
                                                  "中位数 \(money(appraisedValue.median))，对数标准差 \(appraisedValue.sigma)")),
            (say("Pledge rate", "质押率"), percent(pledgeRate)),
            (say("Appraisal fee (subsidised share)", "评估费（财政补贴比例）"), "\(percent(appraisalFee)) (\(percent(appraisalSubsidy)))"),
            (say("Disposal on default", "违约后处置"),
             say("succeeds with probability \(percent(disposalProbability)) after \(disposalLagMonths.min)–\(disposalLagMonths.max) months, at a \(percent(disposalDiscount)) discount",
                 "成功概率 \(percent(disposalProbability))，耗时 \(disposalLagMonths.min)–\(disposalLagMonths.max) 个月，折价 \(percent(disposalDiscount))")),
            (say("Value's volatility, factor sensitivity", "价值波动率、宏观敏感度"), "\(valueVolatility), \(factorSensitivity)"),
            (say("Expected realisation", "预期变现比例"), say("\(percent(expectedRealisation)) of the value at default", "违约时价值的 \(percent(expectedRealisation))")),
        ]
    }
}

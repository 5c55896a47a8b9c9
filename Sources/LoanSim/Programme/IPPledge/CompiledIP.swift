import LoanSimFiles

/// The IP pledge's compile step: its recovery constants, lags in steps (rounded up).
public struct CompiledIP: Sendable {
    public let pledgeRate: Double
    public let sigma: Double
    public let beta: Double
    public let success: Double
    public let lagMinSteps: Int
    public let lagMaxSteps: Int
    public let discount: Double
    public let appraisalFee: Double
    public let appraisalSubsidy: Double

    init(_ ip: IPPledgeSpec, stepMonths d: Int) {
        pledgeRate = ip.pledgeRate
        sigma = ip.valueVolatility
        beta = ip.factorSensitivity
        success = ip.disposalProbability
        lagMinSteps = (ip.disposalLagMonths.min + d - 1) / d
        lagMaxSteps = (ip.disposalLagMonths.max + d - 1) / d
        discount = ip.disposalDiscount
        appraisalFee = ip.appraisalFee
        appraisalSubsidy = ip.appraisalSubsidy
    }
}

/// What one simulated path produced. Money in 万元, counts in loans, steps 0-based.
///
/// Identities that hold on every path (tested):
/// - `exposureAtDefault = grossLoss + recoveries`
/// - `grossLoss = claimsFiled + claimsAfterHorizon + guarantorLoss + insurerLoss + appraiserLoss + bankRetained`
/// - `claimsFiled = poolPaid + unpaidClaims + claimsDenied`
/// - `bankNetLoss = grossLoss − poolPaid − guarantorLoss − insurerLoss − appraiserLoss − ipRecoveryBank`
/// - per pool: `balanceEnd = initial + topUps + interest + clawback − paid − fees`
/// - `ipRecoveries = clawbackPools + clawbackGuarantor + clawbackInsurer + clawbackAppraiser + ipRecoveryBank`
public struct PathOutcome: Sendable, Equatable {
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
    /// Per pool, in scenario order.
    public var pools: [PoolOutcome] = []
    /// Per bank: first step a breaker acted on it (−1: never).
    public var bankFirstSuspension: [Int] = []

    public init() {}
}

/// One pool's flows on one path, 万元.
public struct PoolOutcome: Sendable, Equatable {
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

/// What one simulated path produced. Money in 万元, counts in loans, steps 0-based.
///
/// Identities that hold on every path (tested):
/// - `exposureAtDefault = grossLoss + recoveries`
/// - `grossLoss = poolPaid + unpaidClaims + claimsAfterHorizon + bankRetained`
/// - `bankNetLoss = grossLoss − poolPaid`
/// - `poolBalanceEnd = initial + topUps + interest − poolPaid − adminFees`
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

    public init() {}
}

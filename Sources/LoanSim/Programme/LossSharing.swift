/// How one defaulted loan's principal loss is shared (§3.6), in the order the rules apply:
/// collateral recovery, the unsecured loss, the pool claim (ratio × loss, capped per loan), and the
/// rest to the bank. Compensation covers principal only.
struct LossSplit {
    var exposure: Double
    var recovery: Double
    var loss: Double
    var claim: Double

    /// The bank's uncompensated share of the loss.
    var bankRetained: Double { loss - claim }
}

extension CompiledCohort {
    /// Splits the loss of a loan with outstanding principal `exposure` 万元.
    @inlinable func split(exposure e: Double) -> (recovery: Double, loss: Double, claim: Double) {
        let loss = (e - e * collateralRecovery) * lgd
        let claim = min(ratio * loss, claimCap)
        return (e - loss, loss, claim)
    }
}

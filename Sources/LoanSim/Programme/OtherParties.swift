/// Parties besides the bank and the pools that bear part of a loss: the loss split and a policy
/// guarantee (docs/model.md §2, §3.6).

/// Shares of a loan's principal loss borne by parties other than the pool scheme's ratio rules: e.g.
/// 4 : 4 : 2 pool : guarantor : bank, or 54 : 26 : 16 : 4 pool : bank : insurer : appraiser. With a split,
/// the pool's share replaces the ratio rules for these loans; shares sum to 1.
public struct LossSplit: Sendable, Equatable {
    public var pool: Double
    public var guarantor: Double
    public var insurer: Double
    public var appraiser: Double
    public var bank: Double
    public init(pool: Double, guarantor: Double = 0, insurer: Double = 0, appraiser: Double = 0, bank: Double) {
        self.pool = pool
        self.guarantor = guarantor
        self.insurer = insurer
        self.appraiser = appraiser
        self.bank = bank
    }
}

/// A policy guarantee (政策性担保) or guarantee insurance on a cohort's loans: annual fee or premium on
/// the outstanding principal, and the guarantor's payout-rate (代偿率) cap — its payouts in a year are
/// at most `payoutCap` × its guaranteed balance at the start of the year; the excess falls to the bank.
public struct Guarantee: Sendable, Equatable {
    public var feeRate: Double
    public var payoutCap: Double?
    public init(feeRate: Double = 0.01, payoutCap: Double? = nil) {
        self.feeRate = feeRate
        self.payoutCap = payoutCap
    }
}

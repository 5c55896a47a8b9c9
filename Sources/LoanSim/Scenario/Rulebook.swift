/// The programme rulebook (docs/model.md §2, §3.5–3.6): products with other parties, compensation-ratio rules,
/// caps, several pools, shortfall and top-up rules, clawback and circuit breakers.

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

/// How a compensation ratio is chosen for a loan (per pool scheme).
public struct CompensationRules: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        /// Upper revenue bound of the tier, 万元 (nil = no bound: the last tier).
        public var upTo: Double?
        public var ratio: Double
        public init(upTo: Double?, ratio: Double) {
            self.upTo = upTo
            self.ratio = ratio
        }
    }

    public struct FullCompensation: Sendable, Equatable {
        /// Losses up to this amount are compensated in full (the 2019 郑科贷 bonus: 300万).
        public var upToLoss: Double
        public var types: [FirmType]
        public var profitableOnly: Bool
        public init(upToLoss: Double, types: [FirmType] = [], profitableOnly: Bool = false) {
            self.upToLoss = upToLoss
            self.types = types
            self.profitableOnly = profitableOnly
        }
    }

    public enum Choice: String, Sendable, Equatable, CaseIterable {
        /// The highest ratio among the rules that apply.
        case highest
        /// The first rule that applies, in the order: full compensation, revenue tiers, loan type.
        case first
    }

    public var credit: Double
    public var collateralised: Double
    public var ipPledge: Double?
    public var guaranteed: Double?
    public var revenueTiers: [Tier]
    /// Points added per year of loan term, up to `termBonusMax` (added to the chosen ratio, total ≤ 1).
    public var termBonusPerYear: Double
    public var termBonusMax: Double
    public var fullCompensation: FullCompensation?
    public var choice: Choice

    public init(credit: Double = 0.8, collateralised: Double = 0.6, ipPledge: Double? = nil, guaranteed: Double? = nil,
                revenueTiers: [Tier] = [], termBonusPerYear: Double = 0, termBonusMax: Double = 0,
                fullCompensation: FullCompensation? = nil, choice: Choice = .highest) {
        self.credit = credit
        self.collateralised = collateralised
        self.ipPledge = ipPledge
        self.guaranteed = guaranteed
        self.revenueTiers = revenueTiers
        self.termBonusPerYear = termBonusPerYear
        self.termBonusMax = termBonusMax
        self.fullCompensation = fullCompensation
        self.choice = choice
    }

    /// The ratio by loan type for `cohort`.
    public func typeRatio(_ cohort: Cohort) -> Double {
        if cohort.ipPledge != nil { return ipPledge ?? credit }
        if cohort.guarantee != nil, let guaranteed { return guaranteed }
        return cohort.loanType == .credit ? credit : collateralised
    }

    /// The revenue-tier ratio, if tiers are set and the cohort's revenue is known.
    public func tierRatio(_ cohort: Cohort) -> Double? {
        guard !revenueTiers.isEmpty, let revenue = cohort.revenueWan else { return nil }
        return revenueTiers.first { $0.upTo.map { revenue <= $0 } ?? true }?.ratio
    }

    /// Whether the full-compensation rule applies to the cohort's firms (before the loss test).
    public func fullCompensationApplies(_ cohort: Cohort) -> Bool {
        guard let f = fullCompensation, f.types.isEmpty || f.types.contains(cohort.type) else { return false }
        return !f.profitableOnly || cohort.profitable
    }

    /// The ratio for `cohort` when full compensation does not apply: tier or type by `choice`, plus the
    /// term bonus, at most 1.
    public func baseRatio(_ cohort: Cohort) -> Double {
        let type = typeRatio(cohort)
        let chosen: Double
        if let tier = tierRatio(cohort) {
            chosen = choice == .highest ? max(tier, type) : tier
        } else {
            chosen = type
        }
        let bonus = min(termBonusMax, termBonusPerYear * Double(cohort.termMonths) / 12)
        return min(1, chosen + bonus)
    }
}

/// Which loans a pool covers; an empty list admits all.
public struct PoolCoverage: Sendable, Equatable {
    public var cohorts: [String]
    public var types: [FirmType]
    public var banks: [String]
    public init(cohorts: [String] = [], types: [FirmType] = [], banks: [String] = []) {
        self.cohorts = cohorts
        self.types = types
        self.banks = banks
    }

    public func covers(cohort: Cohort) -> Bool {
        (cohorts.isEmpty || cohorts.contains(cohort.name)) && (types.isEmpty || types.contains(cohort.type))
    }
    public func covers(bank: String) -> Bool { banks.isEmpty || banks.contains(bank) }
}

/// A pool's top-up rule besides its schedule, applied at the start of each year from the second on.
public enum RefillRule: Sendable, Equatable {
    /// Top up to `target` 万元, at most `annualBudget` a year.
    case toTarget(target: Double, annualBudget: Double)
    /// Add last year's payouts, at most `annualBudget` a year.
    case lastYearPayouts(annualBudget: Double)
}

/// A per-bank, per-year cap on a pool's compensation (Henan 2025: min(2% of the bank's prior-year
/// programme balance, 1,000万)).
public struct BankYearCap: Sendable, Equatable {
    public var shareOfPriorBalance: Double
    public var amount: Double
    public init(shareOfPriorBalance: Double, amount: Double) {
        self.shareOfPriorBalance = shareOfPriorBalance
        self.amount = amount
    }
}

/// What a circuit breaker measures, per bank.
public enum BreakerMetric: String, Sendable, Equatable, CaseIterable {
    /// Principal of loans defaulted in the window ÷ (outstanding + that principal).
    case overdueRate = "overdue_rate"
    /// Principal loss in the window ÷ the bank's programme balance at the start of the window.
    case annualLossRate = "annual_loss_rate"
    /// Compensation paid to the bank in the window ÷ the pools' balance.
    case compensationToBalance = "compensation_to_balance"
    /// The guarantor's payouts on the bank's loans in the window ÷ the bank's guaranteed balance.
    case guarantorPayoutRate = "guarantor_payout_rate"
}

public enum BreakerAction: String, Sendable, Equatable, CaseIterable {
    /// No new programme loans from the bank.
    case suspendLending = "suspend_lending"
    /// The bank's claims filed while it is suspended are denied.
    case stopCompensation = "stop_compensation"
}

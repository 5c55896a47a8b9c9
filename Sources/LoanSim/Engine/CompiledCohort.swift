import LoanSimFiles
import RiskModel

// The compiled per-cohort, per-pool, linkage and IP constants `CompiledScenario` holds.

/// Per-cohort constants, hoisted out of the path loop. Plain data: copying one is a memcpy.
public struct CompiledCohort: Sendable {
    public let index: Int
    /// Ineligible cohorts originate nothing and hold no programme loans.
    public let eligible: Bool
    public let sectorIndex: Int
    public let size: CappedLogNormal
    public let meanSize: Double
    public let termSteps: Int
    /// Steps from default to filing this cohort's claims (see `CompiledScenario.claimLagSteps(_:_:)`).
    public let claimLagSteps: Int
    public let amortising: Bool
    public let renewalProbability: Double
    public let demandPerStep: Double
    public let entrantsPerStep: Double
    public let firms: Int
    public let firmType: FirmType
    public let initialBorrowers: Int
    /// The guarantor's, insurer's and appraiser's shares, fees and cap (Programme/OtherParties).
    public let parties: CompiledParties
    public let ip: CompiledIP?
    /// Programme lending rate (innovation-band discount applied), per step.
    public let lendingRatePerStep: Double
    /// Risk weights with and without the programme's compensation.
    public let riskWeight: Double
    public let riskWeightUncompensated: Double
    /// Share of new borrowers in the invest-loan linkage (0: none).
    public let linkageShare: Double
    public let linkagePurpose: UInt32
    public let defaultsPurpose: UInt32
    public let lendingPurpose: UInt32
    public let reachPurpose: UInt32
}

public struct CompiledPool: Sendable {
    public let initial: Double
    public let interestPerStep: Double
    public let feePerStep: Double
    public let shortfall: ShortfallRule
    public let refill: RefillSpec?
}

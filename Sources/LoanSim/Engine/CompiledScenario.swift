import Foundation
import RiskModel

/// A scenario turned into per-step constants for the path loop: thresholds `Φ⁻¹(q)` by cohort and
/// step (stress multipliers applied), macro shifts and top-ups by step, lags in steps. Built once per
/// run and shared read-only by every task.
public final class CompiledScenario: Sendable {
    public let scenario: Scenario
    public let stepMonths: Int
    public let stepCount: Int
    public let macro: AR1Factor
    public let sectors: [AR1Factor]
    /// Added to `Z_t` at each step (sum of the stress overlays active in that step).
    public let macroShift: [Double]
    /// Plain-data cohort constants (no references, so reading one copies nothing that needs counting).
    public let cohorts: [CompiledCohort]
    public let cohortNames: [String]
    /// By step and cohort (`[t * cohorts.count + c]`), stress overlays applied: the default threshold
    /// `Φ⁻¹(q)`, the loadings a and b, `1/√(1−a²−b²)`, and the principal loss per unit of exposure.
    public let thresholds: [Double]
    public let macroLoadings: [Double]
    public let sectorLoadings: [Double]
    public let inverseScales: [Double]
    public let lossPerExposure: [Double]
    /// A deterministic macro path replacing the AR(1) draws, if the scenario gives one.
    public let macroPath: [Double]?
    public let bankShares: [Double]
    /// Top-ups paid in at the start of each step, 万元.
    public let topUp: [Double]
    /// Interest credited per step as a share of the balance: `(1 + r)^(Δ/12) − 1`.
    public let interestPerStep: Double
    /// Admin fee per step as a share of the balance: `fee × Δ/12`.
    public let feePerStep: Double
    /// Steps from default to filing the claim: `⌈claim_lag_months / Δ⌉`.
    public let claimLagSteps: Int
    public let breaker: CompiledBreaker?
    public let leverageLimit: Double?

    public init(_ s: Scenario) {
        scenario = s
        stepMonths = s.step.months
        stepCount = s.horizonMonths / s.step.months
        let d = stepMonths
        func stepOf(month: Int) -> Int { (month - 1) / d }
        func overlaps(_ t: Int, _ from: Int, _ to: Int) -> Bool {
            let first = t * d + 1, last = (t + 1) * d
            return from <= last && to >= first
        }
        macro = AR1Factor(phi: pow(s.macro.phi, Double(d)))
        sectors = s.sectors.map { AR1Factor(phi: pow($0.phi, Double(d))) }
        macroShift = (0..<stepCount).map { t in
            s.stresses.filter { overlaps(t, $0.fromMonth, $0.toMonth) }.reduce(0) { $0 + $1.macroShift }
        }
        var top = [Double](repeating: 0, count: stepCount)
        for t in s.pool.topUps where t.month <= s.horizonMonths { top[stepOf(month: t.month)] += t.amount }
        topUp = top
        interestPerStep = pow(1 + s.pool.interestRate, Double(d) / 12) - 1
        feePerStep = s.pool.adminFeeRate * Double(d) / 12
        claimLagSteps = (s.programme.claimLagMonths + d - 1) / d
        bankShares = s.banks.map(\.share)
        leverageLimit = s.programme.leverageLimit
        breaker = s.breaker.map { b in
            CompiledBreaker(threshold: b.threshold, windowSteps: max(1, (b.windowMonths + d - 1) / d),
                            minSuspensionSteps: (b.minSuspensionMonths + d - 1) / d)
        }
        let stepCount = self.stepCount
        cohortNames = s.cohorts.map(\.name)
        let cc = s.cohorts.count
        var thresholds = [Double](repeating: 0, count: stepCount * cc)
        var aStep = thresholds, bStep = thresholds, invStep = thresholds, lossStep = thresholds
        for (i, c) in s.cohorts.enumerated() {
            let q = ConditionalPD.stepPD(annual: c.pd, months: d)
            for t in 0..<stepCount {
                var m = 1.0, rhoM = 1.0, haircut = c.collateral?.haircut ?? 0
                for st in s.stresses where overlaps(t, st.fromMonth, st.toMonth) && st.applies(to: c.name) {
                    m *= st.pdMultiplier
                    rhoM *= st.rhoMultiplier
                    haircut = min(1, haircut + st.collateralHaircut)
                }
                let a = c.macroLoading * rhoM.squareRoot(), b = c.sectorLoading
                thresholds[t * cc + i] = Normal.quantile(min(q * m, 1 - 1e-12))
                aStep[t * cc + i] = a
                bStep[t * cc + i] = b
                invStep[t * cc + i] = 1 / (1 - a * a - b * b).squareRoot()
                lossStep[t * cc + i] = c.lgd * (1 - (c.collateral?.share ?? 0) * (1 - haircut))
            }
        }
        self.thresholds = thresholds
        macroLoadings = aStep
        sectorLoadings = bStep
        inverseScales = invStep
        lossPerExposure = lossStep
        macroPath = s.macro.path
        cohorts = s.cohorts.enumerated().map { i, c in
            let ratio = c.compensationRatio ?? s.programme.ratio(for: c.loanType)
            let size = LoanSize(median: c.loanSize.median, sigma: c.loanSize.sigma, cap: s.programme.perFirmLimit)
            return CompiledCohort(
                index: i, eligible: s.programme.eligibility.admits(c),
                sectorIndex: c.sector.flatMap { name in s.sectors.firstIndex { $0.name == name } } ?? -1,
                size: size, meanSize: size.mean,
                ratio: ratio, claimCap: s.programme.perLoanCap,
                termSteps: c.termMonths / d, amortising: c.repayment == .amortising,
                renewalProbability: c.renewalProbability,
                demandPerStep: ConditionalPD.stepPD(annual: c.demandPerYear, months: d),
                entrantsPerStep: c.newFirmsPerYear * Double(d) / 12,
                firms: c.firms, initialBorrowers: c.initialBorrowers,
                defaultsPurpose: StreamSeed.purpose("cohort/\(c.name)/defaults"),
                lendingPurpose: StreamSeed.purpose("cohort/\(c.name)/lending"))
        }
    }

    /// The 1-based year in which step `t` (0-based) ends.
    public func year(ofStep t: Int) -> Int { ((t + 1) * stepMonths + 11) / 12 }
    public var years: Int { (stepCount * stepMonths + 11) / 12 }
}

/// Per-cohort constants, hoisted out of the path loop. Plain data: copying one is a memcpy.
public struct CompiledCohort: Sendable {
    public let index: Int
    /// Ineligible cohorts originate nothing and hold no programme loans.
    public let eligible: Bool
    public let sectorIndex: Int
    public let size: LoanSize
    public let meanSize: Double
    public let ratio: Double
    public let claimCap: Double
    public let termSteps: Int
    public let amortising: Bool
    public let renewalProbability: Double
    public let demandPerStep: Double
    public let entrantsPerStep: Double
    public let firms: Int
    public let initialBorrowers: Int
    public let defaultsPurpose: UInt32
    public let lendingPurpose: UInt32

    /// Outstanding share of the original principal during the `age`-th step of a loan's life (0-based):
    /// 1 for bullet loans, `1 − age/term` for equal-principal amortisation.
    @inlinable public func outstandingFactor(age: Int) -> Double {
        amortising ? 1 - Double(age) / Double(termSteps) : 1
    }
}

public struct CompiledBreaker: Sendable {
    public let threshold: Double
    public let windowSteps: Int
    public let minSuspensionSteps: Int
}

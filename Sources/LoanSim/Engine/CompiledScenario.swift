import Foundation
import LoanSimFiles
import RiskModel

/// A scenario turned into per-step constants for the path loop: thresholds `Φ⁻¹(q)` by cohort and
/// step (stress multipliers applied), macro shifts and top-ups by step, lags in steps. Built once per
/// run and shared read-only by every task.
public final class CompiledScenario: Sendable {
    public let scenario: Scenario
    public let stepMonths: Int
    public let stepCount: Int
    public let budgetYears: BudgetYears
    public let macro: AR1Factor
    public let sectors: [AR1Factor]
    /// Added to `Z_t` at each step (sum of the stress overlays active in that step).
    public let macroShift: [Double]
    /// Plain-data cohort constants (no references, so reading one copies nothing that needs counting).
    public let cohorts: [CompiledCohort]
    /// Per cohort: the numerical-inversion sampler of its loan-size law (nil for a fixed size), shared
    /// by cohorts with the same law; and of its pledged IP's lognormal value factor `e^{σW − σ²/2}`.
    public let sizeSamplers: [InversionSampler?]
    public let ipValueSamplers: [InversionSampler?]
    public let cohortNames: [String]
    /// By step and cohort (`[t * cohorts.count + c]`), stress overlays applied: the default threshold
    /// `Φ⁻¹(q)`, the loadings a and b, `1/√(1−a²−b²)`, and the principal loss per unit of exposure.
    public let thresholds: [Double]
    public let macroLoadings: [Double]
    public let sectorLoadings: [Double]
    public let inverseScales: [Double]
    public let lossPerExposure: [Double]
    /// By cohort: the downturn-LGD curve (`lgd: {model: frye-jacobs}`) for the step's PD, mean LGD and
    /// ρ = a² + b²; nil for a fixed LGD. The engine scales `lossPerExposure` by it each step.
    public let lgdCurves: [FryeJacobs?]
    /// By step and cohort: the collateral haircut, stresses applied (tape loans carry their own share).
    public let collateralHaircuts: [Double]
    /// By step and cohort: the stress overlays' PD and ρ multipliers (kept to rebuild the tables above
    /// when a path draws its own PD and ρ).
    public let stepPDMultipliers: [Double]
    public let stepRhoMultipliers: [Double]
    /// The calibration whose posterior draws each path picks from; nil when parameters are fixed.
    public let parameterDraws: CalibrationLink?
    /// IP value at default × this (1 − the IP-value haircuts of stresses active in the step).
    public let ipValueFactor: [Double]
    /// A deterministic macro path replacing the AR(1) draws, if the scenario gives one.
    public let macroPath: [Double]?
    /// Importance sampling: the shift of the macro factor's innovations and what it aims at (nil: plain sampling).
    public let importance: ImportanceDesign?
    public let bankShares: [Double]
    /// Steps from default to filing the claim: `⌈claim_lag_months / Δ⌉`.
    public let claimLagSteps: Int
    /// The longest filing lag of any cohort (a collateralised cohort files once its collateral is sold).
    public let maxClaimLagSteps: Int
    public let breakers: [CompiledBreaker]
    /// The breaker's readings a calibration averaged over (`CalibrationLink.variantDraws`): index v is
    /// the scenario's breakers with the settings of reading v (0: as written).
    public let breakerVariants: [[CompiledBreaker]]
    /// The books the breakers read (each cohort's mask of them).
    public let breakerBooks: BreakerBooks
    public let leverageLimit: Double?
    /// Plain-data pool constants; names and scheduled top-ups apart.
    public let pools: [CompiledPool]
    public let poolNames: [String]
    /// The pools' scheduled top-ups per step (Programme/PoolPayout).
    public let topUps: TopUpSchedule
    /// The compensation rules compiled: schemes, ratios, routing to pools, caps (Programme/Compensation).
    public let schemes: CompiledSchemes
    public let perBankYearCap: BankYearCapSpec?
    public let clawback: Bool
    /// Longest IP disposal lag in steps (0 without IP loans): the recovery pipeline's length.
    public let maxRecoveryLagSteps: Int
    /// Bank economics per step (shares of outstanding), fiscal subsidy rates, discount factors to the
    /// start for flows at the end of each step.
    public let fundingPerStep: Double
    public let operatingPerStep: Double
    public let upfrontFee: Double
    public let capitalRatio: Double
    public let bankPaysGuaranteeFees: Bool
    public let interestSubsidyPerStep: Double
    public let guaranteeFeeSubsidy: Double
    public let insuranceSubsidy: Double
    public let discount: [Double]
    public let linkage: CompiledLinkage?
    public let linkageEntrySampler: InversionSampler?
    /// The city's funds, and each one's ticket sampler (nil: a fixed ticket).
    let funds: [CompiledFund]
    public let fundTicketSamplers: [InversionSampler?]
    /// How latent variables are joined: thresholds are the copula's quantiles, times its mixing per step.
    public let copula: Copula
    /// The by-sector outputs' names (`Scenario.outputSectors`) and each cohort's place among them (−1: none).
    public let sectorNames: [String]
    public let cohortSector: [Int]
    /// The scenario's loan tape, loan by loan (nil: cohorts only).
    public let tape: CompiledTape?
    public var horizonYears: Double { Double(stepCount * stepMonths) / 12 }

    /// `perLoanLossSharing` turns the fast path off: every default then goes through the per-loan rules
    /// (`PathEngine.defaultOneLoan`), drawing the same words; a test checks the two agree.
    public init(_ s: Scenario, perLoanLossSharing: Bool = false, importance: ImportanceDesign? = nil) {
        scenario = s
        self.importance = importance
        stepMonths = s.step.months
        stepCount = s.horizonMonths / s.step.months
        budgetYears = BudgetYears(start: s.start, stepMonths: s.step.months, stepCount: s.horizonMonths / s.step.months)
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
        claimLagSteps = (s.programme.claimLagMonths + d - 1) / d
        copula = s.copula
        bankShares = s.banks.map(\.share)
        leverageLimit = s.programme.leverageLimit
        let lag = claimLagSteps
        let books = BreakerBooks([s.breakers] + s.breakerVariants, cohorts: s.cohorts.map(\.name))
        breakerBooks = books
        breakers = zip(s.breakers, books.bookOf[0]).map { CompiledBreaker($0, stepMonths: d, claimLagSteps: lag, book: $1) }
        breakerVariants = s.breakerVariants.enumerated().map { v, list in
            zip(list, books.bookOf[v + 1]).map { CompiledBreaker($0, stepMonths: d, claimLagSteps: lag, book: $1) }
        }
        topUps = TopUpSchedule(s.pools, stepMonths: d, stepCount: stepCount, horizonMonths: s.horizonMonths)
        poolNames = s.pools.map(\.name)
        pools = s.pools.map { p in
            CompiledPool(initial: p.initialCapital, interestPerStep: pow(1 + p.interestRate, Double(d) / 12) - 1,
                         feePerStep: p.adminFeeRate * Double(d) / 12, shortfall: p.shortfall, refill: p.refill)
        }
        schemes = CompiledSchemes(s, perLoanLossSharing: perLoanLossSharing)
        perBankYearCap = s.programme.perBankYearCap
        clawback = s.programme.clawback
        let econ = s.bankEconomics
        fundingPerStep = econ.fundingCost * Double(d) / 12
        operatingPerStep = econ.operatingCost * Double(d) / 12
        upfrontFee = econ.upfrontFee
        capitalRatio = econ.capital.capitalRatio
        bankPaysGuaranteeFees = econ.bankPaysGuaranteeFees
        interestSubsidyPerStep = s.fiscal.interestSubsidy * Double(d) / 12
        guaranteeFeeSubsidy = s.fiscal.guaranteeFeeSubsidy
        insuranceSubsidy = s.fiscal.insuranceSubsidy
        discount = (0..<stepCount).map { pow(1 + s.fiscal.discountRate, -Double(($0 + 1) * d) / 12) }
        linkage = s.linkage.map { CompiledLinkage($0, copula: s.copula, stepMonths: d) }
        maxRecoveryLagSteps = s.cohorts.compactMap { $0.ipPledge.map { ($0.disposalLagMonths.max + d - 1) / d } }.max() ?? 0
        let stepCount = self.stepCount
        cohortNames = s.cohorts.map(\.name)
        let cc = s.cohorts.count
        var thresholds = [Double](repeating: 0, count: stepCount * cc)
        var aStep = thresholds, bStep = thresholds, invStep = thresholds, lossStep = thresholds, ipStep = thresholds, cutStep = thresholds
        var pdMult = thresholds, rhoMult = thresholds
        for (i, c) in s.cohorts.enumerated() {
            for t in 0..<stepCount {
                var m = 1.0, rhoM = 1.0, haircut = c.collateral?.haircut ?? 0
                var ipFactor = 1.0
                for st in s.stresses where overlaps(t, st.fromMonth, st.toMonth) && st.applies(to: c) {
                    ipFactor *= 1 - st.ipValueHaircut
                    m *= st.pdMultiplier
                    rhoM *= st.rhoMultiplier
                    haircut = min(1, haircut + st.collateralHaircut)
                }
                pdMult[t * cc + i] = m
                rhoMult[t * cc + i] = rhoM
                bStep[t * cc + i] = c.sectorLoading
                lossStep[t * cc + i] = c.lgd * (1 - (c.collateral?.share ?? 0) * (1 - haircut))
                ipStep[t * cc + i] = ipFactor
                cutStep[t * cc + i] = haircut
            }
        }
        stepPDMultipliers = pdMult
        stepRhoMultipliers = rhoMult
        sectorLoadings = bStep
        for (i, c) in s.cohorts.enumerated() {
            Self.fillDefaultTables(cohort: i, cohorts: cc, steps: stepCount, stepMonths: d, pd: c.pd, macroLoading: c.macroLoading, copula: s.copula,
                                   pdMultipliers: pdMult, rhoMultipliers: rhoMult, sectorLoadings: bStep,
                                   thresholds: &thresholds, macroLoadings: &aStep, inverseScales: &invStep)
        }
        parameterDraws = s.drawsParameters ? s.calibration : nil
        self.thresholds = thresholds
        macroLoadings = aStep
        inverseScales = invStep
        lossPerExposure = lossStep
        lgdCurves = s.cohorts.map { c in Self.lgdCurve(c, pd: c.pd, macroLoading: c.macroLoading, stepMonths: d) }
        collateralHaircuts = cutStep
        ipValueFactor = ipStep
        macroPath = s.macro.path
        cohorts = s.cohorts.enumerated().map { i, c in
            let size = CappedLogNormal(median: c.loanSize.median, sigma: c.loanSize.sigma, cap: s.programme.perFirmLimit)
            return CompiledCohort(
                index: i, eligible: s.programme.eligibility.admits(c),
                sectorIndex: c.sector.flatMap { name in s.sectors.firstIndex { $0.name == name } } ?? -1,
                size: size, meanSize: size.mean,
                termSteps: c.termMonths / d, claimLagSteps: Self.claimLagSteps(c, s), amortising: c.repayment == .amortising,
                renewalProbability: c.renewalProbability,
                demandPerStep: ConditionalPD.stepPD(annual: c.demandPerYear, months: d),
                entrantsPerStep: c.newFirmsPerYear * Double(d) / 12,
                firms: c.firms, firmType: c.type, initialBorrowers: c.initialBorrowers,
                parties: CompiledParties(c, stepMonths: d),
                ip: c.ipPledge.map { CompiledIP($0, stepMonths: d) },
                lendingRatePerStep: max(0, s.bankEconomics.lendingRate - (c.innovationBand?.rateDiscount ?? 0)) * Double(d) / 12,
                riskWeight: Self.riskWeight(c, s, compensated: true), riskWeightUncompensated: Self.riskWeight(c, s, compensated: false),
                linkageShare: s.linkage == nil ? 0 : (c.linkageShare ?? s.linkage!.shareOfBorrowers),
                linkagePurpose: StreamSeed.purpose("cohort/\(c.name)/linkage"),
                defaultsPurpose: StreamSeed.purpose("cohort/\(c.name)/defaults"),
                lendingPurpose: StreamSeed.purpose("cohort/\(c.name)/lending"),
                reachPurpose: StreamSeed.purpose("cohort/\(c.name)/reach"))
        }
        var samplers: [CappedLogNormal: InversionSampler] = [:]
        func sampler(_ law: CappedLogNormal) -> InversionSampler? {
            if law.isDegenerate { return nil }
            if let known = samplers[law] { return known }
            let made = law.inversionSampler()
            samplers[law] = made
            return made
        }
        maxClaimLagSteps = cohorts.map(\.claimLagSteps).max() ?? claimLagSteps
        sizeSamplers = cohorts.map { sampler($0.size) }
        ipValueSamplers = cohorts.map { c in
            c.ip.flatMap { ip in sampler(CappedLogNormal(median: exp(-ip.sigma * ip.sigma / 2), sigma: ip.sigma)) }
        }
        linkageEntrySampler = linkage.flatMap { sampler($0.entry) }
        let budgetYears = self.budgetYears
        let compiledFunds = s.funds.map { CompiledFund($0, cohortNames: s.cohorts.map(\.name), stepMonths: s.step.months, budgetYears: budgetYears) }
        funds = compiledFunds
        fundTicketSamplers = compiledFunds.map { sampler($0.ticket) }
        let compiledCohorts = cohorts
        let names = s.outputSectors
        sectorNames = names
        cohortSector = s.cohorts.map { c in c.sector.flatMap { names.firstIndex(of: $0) } ?? -1 }
        tape = s.book.map { CompiledTape($0, scenario: s, sectorNames: names, cohorts: compiledCohorts, pdMultipliers: pdMult, stepMonths: d, steps: stepCount) }
    }

    /// Steps from a default of cohort `c` to filing its claim: the programme's claim lag, or, for a
    /// collateralised loan, the collateral's realisation lag if longer: the loss net of the collateral,
    /// on which the claim is made, is known only once the collateral is sold (docs/model.md §3.6).
    static func claimLagSteps(_ c: Cohort, _ s: Scenario) -> Int {
        let d = s.step.months
        var months = s.programme.claimLagMonths
        if let col = c.collateral, col.share > 0 { months = max(months, col.lagMonths) }
        return (months + d - 1) / d
    }

    /// Risk weight of a cohort's loans: IRB from its annual PD, its LGD net of collateral (reduced by the
    /// compensation ratio when `compensated` and the rule grants relief) and its term; or standardised.
    static func riskWeight(_ c: Cohort, _ s: Scenario, compensated: Bool) -> Double {
        let rule = s.bankEconomics.capital
        guard rule.method == .irb else { return rule.standardisedRiskWeight }
        var lgd = c.lgd * (1 - (c.collateral?.share ?? 0) * (1 - (c.collateral?.haircut ?? 0)))
        if compensated && rule.compensationRelief {
            lgd *= 1 - min(1, (c.lossSplit.map { $0.pool + $0.guarantor + $0.insurer + $0.appraiser }) ?? s.programme.baseRatio(c))
        }
        let sales = rule.smeAdjustment ? c.revenueWan.map { $0 / 10_000 * 1.3 } : nil   // 万元 → ≈ million EUR (1亿元 ≈ 13m EUR)
        return BaselIRB.riskWeight(pd: c.pd, lgd: lgd, maturityYears: Double(c.termMonths) / 12, smeSalesMillionsEUR: sales)
    }

    /// Figures by year: programme or calendar years (`BudgetYears`).
    public var years: Int { budgetYears.count }
}

extension CompiledScenario {
    /// Fills cohort `cohort`'s default threshold `Φ⁻¹(min(q·m, 1 − 1e-12))` (the copula's quantile), macro loading `a·√m_ρ`
    /// and `1/√(1 − a² − b²)` for every step, from its annual PD and loading and the stress multipliers.
    /// The same arithmetic at compile time and for a path's posterior draw, so a draw equal to the
    /// point estimate reproduces the plain run exactly.
    static func fillDefaultTables(cohort i: Int, cohorts cc: Int, steps: Int, stepMonths: Int, pd: Double, macroLoading: Double, copula: Copula,
                                  pdMultipliers: [Double], rhoMultipliers: [Double], sectorLoadings: [Double],
                                  thresholds: inout [Double], macroLoadings: inout [Double], inverseScales: inout [Double]) {
        let q = ConditionalPD.stepPD(annual: pd, months: stepMonths)
        for t in 0..<steps {
            let k = t * cc + i
            let b = sectorLoadings[k]
            var a = macroLoading * rhoMultipliers[k].squareRoot()
            // A posterior draw of ρ under a correlation stress could leave no idiosyncratic risk: cap a².
            if a * a + b * b > 0.999 { a = (0.999 - b * b).squareRoot() }
            thresholds[k] = copula.quantile(min(q * pdMultipliers[k], 1 - 1e-12))
            macroLoadings[k] = a
            inverseScales[k] = 1 / (1 - a * a - b * b).squareRoot()
        }
    }

    /// A cohort's downturn-LGD curve for an annual PD and macro loading (a path's posterior draw or the
    /// cohort's own), on the step's horizon: nil for a fixed LGD.
    static func lgdCurve(_ c: Cohort, pd: Double, macroLoading a: Double, stepMonths: Int) -> FryeJacobs? {
        guard c.lgdModel == .fryeJacobs, c.lgd > 0 else { return nil }
        return FryeJacobs(pd: ConditionalPD.stepPD(annual: pd, months: stepMonths), meanLGD: c.lgd,
                          rho: min(0.999, a * a + c.sectorLoading * c.sectorLoading))
    }
}

import Foundation
import LoanSimFiles

/// The resolved scenario (after `extends`, includes and overrides) as `scenario.json` (the schema is
/// `LoanSimFiles.ScenarioFile`), written beside a run's results so that reports can restate every input
/// with its unit.
public enum ScenarioJSON {
    public static func file(_ s: Scenario) -> ScenarioFile {
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        let p = s.programme
        let cohorts = s.cohorts.map { c in
            ScenarioFile.Cohort(
                name: c.name, type: c.type.rawValue, eligible: p.eligibility.admits(c), revenueWan: c.revenueWan.flatMap(finite),
                firms: c.firms, initialBorrowers: c.initialBorrowers, pd: c.pd, macroLoading: c.macroLoading, sector: c.sector,
                sectorLoading: c.sectorLoading, loanSizeMedianWan: c.loanSize.median, loanSizeSigma: c.loanSize.sigma, lgd: c.lgd,
                termMonths: c.termMonths, repayment: c.repayment.rawValue, renewalProbability: c.renewalProbability,
                demandPerYear: c.demandPerYear, newFirmsPerYear: c.newFirmsPerYear, loanType: c.loanType.rawValue,
                // The ratio the rules give this cohort (override, revenue tier, type ratio, term bonus).
                compensationRatio: p.baseRatio(c),
                collateral: c.collateral.map { ScenarioFile.Collateral(share: $0.share, haircut: $0.haircut, lagMonths: $0.lagMonths) },
                ipPledge: c.ipPledge, guarantee: c.guarantee, lossSplit: c.lossSplit,
                insurancePremium: c.insurancePremium > 0 ? c.insurancePremium : nil)
        }.enumerated().map { k, file in
            var file = file
            file.lgdModel = s.cohorts[k].lgdModel == .fixed ? nil : s.cohorts[k].lgdModel.rawValue
            return file
        }
        let pools = s.pools.map { pool in
            ScenarioFile.Pool(name: pool.name, scheme: pool.schemeName, shareOfScheme: pool.share,
                              funders: pool.funders.map { ScenarioFile.Funder(name: $0.name, share: $0.share) },
                              initialWan: pool.initialCapital, topUps: pool.topUps,
                              interestRate: pool.interestRate, adminFeeRate: pool.adminFeeRate, shortfall: pool.shortfall,
                              refill: pool.refill, covers: pool.coverage.coversAll ? nil : pool.coverage, compensation: pool.compensation,
                              perBankYearCap: pool.perBankYearCap)
        }
        let stresses = s.stresses.map { st in
            ScenarioFile.Stress(name: st.name, fromMonth: st.fromMonth, toMonth: st.toMonth, macroShift: st.macroShift,
                                pdMultiplier: st.pdMultiplier, collateralHaircut: st.collateralHaircut, ipValueHaircut: st.ipValueHaircut,
                                rhoMultiplier: st.rhoMultiplier, cohorts: st.cohorts, sectors: st.sectors)
        }
        let programme = ScenarioFile.Programme(
            name: p.name, eligibleTypes: p.eligibility.types.map(\.rawValue), maxRevenueWan: p.eligibility.maxRevenueWan.flatMap(finite),
            maxTermMonths: p.maxTermMonths, ratioCredit: p.creditRatio, ratioCollateralised: p.collateralisedRatio,
            perLoanCapWan: finite(p.perLoanCap), claimLagMonths: p.claimLagMonths, perFirmLimitWan: finite(p.perFirmLimit),
            leverageLimit: p.leverageLimit.flatMap(finite),
            accessTargets: p.accessTargets.isEmpty ? nil : Dictionary(uniqueKeysWithValues: p.accessTargets.map { ($0.key.rawValue, $0.value) }),
            perBankYearCap: p.perBankYearCap, compensation: p.compensation.isTypeRatiosOnly ? nil : p.compensation,
            stacking: p.stacking ? true : nil, publicCap: p.publicCap)
        var file = ScenarioFile(name: s.name, description: s.description, horizonMonths: s.horizonMonths, step: s.step.rawValue,
                                generator: s.generator.rawValue, sampling: s.sampling.rawValue,
                                macro: .init(phiMonthly: s.macro.phi, fixedPath: s.macro.path != nil),
                                sectors: s.sectors.map { .init(name: $0.name, phiMonthly: $0.phi) },
                                banks: s.banks.map { .init(name: $0.name, share: $0.share) },
                                cohorts: cohorts, programme: programme, pools: pools, breakers: s.breakers, stresses: stresses)
        file.book = s.book.map { book(_: $0, s) }
        if case .t(let nu) = s.copula { (file.copula, file.copulaNu) = ("t", nu) }
        file.funds = s.funds.isEmpty ? nil : s.funds
        file.linkage = s.linkage
        file.start = s.start?.description
        file.target = s.target
        file.labels = s.labels.isEmpty ? nil : s.labels
        return file
    }

    static func book(_ b: TapeBook, _ s: Scenario) -> ScenarioFile.Book {
        let summary = TapeSummary(b, banks: s.banks)
        return ScenarioFile.Book(tape: (b.file as NSString).lastPathComponent, sha256: b.tape.sha256, asOf: b.asOf.description, loans: summary.live,
                                 amountWan: summary.amountWan, weightedAnnualPd: summary.weightedPD,
                                 byType: summary.byType.map { g in
                                     ScenarioFile.BookType(type: g.name, loans: g.loans, amountWan: g.amountWan,
                                                           rules: LoanTape.LoanType(rawValue: g.name).flatMap { b.rules[$0] }.map { s.cohorts[$0].name } ?? "")
                                 })
    }

    /// scenario.json's text; an encoding failure is an error, never a plausible file.
    public static func render(_ s: Scenario) throws -> String {
        try OutputCoding.encode(file(s))
    }
}

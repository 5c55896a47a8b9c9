import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// Issue 6: the bank's and the budget's view.
@Suite struct EconomicsTests {
    /// P&L identities on every path of the bank and budget scenarios.
    @Test(arguments: ["bank-zhengkedai-linkage", "budget-zhengkedai", "zhengkedai-guaranteed"])
    func identitiesHoldOnEveryPath(_ name: String) throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/\(name).yaml").scenario
        for o in simulate(s, paths: 150, seed: 4).outcomes {
            #expect(close(o.bankNetIncome, o.interestIncome - o.fundingCost - o.operatingCost + o.feeIncome - o.bankNetLoss - o.bankGuaranteeFees))
            #expect(close(o.bankNetIncomeWithout, o.bankNetIncome - (o.poolPaid - o.clawbackPools)))
            #expect(close(o.raroc, o.bankNetIncome / o.capitalYears) && close(o.rarocWithout, o.bankNetIncomeWithout / o.capitalYearsWithout))
            #expect(close(o.bankNetIncomeByBank.reduce(0, +), o.bankNetIncome, 1e-8))
            // Subsidies add up to the fiscal cost.
            #expect(close(o.fiscalCost, o.poolPaid + o.interestSubsidies + o.guaranteeFeeSubsidies + o.insuranceSubsidies + o.appraisalSubsidies
                          + o.adminFees - o.clawbackPools))
            #expect(o.fiscalCostPV <= o.fiscalCost + 1e-9 && o.fiscalCostPV > 0)
            #expect(close(o.linkageNet, o.linkageProceeds - o.linkageInvested))
            #expect(o.firmsFinanced == o.initialLoans + o.loansOriginated)
        }
    }

    /// A fixed book with (almost) no defaults earns exactly N × size × rate × years; funding and operating
    /// costs likewise; with a zero discount rate the fiscal cost's present value equals it.
    @Test func interestOnAFixedBook() throws {
        let s = try scenario("""
            name: interest
            horizon_months: 24
            cohorts:
              - {name: a, firms: 100, pd: 1e-9, rho: 0, loan_size: {median: 100, sigma: 0}, term_months: 36}
            pool: {initial: 1000, admin_fee_rate: 0.01}
            bank_economics: {benchmark_rate: 0.04, rate_multiple: 1.25, funding_cost: 0.02, operating_cost: 0.01}
            fiscal: {interest_subsidy: 0.01, discount_rate: 0}
            """)
        for o in try outcomes(simulate(s, paths: 3), where: { $0.defaults == 0 }) {
            #expect(close(o.interestIncome, 100 * 100 * 0.05 * 2) && close(o.fundingCost, 400) && close(o.operatingCost, 200))
            #expect(close(o.bankNetIncome, 1000 - 400 - 200))
            #expect(close(o.interestSubsidies, 200) && close(o.fiscalCostPV, o.fiscalCost))
            // Capital: IRB weight × 10.5% × balance × years.
            let rw = BaselIRB.riskWeight(pd: 1e-9, lgd: 1 * (1 - 0.8), maturityYears: 3)
            #expect(close(o.capitalYears, 10_000 * rw * 0.105 * 2))
        }
    }

    /// Equity of defaulted firms is worth zero: every linked firm defaults in month 1 and nothing exits,
    /// so the stakes bought are all lost.
    @Test func defaultedFirmsEquityIsZero() throws {
        let s = try scenario("""
            name: linked-defaults
            horizon_months: 12
            cohorts:
              - {name: a, firms: 200, pd: 0.5, rho: 0, loan_size: {median: 100, sigma: 0}, term_months: 24}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000}]
            pool: {initial: 1e9}
            linkage: {share_of_borrowers: 0.5, stake: 0.02, entry_value: {median: 5000, sigma: 0}, exit_rate_per_year: 0.001}
            """)
        for o in simulate(s, paths: 4).outcomes {
            #expect(o.linkedFirms > 50 && o.linkedDefaults == o.linkedFirms && o.exits == 0)
            #expect(o.linkageProceeds == 0 && close(o.linkageNet, -o.linkedFirms * 0.02 * 5000))
        }
    }

    /// Exit proceeds: with fixed entry values each exit pays stake × value × a Pareto(α = 3) multiple above
    /// 1, of mean α/(α − 1) = 1.5: proceeds per exit within 4 SE of 0.02 × 5,000 × 1.5 = 150. Exits
    /// happen in good states: more exits when the macro factor is high (external path +2 vs −2).
    @Test func exitsPayParetoMultiplesAndClusterInGoodTimes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exit-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func run(_ z: Double) throws -> [PathOutcome] {
            try "step,z\n1,\(z)\n".write(toFile: dir + "/z.csv", atomically: true, encoding: .utf8)
            try """
                name: exits
                horizon_months: 12
                step: year
                macro: {path_file: z.csv}
                cohorts:
                  - {name: a, firms: 2000, pd: 0.001, rho: 0.2, loan_size: {median: 100, sigma: 0}, term_months: 24}
                pool: {initial: 1e9}
                linkage: {share_of_borrowers: 1, stake: 0.02, entry_value: {median: 5000, sigma: 0}, exit_rate_per_year: 0.05,
                          exit_multiple: {pareto_alpha: 3, min: 1}}
                """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
            return simulate(try ScenarioLoader.load(path: dir + "/s.yaml").scenario, paths: 400).outcomes
        }
        let good = try run(2), bad = try run(-2)
        let exits = good.reduce(0) { $0 + $1.exits }
        let gains = good.map { $0.linkageProceeds - ($0.linkedFirms - $0.exits - $0.linkedDefaults) * 100 }
        let perExit = gains.reduce(0, +) / exits
        // SE of the mean multiple: Pareto(3) variance α/((α−1)²(α−2)) = 0.75, times 100² per exit.
        #expect(abs(perExit - 150) < 4 * (0.75 * 100 * 100 / exits).squareRoot(), "per exit \(perExit) over \(exits) exits")
        #expect(mean(good.map(\.exits)) > 5 * mean(bad.map(\.exits)))
    }

    /// Innovation points: a score maps to the highest band it reaches; band C is ineligible, band A lifts
    /// the credit line 15% and cuts the rate 0.3 points.
    @Test func innovationBands() throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/bank-zhengkedai-linkage.yaml").scenario
        let a = s.cohorts[0], c = s.cohorts[2]
        #expect(a.innovationBand?.name == "A" && abs(a.loanSize.median - 450 * 1.15) < 1e-9)
        #expect(c.innovationBand?.name == "C" && !s.programme.eligibility.admits(c))
        let m = CompiledScenario(s)
        #expect(abs(m.cohorts[0].lendingRatePerStep * 12 - (0.031 * 1.3 - 0.003)) < 1e-12)
        #expect(throws: ScenarioError.self) {
            try scenario("""
                name: x
                horizon_months: 12
                cohorts: [{name: a, firms: 1, pd: 0.1, rho: 0.1, loan_size: {median: 1}, innovation_score: 10}]
                innovation_points: {bands: [{name: A, min_score: 50}]}
                pool: {initial: 1}
                """)
        }
    }

    /// Compensation raises the bank's RAROC: capital relief and lower net losses.
    @Test func compensationImprovesRAROC() throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/bank-zhengkedai-linkage.yaml").scenario
        let o = simulate(s, paths: 300, seed: 2).outcomes
        #expect(mean(o.map(\.raroc)) > mean(o.map(\.rarocWithout)) + 4 * standardError(o.map { $0.raroc - $0.rarocWithout }))
        let m = CompiledScenario(s)
        #expect(m.cohorts[0].riskWeight < m.cohorts[0].riskWeightUncompensated)
    }
}

/// Each bank's net loss and compensation: the parts of the run's totals on every path.
@Suite struct PerBankTests {
    @Test(arguments: ["zhengzhou-ip-pledge", "zhengzhou-city-district-province", "henan-kejidai-2025", "zhengkedai-baseline", "bank-tape-example"])
    func banksSumToTheTotals(_ name: String) throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/\(name).yaml").scenario
        let r = simulate(s, paths: 200, seed: 4)
        for o in r.outcomes {
            let banks = o.lossAndCompensationByBank.count / 2
            #expect(banks == s.banks.count)
            let loss = (0..<banks).reduce(0.0) { $0 + o.lossAndCompensationByBank[2 * $1] }
            let paid = (0..<banks).reduce(0.0) { $0 + o.lossAndCompensationByBank[2 * $1 + 1] }
            #expect(abs(loss - o.bankNetLoss) <= 1e-9 * max(1, abs(o.bankNetLoss)), "\(name): \(loss) vs \(o.bankNetLoss)")
            #expect(abs(paid - o.poolPaid) <= 1e-9 * max(1, o.poolPaid), "\(name): \(paid) vs \(o.poolPaid)")
        }
    }

    /// The government's ratios are ratios of means, with standard errors that match the spread of the
    /// same ratio over independent batches of paths: fiscal cost per distinct firm financed is mean
    /// fiscal cost over mean distinct firms (per loan: over mean loans financed, renewals included, so
    /// never more than per firm); lending per 万元 of capital counts the initial book at mean sizes and
    /// the pools' initial capital. The delta-method se of 2,048 paths is checked against 32 batches of 64
    /// (the batch ratios' sd / √32, itself good to about ±13%: band 0.6–1.6).
    @Test func governmentRatiosAreRatiosOfMeansWithHonestErrors() throws {
        let s = try scenario("""
            name: ratios
            horizon_months: 36
            cohorts:
              - {name: a, firms: 3000, initial_borrowers: 800, pd: 0.05, rho: 0.15, loan_size: {median: 300, sigma: 0.8}, lgd: 0.7,
                 term_months: 12, renewal_probability: 0.5, demand_per_year: 0.1}
            pool: {initial: 20000, admin_fee_rate: 0.01, top_ups: [{month: 13, amount: 5000}]}
            fiscal: {interest_subsidy: 0.01}
            """)
        gslStartUp()
        let model = CompiledScenario(s)
        let paths = 2048
        let r = Simulation.runSerial(model, paths: paths, seed: 9)
        let summary = RunSummary(info: RunInfo(loaded: LoadedScenario(scenario: s, file: "ratios.yaml", sha256: "0"), paths: paths, seed: 9),
                                 model: model, result: r)
        let o = r.outcomes
        let fiscal = o.map(\.fiscalCost), loans = o.map(\.firmsFinanced)
        let firms = try MetricSelector("distinct_firms_financed", stepMonths: 1)
        let distinct = o.map(firms.value)
        let e = summary.economics
        let perFirm = try #require(e.fiscalCostPerFirm), perLoan = try #require(e.fiscalCostPerLoan)
        #expect(close(perFirm.ratio, mean(fiscal) / mean(distinct), 1e-12 * perFirm.ratio))
        #expect(close(perLoan.ratio, mean(fiscal) / mean(loans), 1e-12 * perLoan.ratio))
        #expect(perFirm.ratio > perLoan.ratio, "renewals make more loans than firms")
        let initialBook = 800 * model.cohorts[0].meanSize
        let lending = try #require(e.lendingPerCapital)
        #expect(close(lending.ratio, (initialBook + mean(o.map(\.lendingVolume))) / (20000 + mean(o.map(\.topUps))), 1e-12 * lending.ratio))
        #expect(e.linkageCoverOfLosses == nil && e.linkageBeatsLending == nil)
        // Batch means: the ratio on each of 32 batches of 64 paths.
        let batches = 32, size = paths / batches
        let batchRatios = (0..<batches).map { b in
            let range = (b * size)..<((b + 1) * size)
            return mean(Array(fiscal[range])) / mean(Array(distinct[range]))
        }
        let batchSE = standardError(batchRatios)
        #expect(perFirm.se > 0.6 * batchSE && perFirm.se < 1.6 * batchSE, "delta-method se \(perFirm.se), batch-means se \(batchSE)")
    }
}

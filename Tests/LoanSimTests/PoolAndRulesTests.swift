import Foundation
import RiskModel
import Testing
@testable import LoanSim

@Suite struct PoolLedgerTests {
    /// Hand-computed FIFO: balance 100; claims 60 (bank 0) then 70 (bank 1) → 60 and 40 paid, 30 queued;
    /// a 50 top-up pays the 30 and leaves 20.
    @Test func fifoQueueAndTopUp() {
        var pool = PoolLedger()
        var paid = [0.0, 0.0]
        pool.reset(initial: 100)
        pool.openStep(topUp: 0, interestRate: 0, feeRate: 0)
        pool.queue.file(60, bank: 0)
        pool.queue.file(70, bank: 1)
        pool.payQueue(.fifo, paidByBank: &paid)
        #expect(paid == [60, 40])
        #expect(pool.balance == 0 && pool.queue.remaining == 30 && !pool.queue.isEmpty)
        pool.openStep(topUp: 50, interestRate: 0, feeRate: 0)
        pool.payQueue(.fifo, paidByBank: &paid)
        #expect(paid == [60, 70])
        #expect(pool.balance == 20 && pool.queue.isEmpty && pool.paid == 130 && pool.topUps == 50)
    }

    /// Interest then fee on the balance: 1000 × 1.01 = 1010, fee 1% of that = 10.1.
    @Test func interestThenFee() {
        var pool = PoolLedger()
        pool.reset(initial: 1000)
        pool.openStep(topUp: 0, interestRate: 0.01, feeRate: 0.01)
        #expect(close(pool.interest, 10) && close(pool.fees, 10.1) && close(pool.balance, 999.9))
    }

    @Test func zeroClaimsAreNotQueued() {
        var q = ClaimQueue()
        q.file(0, bank: 0)
        #expect(q.isEmpty)
    }
}

@Suite struct EngineRuleTests {
    /// End to end, hand-computed: three 100万 loans default in month 1 (PD forced to 1 by a stress), LGD 1,
    /// ratio 80% → 240 of claims filed in month 2 (lag 1). Pool 100 pays 100 and is depleted in month 2;
    /// a 100 top-up in month 3 pays 100 more; 40 is still unpaid at the horizon (month 4).
    @Test func handComputedFIFOWithTopUp() throws {
        let s = try scenario("""
            name: hand
            horizon_months: 4
            cohorts:
              - {name: a, firms: 3, pd: 0.5, rho: 0, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000}]
            programme: {claim_lag_months: 1}
            pool: {initial: 100, top_ups: [{month: 3, amount: 100}]}
            """)
        let r = simulate(s, paths: 5)
        for o in r.outcomes {
            #expect(o.defaults == 3 && o.grossLoss == 300 && o.claimsFiled == 240)
            #expect(o.poolPaid == 200 && o.unpaidClaims == 40 && o.poolBalanceEnd == 0)
            #expect(o.depletionStep == 1)
            #expect(o.bankNetLoss == 100 && o.bankRetained == 60)
        }
        let balance = (0..<4).map { r.series.column(series: 0, step: $0).first! }
        let unpaid = (0..<4).map { r.series.column(series: 1, step: $0).first! }
        #expect(balance == [100, 0, 0, 0])
        #expect(unpaid == [0, 140, 40, 40])
    }

    /// Money is conserved on every path of the baseline (renewals, amortisation, collateral, five banks,
    /// breaker, interest and fees).
    @Test func moneyConservedOnEveryPath() throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario
        let initial = s.pool.initialCapital
        for o in simulate(s, paths: 300, seed: 9).outcomes {
            #expect(close(o.exposureAtDefault, o.grossLoss + o.recoveries))
            #expect(close(o.grossLoss, o.claimsFiled + o.claimsAfterHorizon + o.guarantorLoss + o.insurerLoss + o.appraiserLoss + o.bankRetained))
            #expect(close(o.claimsFiled, o.poolPaid + o.unpaidClaims + o.claimsDenied))
            #expect(close(o.bankNetLoss, o.grossLoss - o.poolPaid))
            #expect(close(o.poolBalanceEnd, initial + o.topUps + o.interest - o.poolPaid - o.adminFees))
            #expect(o.poolBalanceEnd >= 0)
            #expect((o.depletionStep >= 0) == (o.unpaidClaims > 0) || o.depletionStep >= 0)
        }
    }

    /// Collateral: 30% of the exposure at a 40% haircut is recovered first, LGD applies to the rest,
    /// and the collateralised ratio (60%) applies: a 1,000万 loan loses (1000 − 180) × 0.5 = 410,
    /// claims 246.
    @Test func collateralRecoveryAndCollateralisedRatio() throws {
        let s = try scenario("""
            name: collateral
            horizon_months: 2
            cohorts:
              - {name: a, firms: 10, pd: 0.5, rho: 0, loan_size: {median: 1000, sigma: 0}, lgd: 0.5, term_months: 12,
                 collateral: {share: 0.3, haircut: 0.4, lag_months: 0}}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000}]
            programme: {claim_lag_months: 0}
            pool: {initial: 1e9}
            """)
        for o in simulate(s, paths: 3).outcomes {
            #expect(o.defaults == 10)
            #expect(close(o.grossLoss, 4100) && close(o.recoveries, 5900) && close(o.poolPaid, 2460))
        }
    }

    /// The claim on a collateralised loan is filed once the collateral is sold: defaults in month 1
    /// with a 6-month collateral lag (claim lag 2) are filed in month 7: after a 6-month horizon the
    /// claims are all past it; with 7 months they are paid in month 7, not month 3.
    @Test(arguments: [6, 7])
    func collateralLagDelaysTheClaim(_ horizon: Int) throws {
        let s = try scenario("""
            name: collateral-lag
            horizon_months: \(horizon)
            cohorts:
              - {name: a, firms: 10, pd: 0.5, rho: 0, loan_size: {median: 1000, sigma: 0}, lgd: 0.5, term_months: 12,
                 collateral: {share: 0.3, haircut: 0.4, lag_months: 6}}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000}]
            programme: {claim_lag_months: 2}
            pool: {initial: 1e9}
            """)
        let r = simulate(s, paths: 2)
        for (i, o) in r.outcomes.enumerated() {
            #expect(o.defaults == 10 && close(o.grossLoss, 4100))
            #expect(close(o.poolPaid, horizon == 7 ? 2460 : 0) && close(o.claimsAfterHorizon, horizon == 7 ? 0 : 2460))
            // The pool's balance falls in month 7 only.
            let balance = (0..<horizon).map { Array(r.series.column(series: 0, step: $0))[i] }
            #expect(balance.dropLast(horizon == 7 ? 1 : 0).allSatisfy { $0 == Float(1e9) })
            #expect(horizon == 6 || balance[6] < Float(1e9))
        }
    }

    /// Amortising loans default on their outstanding principal: a 12-month loan defaulting in its 4th
    /// month (age 3) has 1 − 3/12 = 75% outstanding.
    @Test func amortisingExposure() throws {
        let s = try scenario("""
            name: amort
            horizon_months: 4
            cohorts:
              - {name: a, firms: 7, pd: 1e-9, rho: 0, loan_size: {median: 400, sigma: 0}, lgd: 1, term_months: 12, repayment: amortising}
            stresses:
              - {from_month: 4, to_month: 4, pd_multiplier: 1000}
              - {from_month: 4, to_month: 4, pd_multiplier: 1000}
              - {from_month: 4, to_month: 4, pd_multiplier: 1000}
              - {from_month: 4, to_month: 4, pd_multiplier: 1000}
            programme: {claim_lag_months: 0, compensation: {credit: 1}}
            pool: {initial: 1e9}
            """)
        for o in simulate(s, paths: 3).outcomes {
            #expect(o.defaults == 7 && close(o.grossLoss, 7 * 300))
        }
    }

    /// Circuit breaker: the whole initial book defaults in month 1, so the bank's overdue rate is 100%
    /// and its new lending stops. The defaults leave the 12-month window at the end of month 13, when
    /// the minimum 12-month suspension has also passed: the bank is reinstated and lends to all 100
    /// waiting firms (demand 100%/year). Without the breaker they borrow at the end of month 1.
    @Test(arguments: [true, false])
    func breakerSuspendsAndReinstates(_ withBreaker: Bool) throws {
        var s = try scenario("""
            name: breaker
            horizon_months: 24
            cohorts:
              - {name: a, firms: 200, initial_borrowers: 100, pd: 1e-9, rho: 0, loan_size: {median: 10, sigma: 0}, lgd: 1, term_months: 36, demand_per_year: 1}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000}, {from_month: 1, to_month: 1, pd_multiplier: 1000},
                       {from_month: 1, to_month: 1, pd_multiplier: 1000}, {from_month: 1, to_month: 1, pd_multiplier: 1000}]
            breaker: {metric: overdue_rate, threshold: 0.05, window_months: 12, min_suspension_months: 12}
            pool: {initial: 1e9}
            """)
        if !withBreaker { s.breaker = nil }
        let r = simulate(s, paths: 4)
        for o in r.outcomes {
            #expect(o.defaults == 100)
            #expect(o.loansOriginated == 100)
            #expect(o.breakerTrips == (withBreaker ? 1 : 0))
        }
        let outstanding = (0..<24).map { r.series.column(series: 2, step: $0).first! }
        let firstLending = outstanding.firstIndex { $0 > 0 }
        #expect(firstLending == (withBreaker ? 12 : 0))
    }

    /// Ineligible cohorts (revenue above the limit) get no programme loans and cause no losses.
    @Test func eligibilityExcludesCohorts() throws {
        let s = try scenario("""
            name: elig
            horizon_months: 12
            cohorts:
              - {name: big, type: hightech, revenue: 5亿, firms: 100, pd: 0.5, rho: 0.1, loan_size: {median: 10, sigma: 0}}
              - {name: small, type: tech_sme, revenue: 1亿, firms: 100, pd: 0.01, rho: 0.1, loan_size: {median: 10, sigma: 0}}
            programme: {eligibility: {types: [hightech, tech_sme], max_revenue: 4亿}}
            pool: {initial: 100}
            """)
        for o in simulate(s, paths: 50).outcomes {
            #expect(o.initialLoans == 100)
            #expect(o.defaults <= 100)
        }
    }

    /// The leverage limit gates new lending: loans are granted only while outstanding ≤ k × pool balance.
    /// With (almost) no defaults the pool stays at 2,000万, so the book fills up to 5 × 2,000 = 10,000万
    /// (100 loans of 100万) and never beyond; without the limit demand takes it far higher.
    @Test(arguments: [true, false])
    func leverageLimitCapsNewLending(_ limited: Bool) throws {
        var s = try scenario("""
            name: leverage
            horizon_months: 24
            cohorts:
              - {name: a, firms: 10000, initial_borrowers: 0, pd: 1e-9, rho: 0.1, loan_size: {median: 100, sigma: 0}, term_months: 36, demand_per_year: 0.5}
            programme: {leverage_limit: 5}
            pool: {initial: 2000}
            """)
        if !limited { s.programme.leverageLimit = nil }
        let r = simulate(s, paths: 5)
        for t in 0..<24 {
            for out in r.series.column(series: 2, step: t) {
                if limited { #expect(Double(out) <= 10_000 + 1e-6) }
            }
        }
        let last = r.series.column(series: 2, step: 22).first!
        if limited { #expect(last == 10_000) } else { #expect(last > 100_000) }
    }
}

@Suite struct DeterminismTests {
    /// Same seed → identical outcomes whatever the thread count (blocks are seeded by index).
    @Test func threadCountDoesNotChangeNumbers() async throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario
        let m = CompiledScenario(s)
        gslStartUp()
        let one = await Simulation.run(m, paths: 700, seed: 3, threads: 1)
        let three = await Simulation.run(m, paths: 700, seed: 3, threads: 3)
        let serial = Simulation.runSerial(m, paths: 700, seed: 3)
        #expect(one.outcomes == three.outcomes)
        #expect(one.outcomes == serial.outcomes)
        #expect(one.series.values == three.series.values)
        let other = Simulation.runSerial(m, paths: 700, seed: 4)
        #expect(other.outcomes != one.outcomes)
    }

    /// Common random numbers: the macro factor path depends only on seed, block and horizon, so a rule
    /// change that does not touch defaults (the compensation ratio) leaves defaults and losses identical.
    @Test func ratioChangeKeepsDefaultsIdentical() throws {
        var a = try ScenarioLoader.load(path: scenariosDirectory + "/bench-b1.yaml").scenario
        a.horizonMonths = 24
        var b = a
        for i in b.cohorts.indices { b.cohorts[i].compensationRatio = 0.3 }
        let ra = simulate(a, paths: 300), rb = simulate(b, paths: 300)
        #expect(ra.outcomes.map(\.grossLoss) == rb.outcomes.map(\.grossLoss))
        #expect(ra.outcomes.map(\.poolPaid) != rb.outcomes.map(\.poolPaid))
    }
}

/// `pool.funders`: each funder's part of the pool's capital and cost, in proportion to its share.
@Suite struct FunderTests {
    @Test func fundersSplitCapitalAndCostByShare() throws {
        let s = try scenario("""
            name: funders
            horizon_months: 24
            cohorts:
              - {name: a, firms: 2000, pd: 0.05, rho: 0.1, loan_size: {median: 300, sigma: 0.5}, lgd: 0.6, term_months: 36}
            programme: {claim_lag_months: 0, compensation: {credit: 0.5}}
            pool:
              initial: 5000
              admin_fee_rate: 0.01
              top_ups: [{month: 13, amount: 2000}]
              funders: [{name: city, share: 0.6}, {name: district, share: 0.4}]
            """)
        gslStartUp()
        let model = CompiledScenario(s)
        let result = Simulation.runSerial(model, paths: 200, seed: 3)
        let table = InMemoryTable(result, model: model)
        let funders = RunSummary.funders(of: s.pools[0], pool: 0, table: table, weights: PathWeights(table))
        #expect(funders.map(\.name) == ["city", "district"])
        #expect(close(funders[0].capital, 0.6 * 7000) && close(funders[1].capital, 0.4 * 7000))
        let cost = result.outcomes.map { $0.pools[0].paid + $0.pools[0].fees - $0.pools[0].clawback }
        #expect(close(funders[0].cost.mean + funders[1].cost.mean, cost.reduce(0, +) / 200, 1e-12))
        #expect(close(funders[0].cost.mean / funders[1].cost.mean, 1.5, 1e-12) && funders[0].cost.mean > 0)
    }
}

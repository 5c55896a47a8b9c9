import Foundation
import LoanSimFiles
import RiskModel
import Testing
@testable import LoanSim

/// Issue 3: every rule on a hand-computed case. Defaults are forced in month 1 by a PD multiplier with
/// ρ = 0 (every loan defaults with probability 1 − 1e-12), loan sizes are fixed, claims are filed at once
/// unless a test says otherwise.
func forced(_ cohorts: String, extra: String = "", horizon: Int = 2, pool: String = "pool: {initial: 1e9}") -> String {
    """
    name: rule
    horizon_months: \(horizon)
    cohorts:
    \(cohorts)
    stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000}]
    programme: {claim_lag_months: 0}
    \(pool)
    \(extra)
    """
}

@Suite struct RulebookTests {
    /// IP pledge: the loan is 27.5% of a 1,000万 patent = 275万. Disposal always succeeds after exactly
    /// two months at a 90% discount on a value that does not move (σ = β = 0): 100万 recovered. The pool
    /// paid 80% of the 275万 loss, so it gets 80% of the recovery back (80万); the bank keeps 20万.
    @Test func ipPledgeRecoveryAndClawback() throws {
        let s = try scenario(forced("""
              - {name: ip, firms: 4, pd: 0.5, rho: 0, lgd: 1, term_months: 12,
                 ip_pledge: {ip_type: invention_patent, appraised_value: {median: 1000, sigma: 0}, value_volatility: 0,
                             factor_sensitivity: 0, disposal_probability: 1, disposal_lag_months: {min: 2, max: 2}, disposal_discount: 0.9}}
            """, extra: "", horizon: 4))
        #expect(s.cohorts[0].loanSize.median == 275)
        for o in simulate(s, paths: 3).outcomes {
            #expect(o.defaults == 4 && close(o.grossLoss, 4 * 275) && close(o.poolPaid, 4 * 220))
            #expect(close(o.ipRecoveries, 400) && close(o.clawbackPools, 320) && close(o.ipRecoveryBank, 80))
            #expect(close(o.pools[0].balanceEnd, 1e9 - 880 + 320))
            #expect(close(o.bankNetLoss, 4 * 275 - 880 - 80))
        }
    }

    /// Recovery never exceeds the loss: a 10% discount on 1,000万 would realise 900万 against a 275万 loss.
    @Test func ipRecoveryIsCappedAtTheLoss() throws {
        let s = try scenario(forced("""
              - {name: ip, firms: 2, pd: 0.5, rho: 0, lgd: 1, term_months: 12,
                 ip_pledge: {appraised_value: {median: 1000, sigma: 0}, value_volatility: 0, factor_sensitivity: 0,
                             disposal_probability: 1, disposal_lag_months: {min: 1, max: 1}, disposal_discount: 0.1}}
            """, horizon: 3))
        for o in simulate(s, paths: 2).outcomes { #expect(close(o.ipRecoveries, 2 * 275)) }
    }

    /// Without clawback the bank keeps every recovery.
    @Test func noClawbackLeavesRecoveriesWithTheBank() throws {
        var s = try scenario(forced("""
              - {name: ip, firms: 2, pd: 0.5, rho: 0, lgd: 1, term_months: 12,
                 ip_pledge: {appraised_value: {median: 1000, sigma: 0}, value_volatility: 0, factor_sensitivity: 0,
                             disposal_probability: 1, disposal_lag_months: {min: 1, max: 1}, disposal_discount: 0.9}}
            """, horizon: 3))
        s.programme.clawback = false
        for o in simulate(s, paths: 2).outcomes { #expect(o.clawbackPools == 0 && close(o.ipRecoveryBank, 200)) }
    }

    /// 4 : 4 : 2 guaranteed loans: a 100万 loss gives 40 to the pool, 40 to the guarantor, 20 to the bank.
    /// 54 : 26 : 16 : 4: pool 54, bank 26, insurer 16, appraiser 4.
    @Test func lossSplits() throws {
        let s = try scenario(forced("""
              - {name: g, firms: 5, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 12, guarantee: {fee: 0.01},
                 loss_split: {pool: 0.4, guarantor: 0.4, bank: 0.2}}
              - {name: i, firms: 5, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 12,
                 loss_split: {pool: 0.54, bank: 0.26, insurer: 0.16, appraiser: 0.04}}
            """))
        for o in simulate(s, paths: 2).outcomes {
            #expect(close(o.poolPaid, 5 * 40 + 5 * 54) && close(o.guarantorLoss, 200) && close(o.insurerLoss, 80) && close(o.appraiserLoss, 20))
            #expect(close(o.bankRetained, 5 * 20 + 5 * 26) && close(o.bankNetLoss, 230))
        }
    }

    /// A guarantee without a split takes 郑科贷's 4 : 4 : 2.
    @Test func guaranteeDefaultsToFourFourTwo() throws {
        let s = try scenario(forced("  - {name: g, firms: 1, pd: 0.5, rho: 0, loan_size: {median: 100, sigma: 0}, guarantee: {fee: 0.01}}"))
        #expect(s.cohorts[0].lossSplit == LossSplit(pool: 0.4, guarantor: 0.4, bank: 0.2))
    }

    /// The guarantor's payout-rate cap: 10 loans of 100万 outstanding at the start of the year and a 5% cap
    /// allow 50万 of payouts; its 40% share of 1,000万 (400万) is cut to 50, the other 350 falls to the bank.
    @Test func guarantorPayoutCap() throws {
        let s = try scenario(forced("""
              - {name: g, firms: 10, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 12,
                 guarantee: {fee: 0.01, payout_cap: 0.05}, loss_split: {pool: 0.4, guarantor: 0.4, bank: 0.2}}
            """))
        for o in simulate(s, paths: 2).outcomes {
            #expect(close(o.guarantorLoss, 50) && close(o.poolPaid, 400) && close(o.bankRetained, 200 + 350))
        }
    }

    /// Revenue tiers (Henan 2025) with `choose: highest` against a collateralised type ratio of 30%:
    /// 1,500万 → 60%, 3,000万 → 50%, 8,000万 → 40%, 3亿 → 30%. With `first`, a credit loan takes its tier
    /// (40%) rather than the credit ratio (60%). A term bonus of 5 points a year (max 10) on a 36-month
    /// loan adds 10 points.
    @Test func revenueTiersChoiceAndTermBonus() throws {
        func cohort(_ name: String, _ revenue: String, collateral: Bool = true, term: Int = 12) -> String {
            "  - {name: \(name), revenue: \(revenue), firms: 1, pd: 0.5, rho: 0, loan_size: {median: 100, sigma: 0}, term_months: \(term)"
                + (collateral ? ", collateral: {share: 0.3, haircut: 1, lag_months: 0}}" : "}")
        }
        let tiers = """
            programme:
              claim_lag_months: 0
              compensation:
                credit: 0.6
                collateralised: 0.3
                revenue_tiers: [{up_to: 2000万, ratio: 0.6}, {up_to: 5000万, ratio: 0.5}, {up_to: 1亿, ratio: 0.4}, {ratio: 0.3}]
                choose: CHOICE
            """
        let yaml = { (choice: String) in forced([cohort("a", "1500万"), cohort("b", "3000万"), cohort("c", "8000万"), cohort("d", "3亿"),
                                                 cohort("credit", "8000万", collateral: false)].joined(separator: "\n"))
            .replacingOccurrences(of: "programme: {claim_lag_months: 0}", with: tiers.replacingOccurrences(of: "CHOICE", with: choice)) }
        let highest = try scenario(yaml("highest")), first = try scenario(yaml("first"))
        let rules = highest.programme.compensation
        #expect(highest.cohorts.map { rules.baseRatio($0) } == [0.6, 0.5, 0.4, 0.3, 0.6])
        #expect(first.cohorts.map { first.programme.compensation.baseRatio($0) } == [0.6, 0.5, 0.4, 0.3, 0.4])
        for o in simulate(highest, paths: 2).outcomes { #expect(close(o.poolPaid, 60 + 50 + 40 + 30 + 60)) }
        var bonus = rules
        bonus.termBonus = .init(perYear: 0.05, max: 0.10)
        var long = highest.cohorts[1]
        long.termMonths = 36
        #expect(abs(bonus.baseRatio(long) - 0.6) < 1e-12)   // 50% + min(15, 10) points
    }

    /// Full compensation below 300万 for profitable high-tech firms (the 2019 bonus): a 200万 loss is paid
    /// in full, a 400万 loss at 80%; an unprofitable firm's 200万 loss at 80%.
    @Test func fullCompensationBelowThreshold() throws {
        let s = try scenario(forced("""
              - {name: small, type: hightech, profitable: true, firms: 3, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 200, sigma: 0}}
              - {name: big, type: hightech, profitable: true, firms: 2, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 400, sigma: 0}}
              - {name: lossmaking, type: hightech, firms: 1, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 200, sigma: 0}}
            """).replacingOccurrences(of: "programme: {claim_lag_months: 0}", with: """
            programme:
              claim_lag_months: 0
              compensation: {credit: 0.8, full_compensation: {up_to_loss: 300万, types: [hightech], profitable_only: true}}
            """))
        for o in simulate(s, paths: 2).outcomes { #expect(close(o.poolPaid, 3 * 200 + 2 * 320 + 160)) }
    }

    /// Per-loan cap 500万 and the cumulative public cap: two schemes paying 80% and 60% of a 1,000万 loss may
    /// stack, but all pools together pay at most 80% (proportionally: 457.1 and 342.9); without stacking
    /// only the first scheme pays (its claim capped at 500).
    @Test(arguments: [true, false])
    func publicCapAndStacking(_ stacking: Bool) throws {
        let s = try scenario(forced("  - {name: a, firms: 1, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 1000, sigma: 0}}",
            pool: """
            pools:
              - {name: city, initial: 1e9}
              - {name: province, initial: 1e9, compensation: {credit: 0.6}}
            """).replacingOccurrences(of: "programme: {claim_lag_months: 0}",
                                      with: "programme: {claim_lag_months: 0, per_loan_cap: 1e9, public_cap: 0.8, stacking: \(stacking)}"))
        for o in simulate(s, paths: 2).outcomes {
            if stacking {
                #expect(close(o.pools[0].paid, 800 * 0.8 / 1.4) && close(o.pools[1].paid, 800 * 0.6 / 1.4) && close(o.poolPaid, 800))
            } else {
                #expect(close(o.pools[0].paid, 800) && o.pools[1].paid == 0)
            }
        }
    }

    /// City : district 1 : 1 — each claim is half the city's, half the lending bank's district's.
    @Test func schemeSharesSplitEachClaim() throws {
        let s = try scenario(forced("  - {name: a, firms: 10, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}}", pool: """
            banks: [{name: x, share: 0.5}, {name: y, share: 0.5}]
            pools:
              - {name: city, scheme: z, share: 0.5, initial: 1e9}
              - {name: east, scheme: z, share: 0.5, covers: {banks: [x]}, initial: 1e9}
              - {name: west, scheme: z, share: 0.5, covers: {banks: [y]}, initial: 1e9}
            """))
        for o in simulate(s, paths: 2).outcomes {
            #expect(close(o.pools[0].paid, 400) && close(o.pools[1].paid, 200) && close(o.pools[2].paid, 200))
        }
    }

    /// Per bank per year: min(2% of the prior-year balance, amount). 100 loans of 100万 = 10,000万 at the
    /// start: 2% = 200万 allowance; 10 defaults claim 800万 → 200 paid, 600 denied.
    @Test func perBankYearCap() throws {
        let s = try scenario("""
            name: cap
            horizon_months: 2
            cohorts:
              - {name: a, firms: 100, pd: 0.01, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 12}
              - {name: b, firms: 10, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 12}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000, cohorts: [b]}]
            programme: {claim_lag_months: 0, per_bank_year_cap: {share_of_prior_balance: 0.02, amount: 1000万}}
            pool: {initial: 1e9}
            """)
        for o in try outcomes(simulate(s, paths: 3), where: { $0.defaults == 10 }) {
            #expect(close(o.poolPaid, 0.02 * 11_000) && close(o.claimsDenied, 800 - 220))
        }
        // The cap is one specification: read, echoed in scenario.json under its keys, read back equal.
        let cap = BankYearCapSpec(shareOfPriorBalance: 0.02, amount: 1000)
        #expect(s.programme.perBankYearCap == cap && cap.allowance(priorBalance: 11_000) == 220 && cap.allowance(priorBalance: 1e6) == 1000)
        let json = try ScenarioJSON.render(s)
        #expect(json.contains("\"per_bank_year_cap\"") && json.contains("\"share_of_prior_balance\""), "\(json.prefix(400))")
        let back = try JSONDecoder.snakeCase.decode(ScenarioFile.self, from: Data(json.utf8))
        #expect(back.programme.perBankYearCap == cap)
        // Without a cap, scenario.json has no such key (files of other scenarios keep their bytes).
        #expect(try !ScenarioJSON.render(scenario("name: n\nhorizon_months: 2\ncohorts: [{name: a, firms: 1, pd: 0.01, rho: 0, "
                                                 + "loan_size: {median: 1, sigma: 0}}]\npool: {initial: 1}")).contains("per_bank_year_cap"))
    }

    /// Shortfall rules on claims of 60 and 40 (banks x, y) against a balance of 50: FIFO pays 50 to x;
    /// pro rata pays 30 and 20; denial pays 50 to x and denies the rest (50), marking the pool depleted.
    @Test(arguments: ["fifo", "pro_rata", "deny"])
    func shortfallRules(_ rule: String) throws {
        let s = try scenario(forced("""
              - {name: a, firms: 1, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 60, sigma: 0}}
              - {name: b, firms: 1, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 40, sigma: 0}}
            """, pool: "pool: {initial: 50, shortfall: \(rule)}").replacingOccurrences(of: "programme: {claim_lag_months: 0}",
                                                                                     with: "programme: {claim_lag_months: 0, compensation: {credit: 1}}"))
        for o in simulate(s, paths: 2).outcomes {
            #expect(o.poolPaid == 50 && o.depletionStep == 0)
            switch rule {
            case "deny": #expect(o.claimsDenied == 50 && o.unpaidClaims == 0)
            default: #expect(o.unpaidClaims == 50 && o.claimsDenied == 0)
            }
        }
        var ledger = PoolLedger()
        var paid = [0.0, 0.0]
        ledger.reset(initial: 50)
        ledger.queue.file(60, bank: 0)
        ledger.queue.file(40, bank: 1)
        ledger.payQueue(rule == "pro_rata" ? .proRata : .fifo, paidByBank: &paid)
        #expect(paid == (rule == "pro_rata" ? [30, 20] : [50, 0]))
    }

    /// Refill rules at the start of year 2: back to a 100 target within a 30 budget; or last year's payouts.
    @Test func refillRules() {
        var a = PoolLedger(), b = PoolLedger()
        var paid = [0.0]
        for l in [0, 1] {
            var p = l == 0 ? a : b
            p.reset(initial: 100)
            p.queue.file(80, bank: 0)
            p.payQueue(.fifo, paidByBank: &paid)
            if l == 0 { a = p } else { b = p }
        }
        a.openYear(refill: .toTarget(100, annualBudget: 30))
        b.openYear(refill: .lastYearPayouts(annualBudget: 1000))
        #expect(a.balance == 50 && a.topUps == 30)
        #expect(b.balance == 100 && b.topUps == 80)
        // The rule as a specification: its top-up in closed form, echoed under its keys and read back.
        #expect(RefillSpec.toTarget(5000, annualBudget: 3000).topUp(balance: 1000, paidLastYear: 0) == 3000)
        #expect(RefillSpec.toTarget(5000, annualBudget: 3000).topUp(balance: 6000, paidLastYear: 0) == 0)
        #expect(RefillSpec.lastYearPayouts(annualBudget: 3000).topUp(balance: 0, paidLastYear: 1200) == 1200)
        let spec = RefillSpec.lastYearPayouts(annualBudget: 3000)
        let json = String(decoding: try! JSONEncoder.sortedSnakeCase.encode(spec), as: UTF8.self)
        #expect(json == #"{"annual_budget":3000,"rule":"last_year_payouts"}"#, "\(json)")
        #expect(try! JSONDecoder.snakeCase.decode(RefillSpec.self, from: Data(json.utf8)) == spec)
    }

    /// Breakers on other metrics and actions. Stop compensation: the bank's claims filed while it is
    /// suspended are denied. Annual loss rate: 10% of the book lost in month 1 trips a 5% threshold.
    @Test func breakerMetricsAndStopCompensation() throws {
        let yaml = """
            name: b
            horizon_months: 6
            cohorts:
              - {name: a, firms: 100, pd: 0.01, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 24}
              - {name: bad, firms: 10, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 24}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000, cohorts: [bad]}]
            programme: {claim_lag_months: 1}
            pool: {initial: 1e9}
            breakers: [{metric: METRIC, threshold: 0.05, window_months: 12, min_suspension_months: 12, action: stop_compensation}]
            """
        for metric in ["annual_loss_rate", "overdue_rate"] {
            let s = try scenario(yaml.replacingOccurrences(of: "METRIC", with: metric))
            for o in try outcomes(simulate(s, paths: 3), where: { $0.defaults == 10 }) {
                #expect(o.breakerTrips == 1 && o.bankFirstSuspension == [0], "\(metric)")
                #expect(close(o.claimsDenied, 800) && o.poolPaid == 0, "\(metric)")
            }
        }
        // Compensation paid ÷ pool balance: 800 paid from a 1,000 pool in month 2 leaves 200: 400% > 5%.
        let comp = try scenario(yaml.replacingOccurrences(of: "METRIC", with: "compensation_to_balance")
            .replacingOccurrences(of: "initial: 1e9", with: "initial: 1000").replacingOccurrences(of: "stop_compensation", with: "suspend_lending"))
        for o in try outcomes(simulate(comp, paths: 8), where: { $0.defaults == 10 }) {
            #expect(o.breakerTrips == 1 && o.bankFirstSuspension == [1] && o.poolPaid == 800)
        }
    }

    /// Money is conserved across every party on every path of the rulebook scenarios.
    @Test(arguments: ["zhengzhou-ip-pledge", "zhengkedai-guaranteed", "henan-kejidai-2025", "zhengzhou-city-district-province"])
    func moneyConservedAcrossParties(_ name: String) throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/\(name).yaml").scenario
        for o in simulate(s, paths: 200, seed: 12).outcomes {
            #expect(close(o.exposureAtDefault, o.grossLoss + o.recoveries))
            #expect(close(o.grossLoss, o.claimsFiled + o.claimsAfterHorizon + o.guarantorLoss + o.insurerLoss + o.appraiserLoss + o.bankRetained))
            #expect(close(o.claimsFiled, o.poolPaid + o.unpaidClaims + o.claimsDenied))
            #expect(close(o.ipRecoveries, o.clawbackPools + o.clawbackGuarantor + o.clawbackInsurer + o.clawbackAppraiser + o.ipRecoveryBank))
            #expect(close(o.grossLoss - o.ipRecoveries, o.bankNetLoss + (o.poolPaid - o.clawbackPools) + (o.guarantorLoss - o.clawbackGuarantor)
                          + (o.insurerLoss - o.clawbackInsurer) + (o.appraiserLoss - o.clawbackAppraiser)))
            for (k, p) in o.pools.enumerated() {
                #expect(close(p.balanceEnd, p.initial + p.topUps + p.interest + p.clawback - p.paid - p.fees), "pool \(k)")
                #expect(p.balanceEnd >= -1e-9)
            }
        }
    }

    /// The exact payout law of a homogeneous cohort with a finite pool: one annual step, fixed exposure,
    /// claims at once: payout = min(K, c·D) with c = min(r·LGD·EAD, cap) and D conditionally binomial:
    /// E[payout] = ∫ Σ_d Binom(d; n, p(z)) min(K, c d) φ(z) dz. Simulated mean and P(pool exhausted)
    /// within 4 standard errors.
    @Test func finitePoolPayoutLaw() throws {
        let n = 200, ead = 300.0, lgd = 0.7, r = 0.8, cap = 150.0, pool = 2000.0, pd = 0.04, rho = 0.15
        let s = try scenario("""
            name: law
            horizon_months: 12
            step: year
            cohorts:
              - {name: a, firms: \(n), pd: \(pd), rho: \(rho), lgd: \(lgd), loan_size: {median: \(ead), sigma: 0}, term_months: 12}
            programme: {claim_lag_months: 0, per_loan_cap: \(cap), compensation: {credit: \(r)}}
            pool: {initial: \(pool)}
            """)
        let c = min(r * lgd * ead, cap)
        var expected = 0.0, exhausted = 0.0
        let h = 0.002, a = rho.squareRoot(), threshold = Normal.quantile(pd)
        for z in stride(from: -8.0, through: 8.0, by: h) {
            let p = Normal.cdf((threshold - a * z) / (1 - rho).squareRoot())
            var pmf = pow(1 - p, Double(n))
            var e = 0.0, full = 0.0
            for d in 0...n {
                if d > 0 { pmf *= Double(n - d + 1) / Double(d) * p / (1 - p) }
                e += pmf * min(pool, c * Double(d))
                if c * Double(d) >= pool { full += pmf }
            }
            expected += e * Normal.density(z) * h
            exhausted += full * Normal.density(z) * h
        }
        let paid = simulate(s, paths: 20_000, seed: 31).outcomes.map(\.poolPaid)
        #expect(abs(mean(paid) - expected) < 4 * standardError(paid), "\(mean(paid)) vs exact \(expected)")
        let hits = paid.map { $0 >= pool - 1e-9 ? 1.0 : 0.0 }
        #expect(abs(mean(hits) - exhausted) < 4 * (exhausted * (1 - exhausted) / 20_000).squareRoot(), "\(mean(hits)) vs \(exhausted)")
    }
}

/// Bad rule combinations are rejected with located messages.
@Suite struct RulebookValidationTests {
    @Test(arguments: [
        ("loss split not summing to 1", "loss_split: {pool: 0.5, bank: 0.4}", "cohorts[0].loss_split: shares add up to 0.9, not 1"),
        ("guarantor share without a guarantee", "loss_split: {pool: 0.4, guarantor: 0.4, bank: 0.2}", "a guarantor share needs a 'guarantee' block"),
        ("negative per-bank-year cap", "", "programme.per_bank_year_cap.amount: amount -1 (= -1 万元) is out of range"),
        ("pool covering no loan", "", "pool 'p' covers no loan of the scenario"),
        ("scheme shares not summing to 1", "", "have shares adding up to 0.8, not 1"),
        ("IP loan given a loan size", "ip_pledge: {appraised_value: {median: 100}}", "an IP-pledge loan is sized from the pledged IP"),
        ("trademark pledge above 50%", "ip_pledge: {ip_type: trademark, pledge_rate: 0.6, appraised_value: {median: 100}}", "trademark pledge rates are at most 50%"),
    ])
    func rejected(_ name: String, _ cohortExtra: String, _ message: String) throws {
        var programme = "programme: {claim_lag_months: 0}"
        var pool = "pool: {initial: 100}"
        switch name {
        case "negative per-bank-year cap": programme = "programme: {per_bank_year_cap: {share_of_prior_balance: 0.02, amount: -1}}"
        case "pool covering no loan": pool = "pools: [{name: p, initial: 100, covers: {types: [startup]}}]"
        case "scheme shares not summing to 1": pool = "pools: [{name: p, scheme: s, share: 0.5, initial: 1}, {name: q, scheme: s, share: 0.3, initial: 1}]"
        default: break
        }
        let yaml = """
            name: bad
            horizon_months: 12
            cohorts:
              - {name: a, type: tech_sme, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}\(cohortExtra.isEmpty ? "" : ", " + cohortExtra)}
            \(programme)
            \(pool)
            """
        #expect(performing: { try scenario(yaml) }, throws: { error in
            (error as? ScenarioError)?.description.contains(message) == true
        })
    }
}

@Suite struct RulebookMoreTests {
    /// Fees on a fixed, default-free book over 2 years: guarantee fee 1% and premium 1.5% of 10,000万 a
    /// year; IP loans originated pay 2.5% of the appraised value (loan / pledge rate), half subsidised.
    @Test func feesAccrueOnOutstandingAndAtOrigination() throws {
        let s = try scenario("""
            name: fees
            horizon_months: 24
            cohorts:
              - {name: g, firms: 100, pd: 1e-9, rho: 0, loan_size: {median: 100, sigma: 0}, term_months: 36, guarantee: {fee: 0.01},
                 insurance_premium: 0.015}
              - {name: ip, firms: 20, initial_borrowers: 0, pd: 1e-9, rho: 0, term_months: 36, demand_per_year: 1,
                 ip_pledge: {appraised_value: {median: 1000, sigma: 0}, appraisal_fee: 0.025, appraisal_subsidy: 0.5}}
            pool: {initial: 1e9}
            """)
        for o in try outcomes(simulate(s, paths: 2), where: { $0.defaults == 0 }) {
            // The IP loans (20 × 275万) start at the end of month 1 and have no guarantee.
            #expect(close(o.guaranteeFees, 10_000 * 0.01 * 2) && close(o.insurancePremiums, 10_000 * 0.015 * 2))
            #expect(o.loansOriginated == 20 && close(o.appraisalFees, 20 * 1000 * 0.025) && close(o.appraisalSubsidies, 250))
        }
    }

    /// The guarantor-payout-rate breaker: the guarantor pays 40% of 10 defaults of 100万 (400万) against a
    /// guaranteed balance of 90 × 100万: 4.4% > 3%, so the bank is suspended at the end of month 1.
    /// Without `until_recovered` it is reinstated after exactly the minimum 3 months, though the rate
    /// stays above the threshold; with it, it stays suspended.
    @Test(arguments: [false, true])
    func guarantorPayoutBreakerAndReinstatement(_ untilRecovered: Bool) throws {
        let s = try scenario("""
            name: gpr
            horizon_months: 8
            cohorts:
              - {name: good, firms: 300, initial_borrowers: 90, pd: 1e-9, rho: 0, loan_size: {median: 100, sigma: 0}, term_months: 36,
                 demand_per_year: 1, guarantee: {fee: 0.01}, loss_split: {pool: 0.4, guarantor: 0.4, bank: 0.2}}
              - {name: bad, firms: 10, pd: 0.5, rho: 0, loan_size: {median: 100, sigma: 0}, term_months: 36,
                 guarantee: {fee: 0.01}, loss_split: {pool: 0.4, guarantor: 0.4, bank: 0.2}}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000, cohorts: [bad]}]
            pool: {initial: 1e9}
            breakers: [{metric: guarantor_payout_rate, threshold: 0.03, window_months: 12, min_suspension_months: 3, until_recovered: \(untilRecovered)}]
            """)
        for o in simulate(s, paths: 3).outcomes {
            #expect(o.bankFirstSuspension == [0])
            // Lending resumes at the end of month 4 (step 3) only when reinstatement ignores the metric.
            #expect((o.loansOriginated > 0) == !untilRecovered)
        }
    }
}

@Suite struct StressOverlayMoreTests {
    /// A PD multiplier by sector hits only cohorts in that sector.
    @Test func pdMultiplierBySector() throws {
        let s = try scenario("""
            name: sector
            horizon_months: 12
            step: year
            sectors: [{name: bio, phi: 0.9}]
            cohorts:
              - {name: in-bio, sector: bio, sector_loading: 0.1, firms: 20000, pd: 0.02, rho: 0.01, loan_size: {median: 1, sigma: 0}}
              - {name: other, firms: 20000, pd: 0.02, rho: 0.01, loan_size: {median: 1, sigma: 0}}
            stresses: [{from_month: 1, to_month: 12, pd_multiplier: 3, sectors: [bio]}]
            pool: {initial: 1}
            """)
        let m = CompiledScenario(s)
        #expect(abs(Normal.cdf(m.thresholds[0]) - 0.06) < 1e-12 && abs(Normal.cdf(m.thresholds[1]) - 0.02) < 1e-12)
        #expect(throws: ScenarioError.self) {
            try scenario("""
                name: x
                horizon_months: 12
                cohorts: [{name: a, firms: 1, pd: 0.1, rho: 0.1, loan_size: {median: 1}}]
                stresses: [{from_month: 1, to_month: 2, pd_multiplier: 2, sectors: [nowhere]}]
                pool: {initial: 1}
                """)
        }
    }

    /// An IP-value haircut of 60% in the default month: the 1,000万 patent realises 1000 × 0.4 × (1 − 0.5)
    /// = 200 instead of 500, capped at the 275万 loss → 200 recovered.
    @Test func ipValueHaircut() throws {
        let s = try scenario(forced("""
              - {name: ip, firms: 3, pd: 0.5, rho: 0, lgd: 1, term_months: 12,
                 ip_pledge: {appraised_value: {median: 1000, sigma: 0}, value_volatility: 0, factor_sensitivity: 0,
                             disposal_probability: 1, disposal_lag_months: {min: 1, max: 1}, disposal_discount: 0.5}}
            """, horizon: 3).replacingOccurrences(of: "pd_multiplier: 1000}", with: "pd_multiplier: 1000, ip_value_haircut: 0.6}"))
        for o in simulate(s, paths: 2).outcomes { #expect(close(o.ipRecoveries, 3 * 200)) }
    }
}

import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// A cohort's LGD moving with the cycle (`lgd: {model: frye-jacobs, mean: …}`), docs/model.md §3.4.
@Suite struct DownturnLGDTests {
    static let firms = 100_000

    /// One cohort, one annual step, unit exposure (as the Vasicek check): each path's default rate is
    /// its conditional PD up to binomial noise, so its loss per default is Frye–Jacobs's LGD there.
    func oneStep(_ lgd: String, pd: Double = 0.08, rho: Double = 0.2) throws -> Scenario {
        try scenario("""
            name: downturn-lgd
            horizon_months: 12
            step: year
            cohorts:
              - {name: c, firms: \(Self.firms), pd: \(pd), rho: \(rho), loan_size: {median: 1, sigma: 0}, lgd: \(lgd), term_months: 12}
            programme: {per_firm_limit: 10}
            pool: {initial: 1}
            """)
    }

    /// Each path's loss per default is the curve at its default rate, within five times the binomial
    /// noise of that rate carried through the curve's slope; and the mean loss is PD × mean LGD within
    /// 4 standard errors (the curve moves loss into bad years without adding any).
    @Test func eachPathsLGDIsTheCurveAtItsDefaultRate() throws {
        let s = try oneStep("{model: frye-jacobs, mean: 0.4}")
        #expect(s.cohorts[0].lgdModel == .fryeJacobs && s.cohorts[0].lgd == 0.4)
        let r = simulate(s, paths: 4000, seed: 33)
        let curve = FryeJacobs(pd: 0.08, meanLGD: 0.4, rho: 0.2)
        let n = Double(Self.firms)
        var checked = 0
        for o in r.outcomes where o.defaults >= 200 {
            let rate = o.defaults / n, lgd = o.grossLoss / o.defaults
            let slope = (curve.lgd(conditionalPD: rate * 1.01) - curve.lgd(conditionalPD: rate * 0.99)) / (0.02 * rate)
            let noise = slope * (rate * (1 - rate) / n).squareRoot()
            #expect(abs(lgd - curve.lgd(conditionalPD: rate)) < 5 * noise + 1e-9, "rate \(rate): \(lgd) vs \(curve.lgd(conditionalPD: rate))")
            checked += 1
        }
        #expect(checked > 3000)
        let loss = r.outcomes.map { $0.grossLoss / n }
        #expect(abs(mean(loss) - 0.08 * 0.4) < 4 * standardError(loss), "\(mean(loss)) vs 0.032 ± \(standardError(loss))")
    }

    /// On the same seed the defaults are the same path by path (the LGD draws nothing); the downturn
    /// LGD takes loss from the good paths and adds it to the bad ones.
    @Test func heavierTailSameDefaults() throws {
        let fixed = simulate(try oneStep("0.4"), paths: 2000, seed: 5), moving = simulate(try oneStep("{model: frye-jacobs, mean: 0.4}"), paths: 2000, seed: 5)
        #expect(fixed.outcomes.map(\.defaults) == moving.outcomes.map(\.defaults))
        let order = fixed.outcomes.indices.sorted { fixed.outcomes[$0].defaults < fixed.outcomes[$1].defaults }
        for i in order.suffix(20) { #expect(moving.outcomes[i].grossLoss > fixed.outcomes[i].grossLoss) }
        for i in order.prefix(1000) where fixed.outcomes[i].defaults > 0 { #expect(moving.outcomes[i].grossLoss < fixed.outcomes[i].grossLoss) }
    }

    /// A fixed LGD written either way gives the same numbers bit for bit.
    @Test func fixedModelIsTheNumber() throws {
        let plain = simulate(try oneStep("0.4"), paths: 200, seed: 9), spelt = simulate(try oneStep("{model: fixed, mean: 0.4}"), paths: 200, seed: 9)
        #expect(plain.outcomes.map(\.grossLoss) == spelt.outcomes.map(\.grossLoss))
    }

    @Test(arguments: [
        ("{model: frye-jacobs}", "lgd.mean", "0 < x ≤ 1"),
        ("{model: frye-jacobs, mean: 0}", "lgd.mean", "0 < x ≤ 1"),
        ("{model: downturn, mean: 0.4}", "lgd.model", "frye-jacobs"),
        ("{mean: 0.4}", "lgd.model", "frye-jacobs"),
        ("{model: frye-jacobs, mean: 0.4, rho: 0.2}", "lgd.rho", "model, mean"),
    ])
    func badModelsAreRefusedAtTheirPlace(_ lgd: String, _ key: String, _ allowed: String) throws {
        expectRefused({ try oneStep(lgd) }, line: 5, key: key, allowed: allowed)
    }

    /// An IP-pledge loan's recovery already falls with the factor: a downturn LGD on it is refused.
    @Test func notOnAnIPPledge() {
        expectRefused({
            try scenario("""
                name: p
                horizon_months: 24
                cohorts: [{name: ip, firms: 10, pd: 0.02, rho: 0.1, lgd: {model: frye-jacobs, mean: 0.5}, term_months: 12, ip_pledge: {appraised_value: {median: 800}}}]
                pool: {initial: 100}
                """)
        }, line: 3, key: "lgd.model", allowed: "fixed lgd")
    }
}

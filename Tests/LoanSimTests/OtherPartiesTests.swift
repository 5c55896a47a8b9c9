import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// The guarantor, insurer and appraiser as a component: read under their specifications' keys, echoed
/// in scenario.json, refused at their place, compiled per step, and the guarantor's yearly allowance.
@Suite struct OtherPartiesTests {
    func load(_ extra: String) throws -> Scenario {
        try scenario("name: p\nhorizon_months: 24\nstep: quarter\n"
                     + "cohorts: [{name: g, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12\(extra)}]\n"
                     + "pool: {initial: 100}")
    }

    /// A guarantee without a split takes 郑科贷's 4 : 4 : 2; the echo decodes back to the same; the
    /// compile step gives the fee and premium per quarter.
    @Test func readEchoedAndCompiled() throws {
        let s = try load(", guarantee: {fee: 0.012, payout_cap: 0.05}, insurance_premium: 0.02")
        let c = s.cohorts[0]
        #expect(c.guarantee == GuaranteeSpec(feeRate: 0.012, payoutCap: 0.05) && c.lossSplit == .zhengkedaiGuaranteed)
        let json = try OutputCoding.encode(ScenarioJSON.file(s))
        #expect(json.contains("\"fee\" : 0.012") && json.contains("\"payout_cap\" : 0.05") && json.contains("\"insurance_premium\" : 0.02"))
        let back = try OutputCoding.decode(ScenarioFile.self, from: Data(json.utf8), file: "scenario.json").cohorts[0]
        #expect(back.guarantee == c.guarantee && back.lossSplit == c.lossSplit && back.insurancePremium == 0.02)
        let parties = CompiledParties(c, stepMonths: 3)
        #expect(parties.guarantorShare == 0.4 && parties.insurerShare == 0 && parties.guarantorPayoutCap == 0.05)
        #expect(abs(parties.guaranteeFeePerStep - 0.003) < 1e-15 && abs(parties.insurancePremiumPerStep - 0.005) < 1e-15)
        // A cohort without parties echoes none of them.
        let plain = try OutputCoding.encode(ScenarioJSON.file(try load("")))
        #expect(!plain.contains("loss_split") && !plain.contains("guarantee") && !plain.contains("insurance_premium"))
    }

    @Test(arguments: [
        (", loss_split: {pool: 0.5, bank: 0.4}", "loss_split", "= 1"),
        (", loss_split: {pool: 0.4, guarantor: 0.4, bank: 0.2}", "loss_split.guarantor", "guarantee"),
        (", guarantee: {fee: 0.012, cap: 0.05}", "guarantee.cap", "payout_cap"),
        (", guarantee: {payout_cap: 0}", "guarantee.payout_cap", "0 < x"),
        (", insurance_premium: 0.5", "insurance_premium", "0.2"),
    ])
    func badPartiesAreRefusedAtTheirPlace(_ extra: String, _ key: String, _ allowed: String) throws {
        expectRefused({ try load(extra) }, line: 4, key: key, allowed: allowed)
    }

    /// The guarantor may pay 5% of a 2,000万 balance in a year (100); without a cap, without limit.
    @Test func guarantorAllowanceOpensEachYear() throws {
        let memory = EngineMemory()
        let g = GuarantorAllowances(cohorts: 2, memory: memory)
        let capped = CompiledParties(try load(", guarantee: {payout_cap: 0.05}").cohorts[0], stepMonths: 1)
        let free = CompiledParties(try load(", guarantee: {fee: 0.01}").cohorts[0], stepMonths: 1)
        g.openYear(cohort: 0, parties: capped, balance: 2000)
        g.openYear(cohort: 1, parties: free, balance: 2000)
        #expect(g.left[0] == 100 && g.left[1] == .infinity)
    }

    @Test func describedInBothLanguages() {
        for zh in [false, true] {
            let split = LossSplitSpec(pool: 0.54, insurer: 0.16, appraiser: 0.04, bank: 0.26).describe(chinese: zh) { "\(Int(($0 * 100).rounded()))%" }
            #expect(split.value == (zh ? "资金池 54% : 保险机构 16% : 评估机构 4% : 银行 26%" : "pool 54% : insurer 16% : appraiser 4% : bank 26%"))
            #expect(GuaranteeSpec(feeRate: 0.01, payoutCap: 0.05).describe(chinese: zh) { "\($0)" }.count == 2)
        }
    }
}

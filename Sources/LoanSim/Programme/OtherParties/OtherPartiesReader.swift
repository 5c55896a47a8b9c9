import LoanSimFiles

/// Reads a cohort's other parties: `guarantee`, `loss_split` (shares adding up to 1; a guarantor share
/// only with a guarantee; a guarantee without a split takes 郑科贷's 4 : 4 : 2) and `insurance_premium`.
/// The keys are the specifications' `CodingKeys`.
extension ScenarioReader {
    static let otherPartyKeys = ["guarantee", "loss_split", "insurance_premium"]

    func readOtherParties(_ m: MapReader, into cohort: inout Cohort) {
        cohort.insurancePremium = m.ratio("insurance_premium", .closed(0, 0.2), default: 0) ?? 0
        typealias G = GuaranteeSpec.CodingKeys
        if let g = ctx.mapping(m.node("guarantee"), m.keyPath("guarantee"), keys: G.yamlKeys) {
            cohort.guarantee = Guarantee(feeRate: g.ratio(G.feeRate.yamlKey, .closed(0, 0.2), default: 0.01) ?? 0.01,
                                         payoutCap: g.ratio(G.payoutCap.yamlKey, .leftOpen(0, 1)))
        }
        typealias S = LossSplitSpec.CodingKeys
        guard let sp = ctx.mapping(m.node("loss_split"), m.keyPath("loss_split"), keys: S.yamlKeys) else {
            if cohort.guarantee != nil { cohort.lossSplit = .zhengkedaiGuaranteed }
            return
        }
        let split = LossSplit(pool: sp.ratio(S.pool.yamlKey, required: true) ?? 0, guarantor: sp.ratio(S.guarantor.yamlKey, default: 0) ?? 0,
                              insurer: sp.ratio(S.insurer.yamlKey, default: 0) ?? 0, appraiser: sp.ratio(S.appraiser.yamlKey, default: 0) ?? 0,
                              bank: sp.ratio(S.bank.yamlKey, required: true) ?? 0)
        if abs(split.total - 1) > 1e-9 {
            ctx.report(m.node("loss_split"), m.keyPath("loss_split"), "shares add up to \(Allowed.fmt((split.total * 1e9).rounded() / 1e9)), not 1",
                       allowed: "pool + guarantor + insurer + appraiser + bank = 1")
        }
        if split.guarantor > 0 && cohort.guarantee == nil {
            ctx.report(m.node("loss_split"), m.keyPath("loss_split.guarantor"), "a guarantor share needs a 'guarantee' block",
                       allowed: "guarantee: {fee: 1%}")
        }
        cohort.lossSplit = split
    }
}

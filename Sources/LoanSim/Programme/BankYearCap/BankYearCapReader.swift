import LoanSimFiles

/// Reads `per_bank_year_cap` of the programme (every pool, on the bank's whole programme balance) or of
/// one pool (`pools[].per_bank_year_cap`: that pool, on the balance of the loans it covers). The keys
/// are the specification's `CodingKeys`.
extension ScenarioReader {
    func readBankYearCap(_ parent: MapReader) -> BankYearCapSpec? {
        typealias K = BankYearCapSpec.CodingKeys
        let path = parent.keyPath("per_bank_year_cap")
        guard let m = ctx.mapping(parent.node("per_bank_year_cap"), path, keys: K.yamlKeys) else { return nil }
        return BankYearCapSpec(shareOfPriorBalance: m.ratio(K.shareOfPriorBalance.yamlKey, required: true) ?? 0,
                               amount: m.amount(K.amount.yamlKey, required: true, .atLeast(0)) ?? 0)
    }

    /// A pool's own cap reads the balance of the cohort loans it covers; a tape's loans are in no cohort's
    /// book, so the two are not combined (the programme's cap reads the whole book, tape included).
    func checkPoolCaps(_ pools: [PoolSpec]?, top: MapReader, hasTape: Bool) {
        guard hasTape, let k = pools?.firstIndex(where: { $0.perBankYearCap != nil }) else { return }
        let key = top.has("pools") ? "pools[\(k)].per_bank_year_cap" : "pool.per_bank_year_cap"
        ctx.report(top.node(top.has("pools") ? "pools" : "pool"), key, "a pool's own per-bank-year cap reads cohort books only, and this scenario has a loan tape",
                   allowed: "programme.per_bank_year_cap (the whole programme book, tape included), or no book: tape")
    }
}

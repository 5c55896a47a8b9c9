import LoanSimFiles

/// Reads `programme.per_bank_year_cap`. The keys are the specification's `CodingKeys`.
extension ScenarioReader {
    func readBankYearCap(_ programme: MapReader) -> BankYearCapSpec? {
        typealias K = BankYearCapSpec.CodingKeys
        let path = "programme.per_bank_year_cap"
        guard let m = ctx.mapping(programme.node("per_bank_year_cap"), path, keys: K.yamlKeys) else { return nil }
        return BankYearCapSpec(shareOfPriorBalance: m.ratio(K.shareOfPriorBalance.yamlKey, required: true) ?? 0,
                               amount: m.amount(K.amount.yamlKey, required: true, .atLeast(0)) ?? 0)
    }
}

import LoanSimFiles

/// Names as the report's language shows them: a scenario may label its scenario, cohorts, banks, pools,
/// funders and sectors (`label_zh`, `label_en`); the name itself where it gives none.
extension RunPage {
    func called(_ name: String) -> String {
        guard let label = files.scenario?.labels?[name] else { return name }
        return (lang == .zh ? label.zh : label.en) ?? name
    }

    /// A scenario key path in words, its cohort by its label: `cohorts[hightech-credit].lgd` → "高新技术企业信用贷款 违约损失率".
    func inputName(_ key: String) -> String {
        guard let m = key.firstMatch(of: /cohorts\[([^\]]+)\]/) else { return lang.keyName(key) }
        let raw = String(m.1), shown = called(raw)
        // The key names the cohort; its words use the label (a label may hold any character, so substitute after).
        return lang.keyName(key).replacingOccurrences(of: raw, with: shown)
    }
}

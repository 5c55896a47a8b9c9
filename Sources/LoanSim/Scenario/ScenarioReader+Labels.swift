import LoanSimFiles

extension ScenarioReader {
    /// The keys that label a named element (the scenario, a cohort, bank, pool, funder or sector) for
    /// the reports: `label_zh` is shown in the Chinese report, `label_en` in the English one; the name
    /// stays the element's key in every file.
    static let labelKeys = ["label_zh", "label_en"]

    /// Records `m`'s labels for `name` (labels are by name: two elements of one name share them).
    func readLabels(_ m: MapReader, name: String) {
        let zh = m.string("label_zh"), en = m.string("label_en")
        guard zh != nil || en != nil, !name.isEmpty else { return }
        ctx.labels[name] = NameLabel(zh: zh, en: en)
    }
}

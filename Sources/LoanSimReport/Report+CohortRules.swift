import LoanSimFiles

extension RunPage {
    /// The linkage and each cohort's own rules, in the words their specifications give: the IP pledge, the policy
    /// guarantee, the loss split and the guarantee-insurance premium.
    func cohortRules(_ s: ScenarioFile) -> String {
        let zh = lang == .zh
        let percent = { (x: Double) in lang.percent(x, decimals: 1) }
        var html = ""
        if let l = s.linkage {
            let rows = l.describe(chinese: zh, percent: percent, money: { lang.money($0, decimals: 0) })
            html += "<h3>\(esc(lang.t("linkage")))</h3>" + Report.table([lang.t("metric"), ""], rows.map { [$0.label, $0.value] }, cls: "prov")
        }
        for c in s.cohorts {
            if let ip = c.ipPledge {
                let rows = ip.describe(chinese: zh, percent: percent, money: { lang.money($0, decimals: 0) })
                html += "<h3>\(esc(lang.t("ip_pledge"))) · \(esc(called(c.name)))</h3>" + Report.table([lang.t("metric"), ""], rows.map { [$0.label, $0.value] }, cls: "prov")
            }
            var rows: [(label: String, value: String)] = []
            if let split = c.lossSplit { rows.append(split.describe(chinese: zh, percent: percent)) }
            if let g = c.guarantee { rows += g.describe(chinese: zh, percent: percent) }
            if let premium = c.insurancePremium { rows.append((zh ? "保证保险费率（年）" : "Guarantee-insurance premium (a year)", percent(premium))) }
            if !rows.isEmpty {
                html += "<h3>\(esc(lang.t("parties"))) · \(esc(called(c.name)))</h3>" + Report.table([lang.t("metric"), ""], rows.map { [$0.label, $0.value] }, cls: "prov")
            }
        }
        return html
    }
}

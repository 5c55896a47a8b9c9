/// Every abbreviation the reports use, explained once in both languages: a section at the end of each
/// report, and a hover title on each table header that holds one.
enum Glossary {
    struct Term {
        let term: String
        /// The term as the Chinese glossary names it, where its English name is a word.
        var termZh: String? = nil
        /// The tokens that name it in a header ("P95" names the percentiles).
        let tokens: [String]
        let zh: String
        let en: String
    }

    static let terms: [Term] = [
        Term(term: "P5 / P50 / P95 / P99", tokens: ["P5", "P25", "P50", "P75", "P90", "P95", "P99"],
             zh: "百分位数：该比例的路径结果不超过此值（P50 即中位数）", en: "Percentiles: that share of paths ends at or below the value (P50 is the median)"),
        Term(term: "VaR", tokens: ["VaR"], zh: "风险价值：给定置信水平下损失的分位数（此处为 P99）", en: "Value at risk: the loss quantile at a confidence level (here P99)"),
        Term(term: "ES99", tokens: ["ES99", "ES 99%"], zh: "预期尾部损失：最差 1% 路径的平均损失", en: "Expected shortfall: the mean loss over the worst 1% of paths"),
        Term(term: "RAROC", tokens: ["RAROC"], zh: "风险调整资本回报率：年净收益 ÷ 占用资本", en: "Risk-adjusted return on capital: annual net income ÷ capital held"),
        Term(term: "PD", tokens: ["PD"], zh: "违约概率（年化）", en: "Probability of default (a year)"),
        Term(term: "LGD", tokens: ["LGD"], zh: "违约损失率：违约敞口中最终损失的比例", en: "Loss given default: the share of the exposure that is lost"),
        Term(term: "ρ", tokens: ["ρ"], zh: "资产相关性：借款企业共同受宏观因子影响的程度", en: "Asset correlation: how much borrowers move with the common (macro) factor"),
        Term(term: "CRN", tokens: ["CRN"], zh: "共同随机数：比较的各情景使用相同的随机数，差值因此更精确", en: "Common random numbers: compared runs share their random draws, so differences are sharper"),
        Term(term: "± / standard error (se)", termZh: "± / 标准误", tokens: ["±", "标准误"], zh: "蒙特卡洛标准误：路径数有限带来的误差；95% 区间约为 ± 1.96 个标准误",
             en: "Monte Carlo standard error: the error from simulating finitely many paths; the 95% interval is about ± 1.96 of them"),
        Term(term: "pp (percentage points)", termZh: "百分点", tokens: ["百分点", "pp"], zh: "两个概率之差的单位", en: "Percentage points: the unit of a difference between two probabilities"),
        Term(term: "SHA-256", tokens: ["SHA-256"], zh: "文件指纹：核对情景与结果是否对应", en: "A file's fingerprint: checks that a scenario and its results belong together"),
        Term(term: "TVPI", tokens: ["TVPI"], zh: "总价值倍数：（分配 + 净值）÷ 实缴", en: "Total value to paid-in: (distributions + NAV) ÷ paid-in"),
        Term(term: "DPI", tokens: ["DPI"], zh: "已分配倍数：分配 ÷ 实缴", en: "Distributions to paid-in"),
        Term(term: "IRR", tokens: ["IRR", "内部收益率"], zh: "内部收益率（年化）", en: "Internal rate of return (a year)"),
        Term(term: "NAV", tokens: ["NAV", "净值"], zh: "净值：期末仍持有的投资，按成本计", en: "Net asset value: holdings at the horizon, at cost"),
    ]

    static let title: [ReportLanguage: String] = [.zh: "术语表", .en: "Glossary"]

    /// The hover text for a header that names a term (nil when it names none).
    static func hover(_ header: String, lang: ReportLanguage) -> String? {
        for t in terms where t.tokens.contains(where: { token in
            guard let r = header.range(of: token) else { return false }
            // A whole token: "PD" in "PD 10%" but not in "UPDATE".
            let before = r.lowerBound == header.startIndex ? " " : header[header.index(before: r.lowerBound)]
            let after = r.upperBound == header.endIndex ? " " : header[r.upperBound]
            return !(before.isLetter && before.isASCII) && !(after.isLetter && after.isASCII) && !(after.isNumber && token.last?.isNumber == true)
        }) {
            return "\(lang == .zh ? t.termZh ?? t.term : t.term): " + (lang == .zh ? t.zh : t.en)
        }
        return nil
    }

    /// `html` with a hover title on every table header that names a term, in the page's language.
    static func annotate(_ html: String, lang: ReportLanguage) -> String {
        html.replacing(/<th>([^<]*)<\/th>/) { m in
            guard let text = hover(String(m.1), lang: lang) else { return String(m.0) }
            return "<th title=\"\(esc(text))\">\(m.1)</th>"
        }
    }

    static func section(_ lang: ReportLanguage) -> String {
        "<h2>\(esc(title[lang] ?? ""))</h2>" + Report.table([lang == .zh ? "术语" : "Term", lang == .zh ? "说明" : "Meaning"],
                                                          terms.map { [lang == .zh ? $0.termZh ?? $0.term : $0.term, lang == .zh ? $0.zh : $0.en] }, cls: "prov")
    }
}

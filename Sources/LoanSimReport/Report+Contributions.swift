import Foundation
import LoanSimFiles

/// Who draws the pool down (summary.json `contributions`): each bank's, pool's, cohort's and sector's
/// share of the payouts, the fiscal cost and the banks' net loss, on average, in the worst 1% of paths
/// (ES99) and on the paths where a pool ran dry.
extension RunPage {
    static let contributionText: [ReportLanguage: [String: String]] = [
        .en: ["title": "Who draws the pool down (Euler contributions)",
              "note": "Each part's share of the total: on average, on the worst 1% of paths (%1 paths; the parts add up to ES99) and on the %2 paths where a pool ran dry. A part whose share of the tail exceeds its share of the mean draws the pool down most in bad years. By cohort and sector, what each pool paid each bank is shared among the loans in proportion to their claims on it.",
              "bank": "Bank", "pool": "Pool (funder)", "cohort": "Cohort", "sector": "Sector", "by": "%1 by %2",
              "(subsidies)": "Subsidies (interest, fees, premiums, appraisal)", "(no sector)": "No sector", "mean": "Mean (share)", "tail": "ES99 part (share)", "dry": "When dry (share)", "dryShort": "When dry",
              "chart": "Share of the mean, of the worst 1% and of the dry paths", "axis": "Share of the total"],
        .zh: ["title": "谁在消耗资金池（欧拉分配）",
              "note": "各部分在总额中的份额：平均、最差 1% 路径（%1 条路径；各部分之和即 ES99）以及资金池耗尽的 %2 条路径。尾部份额高于平均份额的部分，在坏年份对资金池的消耗最大。按群组和行业分配时，各资金池支付给银行的补偿按相应贷款向该资金池的申请额比例分摊。",
              "bank": "银行", "pool": "资金池（出资方）", "cohort": "企业群组", "sector": "行业", "by": "%1（按%2）",
              "(subsidies)": "补贴（贴息、担保费、保费、评估费）", "(no sector)": "未分行业", "mean": "均值（份额）", "tail": "ES99 分摊（份额）", "dry": "耗尽路径上（份额）", "dryShort": "耗尽路径上",
              "chart": "平均、最差 1% 与耗尽路径上的份额", "axis": "占总额比例"],
    ]

    func contributionsSection() -> String {
        guard let c = files.summary.contributions, !c.figures.isEmpty else { return "" }
        let t = Self.contributionText[lang] ?? [:]
        var html = "<h2>\(esc(t["title"] ?? ""))</h2><p class=\"note\">\(esc(fill(t["note"] ?? "", ["\(c.tailPaths)", "\(c.dryPaths)"])))</p>"
        for a in c.figures {
            guard let figure = Figure(rawValue: a.figure) else { continue }
            func share(_ x: Double?, _ total: Double?) -> String {
                guard let x, let total, total != 0 else { return "" }
                return " (" + lang.percent(x / total, decimals: 1) + ")"
            }
            let numbered = numbersParts(a)
            let rows: [[Cell]] = a.parts.enumerated().map { k, p in
                [.text((numbered ? "\(k + 1). " : "") + partName(p.name)), .amounts([p.mean], format: "%1 %u" + share(p.mean, a.total.mean)),
                 .amounts([p.es99], format: "%1 %u" + share(p.es99, a.total.es99)),
                 p.dry.map { .amounts([$0], format: "%1 %u" + share($0, a.total.dry)) } ?? .text("–")]
            }
            let by = t[a.by] ?? a.by
            html += "<h3>\(esc(fill(t["by"] ?? "", [lang.label(figure), by])))</h3>"
                + Report.table([by, t["mean"] ?? "", t["tail"] ?? "", t["dry"] ?? ""], cells: rows, lang: lang)
                + shareChart(a, id: "contributions-\(a.figure)-\(a.by)", title: t["chart"] ?? "", axis: t["axis"] ?? "")
        }
        return html
    }

    /// Whether the chart names its parts by number (the table's rows are numbered alike): when a part's
    /// name would not fit under its group of bars (about 7 px a Latin letter, 13 px a Chinese one).
    func numbersParts(_ a: SummaryFile.Allocation) -> Bool {
        let room = SVGChart(id: "", height: 240).plotWidth / Double(max(1, a.parts.count)) * 0.9
        return a.parts.contains { p in partName(p.name).unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? 13 : 7) } > room }
    }

    /// A part's name in words: its scenario label, or the words for the subsidies and "no sector" parts.
    func partName(_ name: String) -> String { Self.contributionText[lang]?[name] ?? called(name) }

    /// Grouped bars per part: its share of the mean, of ES99 and of the dry paths.
    func shareChart(_ a: SummaryFile.Allocation, id: String, title: String, axis: String) -> String {
        var c = SVGChart(id: id, height: 240)
        let n = Double(a.parts.count)
        let series: [(String, String, (SummaryFile.Contribution) -> Double?, Double?)] = [
            (lang.t("mean"), "#2563eb", { $0.mean }, a.total.mean), ("ES99", "#dc2626", { $0.es99 }, a.total.es99),
            (Self.contributionText[lang]?["dryShort"] ?? "dry", "#f59e0b", { $0.dry }, a.total.dry),
        ]
        let shares = a.parts.map { p in series.map { s in s.3.flatMap { total in s.2(p).map { $0 / total } } } }
        let yHi = max(0.1, (shares.flatMap { $0.compactMap { $0 } }.max() ?? 0) * 1.15)
        c.axes(xLo: 0.5, xHi: n + 0.5, yLo: 0, yHi: yHi, xLabel: Self.contributionText[lang]?[a.by] ?? a.by, yLabel: axis,
               xTicks: (1...a.parts.count).map(Double.init), fmt: { lang.percent($0, decimals: 0) },
               xFmt: { x in
                   let k = Int(x) - 1
                   guard a.parts.indices.contains(k) else { return "" }
                   return numbersParts(a) ? "\(k + 1)" : partName(a.parts[k].name)
               })
        let group = c.plotWidth / n * 0.7, w = group / Double(series.count)
        for (k, p) in a.parts.enumerated() {
            let x0 = c.x(Double(k + 1), 0.5, n + 0.5) - group / 2
            for (j, s) in series.enumerated() {
                guard let v = shares[k][j], v.isFinite else { continue }
                c.rect(x: x0 + Double(j) * w, y: c.y(max(0, v), 0, yHi), w: w * 0.9, h: c.y(0, 0, yHi) - c.y(max(0, v), 0, yHi), color: s.1,
                       title: "\(partName(p.name)) · \(s.0): \(lang.percent(v, decimals: 1))")
            }
        }
        return c.render(label: title) + Report.legend(series.filter { $0.3 != nil }.map { ($0.0, $0.1) })
    }
}

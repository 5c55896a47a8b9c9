import RiskModel

extension SummaryTable {
    /// The government's ratios (fiscal cost per firm and per loan financed, leverage) and the linkage's
    /// cover of credit losses: ratios of means with their delta-method standard errors; "n/a" where the
    /// denominator's mean is zero.
    static func governmentLines(_ s: RunSummary) -> [String] {
        let e = s.economics
        func text(_ r: RatioOfMeans?, decimals: Int, unit: String = "") -> String {
            guard let r, r.ratio.isFinite else { return "n/a" }
            return "\(group(r.ratio, decimals: decimals)) ± \(group(r.se, decimals: decimals))" + unit
        }
        var lines = ["", "Fiscal cost per distinct firm financed: \(text(e.fiscalCostPerFirm, decimals: 2, unit: " 万元")); "
                     + "per loan financed (renewals included): \(text(e.fiscalCostPerLoan, decimals: 2, unit: " 万元"))",
                     "Lending per 万元 of pool capital: \(text(e.lendingPerCapital, decimals: 1)); "
                     + "per 万元 of fiscal cost: \(text(e.lendingPerFiscalCost, decimals: 1))  (ratios of means ± se)"]
        if let beats = e.linkageBeatsLending {
            let cover = e.linkageCoverOfLosses.map { "\(pct($0.ratio)) ± \(pct($0.se))" } ?? "n/a"
            lines.append("Invest-loan linkage: P(loans + equity beat lending alone) = \(pct(beats.p)) ± \(pct(beats.se)); "
                         + "equity gains cover \(cover) of credit losses (ratio of means)")
        }
        return lines
    }
}

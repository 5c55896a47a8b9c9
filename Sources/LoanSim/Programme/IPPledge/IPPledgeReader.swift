import LoanSimFiles

/// Reads a cohort's `ip_pledge:`. The keys are the specification's `CodingKeys`; the pledge rate
/// defaults to the IP type's, and a trademark's is at most 50%.
extension ScenarioReader {
    func readIPPledge(_ m: MapReader) -> IPPledge? {
        typealias K = IPPledgeSpec.CodingKeys
        guard let ip = ctx.mapping(m.node("ip_pledge"), m.keyPath("ip_pledge"), keys: K.yamlKeys) else { return nil }
        let type = ip.choice(K.ipType.yamlKey, IPPledge.IPType.self, default: .inventionPatent) ?? .inventionPatent
        var median = 1.0, sigma = 0.8
        typealias V = IPPledgeSpec.AppraisedValue.CodingKeys
        let value = K.appraisedValue.yamlKey
        if let v = ctx.mapping(ip.node(value), ip.keyPath(value), keys: V.yamlKeys) {
            median = v.amount(V.median.yamlKey, required: true, .above(0)) ?? 1
            sigma = v.number(V.sigma.yamlKey, .closed(0, 5), default: 0.8) ?? 0.8
        } else if !ip.has(value) {
            ctx.report(ip.node, ip.keyPath(value), "required key is missing", allowed: "{median: amount, sigma: 0…5}")
        }
        var lag = 12...36
        typealias L = IPPledgeSpec.MonthRange.CodingKeys
        let lagKey = K.disposalLagMonths.yamlKey
        if let l = ctx.mapping(ip.node(lagKey), ip.keyPath(lagKey), keys: L.yamlKeys) {
            let lo = l.integer(L.min.yamlKey, required: true, .closed(0, 240)) ?? 12, hi = l.integer(L.max.yamlKey, required: true, .closed(0, 240)) ?? 36
            if hi < lo {
                ctx.report(l.node(L.max.yamlKey), l.keyPath(L.max.yamlKey), "max \(hi) is below min \(lo)", allowed: "min ≤ max")
            } else {
                lag = lo...hi
            }
        }
        let rate = ip.ratio(K.pledgeRate.yamlKey, .leftOpen(0, 1))
        if let rate, type == .trademark && rate > 0.5 {
            ctx.report(ip.node(K.pledgeRate.yamlKey), ip.keyPath(K.pledgeRate.yamlKey), "trademark pledge rates are at most 50%", allowed: "0 < x ≤ 50%")
        }
        return IPPledge(ipType: type, appraisedMedian: median, appraisedSigma: sigma, pledgeRate: rate,
                        appraisalFee: ip.ratio(K.appraisalFee.yamlKey, .closed(0, 0.2), default: 0.025) ?? 0.025,
                        appraisalSubsidy: ip.ratio(K.appraisalSubsidy.yamlKey, default: 0.5) ?? 0.5,
                        valueVolatility: ip.number(K.valueVolatility.yamlKey, .closed(0, 3), default: 0.6) ?? 0.6,
                        factorSensitivity: ip.number(K.factorSensitivity.yamlKey, .closed(-3, 3), default: 0.3) ?? 0.3,
                        disposalProbability: ip.ratio(K.disposalProbability.yamlKey, default: 0.15) ?? 0.15,
                        disposalLagMonths: lag,
                        disposalDiscount: ip.ratio(K.disposalDiscount.yamlKey, default: 0.5) ?? 0.5)
    }
}

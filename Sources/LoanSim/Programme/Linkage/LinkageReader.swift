import LoanSimFiles

/// Reads `linkage:`. The keys are the specification's `CodingKeys`; every field has a default.
extension ScenarioReader {
    func readLinkage(_ top: MapReader) -> Linkage? {
        typealias K = LinkageSpec.CodingKeys
        guard let m = ctx.mapping(top.node("linkage"), "linkage", keys: K.yamlKeys) else { return nil }
        var l = Linkage()
        l.shareOfBorrowers = m.ratio(K.shareOfBorrowers.yamlKey, default: l.shareOfBorrowers) ?? l.shareOfBorrowers
        l.stake = m.ratio(K.stake.yamlKey, .leftOpen(0, 1), default: l.stake) ?? l.stake
        l.instrument = m.choice(K.instrument.yamlKey, Linkage.Instrument.self, default: .stake) ?? .stake
        typealias V = LinkageSpec.EntryValue.CodingKeys
        if let v = ctx.mapping(m.node(K.entryValue.yamlKey), m.keyPath(K.entryValue.yamlKey), keys: V.yamlKeys) {
            l.entryValue.median = v.amount(V.median.yamlKey, required: true, .above(0)) ?? l.entryValue.median
            l.entryValue.sigma = v.number(V.sigma.yamlKey, .closed(0, 5), default: l.entryValue.sigma) ?? l.entryValue.sigma
        }
        l.exitRatePerYear = m.ratio(K.exitRatePerYear.yamlKey, .open(0, 1), default: l.exitRatePerYear) ?? l.exitRatePerYear
        typealias X = LinkageSpec.ExitMultiple.CodingKeys
        if let x = ctx.mapping(m.node(K.exitMultiple.yamlKey), m.keyPath(K.exitMultiple.yamlKey), keys: X.yamlKeys) {
            l.exitMultiple.paretoAlpha = x.number(X.paretoAlpha.yamlKey, .above(1), default: l.exitMultiple.paretoAlpha) ?? l.exitMultiple.paretoAlpha
            l.exitMultiple.min = x.number(X.min.yamlKey, .above(0), default: l.exitMultiple.min) ?? l.exitMultiple.min
        }
        return l
    }
}

import LoanSimFiles
import Yams

/// Reads the compensation rules (`programme.compensation`, `pools[].compensation`: tiers must rise and
/// the open-ended one come last) and a pool's coverage (`pools[].covers`: known cohorts, types and
/// banks, matching at least one eligible loan). The keys are the specifications' `CodingKeys`.
extension ScenarioReader {
    func readCompensation(_ node: Node?, path: String, base: CompensationRules) -> CompensationRules? {
        typealias K = CompensationRulesSpec.CodingKeys
        guard let c = ctx.mapping(node, path, keys: K.yamlKeys) else { return nil }
        var r = base
        r.credit = c.ratio(K.credit.yamlKey, default: r.credit) ?? r.credit
        r.collateralised = c.ratio(K.collateralised.yamlKey, default: r.collateralised) ?? r.collateralised
        r.ipPledge = c.ratio(K.ipPledge.yamlKey) ?? r.ipPledge
        r.guaranteed = c.ratio(K.guaranteed.yamlKey) ?? r.guaranteed
        if let tiers = readTiers(c) { r.revenueTiers = tiers }
        typealias B = CompensationRulesSpec.TermBonus.CodingKeys
        if let b = ctx.mapping(c.node(K.termBonus.yamlKey), c.keyPath(K.termBonus.yamlKey), keys: B.yamlKeys) {
            r.termBonus = .init(perYear: b.ratio(B.perYear.yamlKey, required: true) ?? 0, max: b.ratio(B.max.yamlKey, required: true) ?? 0)
        }
        typealias F = CompensationRulesSpec.FullCompensation.CodingKeys
        if let f = ctx.mapping(c.node(K.fullCompensation.yamlKey), c.keyPath(K.fullCompensation.yamlKey), keys: F.yamlKeys) {
            r.fullCompensation = .init(upToLoss: f.amount(F.upToLoss.yamlKey, required: true, .atLeast(0)) ?? 0,
                                       types: firmTypes(f, F.types.yamlKey),
                                       profitableOnly: f.boolean(F.profitableOnly.yamlKey, default: false))
        }
        r.choice = c.choice(K.choice.yamlKey, CompensationRules.Choice.self, default: r.choice) ?? r.choice
        return r
    }

    private func readTiers(_ c: MapReader) -> [CompensationRules.Tier]? {
        typealias T = CompensationRulesSpec.Tier.CodingKeys
        let key = CompensationRulesSpec.CodingKeys.revenueTiers.yamlKey
        guard let items = ctx.sequence(c.node(key), c.keyPath(key)) else { return nil }
        var tiers: [CompensationRules.Tier] = []
        for (n, p) in items {
            guard let t = ctx.mapping(n, p, keys: T.yamlKeys) else { continue }
            let upTo = t.amount(T.upTo.yamlKey, .above(0))
            if let last = tiers.last?.upTo, let upTo, upTo <= last {
                ctx.report(t.node(T.upTo.yamlKey), t.keyPath(T.upTo.yamlKey), "tiers must rise: \(Allowed.fmt(upTo)) 万元 after \(Allowed.fmt(last)) 万元",
                           allowed: "increasing up_to, the last tier without one")
            }
            if tiers.last.map({ $0.upTo == nil }) == true {
                ctx.report(n, p, "a tier after the open-ended one is never used", allowed: "the tier without up_to last")
            }
            tiers.append(.init(upTo: upTo, ratio: t.ratio(T.ratio.yamlKey, required: true) ?? 0))
        }
        return tiers
    }

    /// Firm type names under `key`, each checked.
    private func firmTypes(_ m: MapReader, _ key: String) -> [String] {
        var types: [String] = []
        for (t, n) in m.strings(key) ?? [] {
            if FirmType(rawValue: t) != nil { types.append(t) } else {
                ctx.report(n, m.keyPath(key), "unknown firm type '\(t)'", allowed: FirmType.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        return types
    }

    func readCoverage(_ m: MapReader, pool: String, cohorts: [Cohort], banks: [Bank], programme: Programme) -> PoolCoverage {
        typealias K = PoolCoverageSpec.CodingKeys
        guard let c = ctx.mapping(m.node("covers"), m.keyPath("covers"), keys: K.yamlKeys) else { return PoolCoverage() }
        var coverage = PoolCoverage()
        for (name, n) in c.strings(K.cohorts.yamlKey) ?? [] {
            if !cohorts.contains(where: { $0.name == name }) {
                var msg = "no cohort named '\(name)'"
                if let g = closest(name, in: cohorts.map(\.name)) { msg += "; did you mean '\(g)'?" }
                ctx.report(n, c.keyPath(K.cohorts.yamlKey), msg, allowed: cohorts.map(\.name).joined(separator: ", "))
            }
            coverage.cohorts.append(name)
        }
        coverage.types = firmTypes(c, K.types.yamlKey)
        for (name, n) in c.strings(K.banks.yamlKey) ?? [] {
            if !banks.contains(where: { $0.name == name }) {
                ctx.report(n, c.keyPath(K.banks.yamlKey), "no bank named '\(name)'", allowed: banks.map(\.name).joined(separator: ", "))
            }
            coverage.banks.append(name)
        }
        let coversSome = cohorts.contains { programme.eligibility.admits($0) && coverage.covers(cohort: $0) }
            && banks.contains { coverage.covers(bank: $0.name) }
        if !cohorts.isEmpty && !coversSome {
            ctx.report(m.node("covers"), m.keyPath("covers"), "pool '\(pool)' covers no loan of the scenario",
                       allowed: "cohorts, types and banks that match at least one eligible cohort and one bank")
        }
        return coverage
    }
}

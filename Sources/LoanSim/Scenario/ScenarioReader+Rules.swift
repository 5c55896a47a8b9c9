import Foundation
import RiskModel
import Yams

/// The programme's rules: compensation, pools and IP pledges (the circuit breaker reads itself: Programme/CircuitBreaker).
extension ScenarioReader {
    func readProgramme(_ top: MapReader) -> Programme {
        var p = Programme()
        guard let m = ctx.mapping(top.node("programme"), "programme",
                                  keys: ["name", "eligibility", "max_term_months", "compensation", "per_loan_cap",
                                         "claim_lag_months", "per_firm_limit", "leverage_limit", "per_bank_year_cap",
                                         "public_cap", "stacking", "clawback", "access_targets"]) else { return p }
        p.name = m.string("name", default: p.name) ?? p.name
        if let e = ctx.mapping(m.node("eligibility"), "programme.eligibility", keys: ["types", "max_revenue"]) {
            var types: [FirmType] = []
            for (text, node) in e.strings("types") ?? [] {
                if let t = FirmType(rawValue: text) { types.append(t) } else {
                    let names = FirmType.allCases.map(\.rawValue)
                    var msg = "unknown firm type '\(text)'"
                    if let g = closest(text, in: names) { msg += "; did you mean '\(g)'?" }
                    ctx.report(node, "programme.eligibility.types", msg, allowed: names.joined(separator: ", "))
                }
            }
            p.eligibility = Eligibility(types: types, maxRevenueWan: e.amount("max_revenue", .above(0)))
        }
        p.maxTermMonths = m.integer("max_term_months", .closed(1, 1200))
        if let rules = readCompensation(m.node("compensation"), path: "programme.compensation", base: p.compensation) {
            p.compensation = rules
        }
        p.perBankYearCap = readBankYearCap(m)
        p.publicCap = m.ratio("public_cap", .closed(0, 1))
        p.stacking = m.boolean("stacking", default: false)
        if let claw = m.string("clawback") {
            guard ["pro_rata", "none"].contains(claw) else {
                ctx.report(m.node("clawback"), "programme.clawback", "unknown value '\(claw)'", allowed: "pro_rata, none")
                return p
            }
            p.clawback = claw == "pro_rata"
        }
        p.perLoanCap = m.amount("per_loan_cap", .atLeast(0), default: p.perLoanCap) ?? p.perLoanCap
        p.claimLagMonths = m.integer("claim_lag_months", .closed(0, 240), default: p.claimLagMonths) ?? p.claimLagMonths
        p.perFirmLimit = m.amount("per_firm_limit", .above(0), default: p.perFirmLimit) ?? p.perFirmLimit
        p.leverageLimit = m.number("leverage_limit", .above(0))
        if let t = ctx.mapping(m.node("access_targets"), "programme.access_targets", keys: FirmType.allCases.map(\.rawValue)) {
            for type in FirmType.allCases { if let v = t.ratio(type.rawValue) { p.accessTargets[type] = v } }
        }
        return p
    }

    static let poolKeys = ["name", "funders", "initial", "interest_rate", "admin_fee_rate", "scheme", "share", "covers",
                           "compensation", "refill", "per_bank_year_cap", "label_zh", "label_en"] + payoutKeys

    /// `pool:` (one pool covering every loan) or `pools:` (a list, in priority order).
    func readPools(_ top: MapReader, horizon: Int, cohorts: [Cohort], banks: [Bank], programme: Programme) -> [PoolSpec]? {
        if top.has("pool") && top.has("pools") {
            ctx.report(top.node("pools"), "pools", "give either pool or pools, not both", allowed: "pool: {…} or pools: [{…}, …]")
            return nil
        }
        if top.has("pool") {
            return readPool(top.node("pool")!, path: "pool", horizon: horizon, cohorts: cohorts, banks: banks, programme: programme).map { [$0] }
        }
        guard let items = ctx.sequence(top.node("pools"), "pools") else {
            ctx.report(top.node, "pool", "required key is missing", allowed: "a pool with initial capital, or a list of pools")
            return nil
        }
        let pools = items.compactMap { readPool($0.0, path: $0.1, horizon: horizon, cohorts: cohorts, banks: banks, programme: programme) }
        if pools.isEmpty {
            ctx.report(top.node("pools"), "pools", "at least one pool is needed", allowed: "a list of pools")
            return nil
        }
        var seen = Set<String>()
        for (p, (node, path)) in zip(pools, items) where !seen.insert(p.name).inserted {
            ctx.report(node, path + ".name", "pool '\(p.name)' is defined twice", allowed: "unique names")
        }
        // Pools of one scheme split its claims: on every loan the scheme covers, the shares of the pools
        // covering it must add up to 1 (a city pool covering all banks at 50% with district pools
        // covering their own banks at 50%, say).
        for scheme in Set(pools.map(\.schemeName)).sorted() {
            let members = pools.filter { $0.schemeName == scheme }
            var reported = false
            for c in cohorts where programme.eligibility.admits(c) && !reported {
                for b in banks where !reported {
                    let covering = members.filter { $0.coverage.covers(cohort: c) && $0.coverage.covers(bank: b.name) }
                    guard !covering.isEmpty else { continue }
                    let total = covering.reduce(0) { $0 + $1.share }
                    if abs(total - 1) > 1e-9 {
                        ctx.report(top.node("pools"), "pools", "the pools of scheme '\(scheme)' covering cohort '\(c.name)' at bank '\(b.name)' "
                                   + "(\(covering.map(\.name).joined(separator: ", "))) have shares adding up to \(Allowed.fmt((total * 1e9).rounded() / 1e9)), not 1",
                                   allowed: "shares of the pools covering each loan of a scheme summing to 1")
                        reported = true
                    }
                }
            }
        }
        return pools
    }

    func readPool(_ node: Node, path: String, horizon: Int, cohorts: [Cohort], banks: [Bank], programme: Programme) -> PoolSpec? {
        guard let m = ctx.mapping(node, path, keys: Self.poolKeys) else { return nil }
        var pool = PoolSpec(initialCapital: m.amount("initial", required: true, .atLeast(0)) ?? 0)
        pool.name = m.string("name", default: pool.name) ?? pool.name
        readLabels(m, name: pool.name)
        if let items = ctx.sequence(m.node("funders"), m.keyPath("funders")) {
            var funders: [Funder] = []
            for (node, p) in items {
                guard let f = ctx.mapping(node, p, keys: ["name", "share"] + Self.labelKeys) else { continue }
                let name = f.string("name", required: true) ?? ""
                readLabels(f, name: name)
                funders.append(Funder(name: name, share: f.ratio("share", required: true) ?? 0))
            }
            if funders.isEmpty {
                ctx.report(m.node("funders"), m.keyPath("funders"), "at least one funder is needed", allowed: "a list of {name, share}")
            } else {
                checkShares(funders.map(\.share), node: m.node("funders"), path: m.keyPath("funders"), what: "funder shares")
                pool.funders = funders
            }
        }
        pool.topUps = readTopUps(m, horizon: horizon)
        pool.interestRate = m.ratio("interest_rate", .closed(-0.05, 0.2), default: 0) ?? 0
        pool.adminFeeRate = m.ratio("admin_fee_rate", .closed(0, 0.1), default: 0) ?? 0
        pool.shortfall = readShortfall(m)
        pool.scheme = m.string("scheme")
        pool.share = m.ratio("share", .leftOpen(0, 1), default: 1) ?? 1
        pool.coverage = readCoverage(m, pool: pool.name, cohorts: cohorts, banks: banks, programme: programme)
        pool.compensation = readCompensation(m.node("compensation"), path: m.keyPath("compensation"), base: programme.compensation)
        pool.refill = readRefill(m)
        pool.perBankYearCap = readBankYearCap(m)
        return pool
    }

    static let stressKeys = ["name", "from_month", "to_month", "macro_shift", "pd_multiplier", "collateral_haircut",
                             "ip_value_haircut", "rho_multiplier", "cohorts", "sectors"]
}

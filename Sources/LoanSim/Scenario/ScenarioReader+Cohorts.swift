import Foundation
import RiskModel
import Yams

/// Enterprise cohorts (docs/model.md §3.1).
extension ScenarioReader {
    static let cohortKeys = ["name", "type", "revenue", "sector", "firms", "initial_borrowers", "pd", "rho", "macro_loading",
                             "sector_loading", "loan_size", "lgd", "term_months", "repayment", "renewal_probability",
                             "demand_per_year", "new_firms_per_year", "collateral", "compensation_ratio", "profitable", "ip_pledge",
                             "guarantee", "insurance_premium", "loss_split", "innovation_score", "linkage_share", "label_zh", "label_en"]

    func readCohorts(_ top: MapReader, sectors: [SectorFactor], programme: Programme, step: Step) -> [Cohort] {
        guard let items = ctx.sequence(top.node("cohorts"), "cohorts") else {
            if !top.has("cohorts") {
                ctx.report(top.node, "cohorts", "required key is missing", allowed: "a list of cohorts")
            }
            return []
        }
        if items.isEmpty {
            ctx.report(top.node("cohorts"), "cohorts", "at least one cohort is needed", allowed: "a list of cohorts")
        }
        // The book's LGD model: cohorts that give a plain `lgd:` number follow it (IP pledges excepted).
        let bookModel = top.choice("lgd_model", LGDModel.self, default: .fixed) ?? .fixed
        var out: [Cohort] = []
        for (node, path) in items {
            guard let m = ctx.mapping(node, path, keys: Self.cohortKeys) else { continue }
            if var c = readCohort(m, sectors: sectors, programme: programme, step: step) {
                if c.lgdModel == .fixed, c.ipPledge == nil, m.node("lgd")?.mapping == nil { c.lgdModel = bookModel }
                if out.contains(where: { $0.name == c.name }) {
                    ctx.report(m.node("name"), m.keyPath("name"), "cohort '\(c.name)' is defined twice", allowed: "unique names")
                }
                out.append(c)
            }
        }
        return out
    }

    func readCohort(_ m: MapReader, sectors: [SectorFactor], programme: Programme, step: Step) -> Cohort? {
        let name = m.string("name", required: true) ?? ""
        readLabels(m, name: name)
        let type = m.choice("type", FirmType.self, default: .techSME) ?? .techSME
        let revenue = m.amount("revenue", .above(0))
        let sector = m.string("sector")
        if let sector, !sectors.contains(where: { $0.name == sector }) {
            ctx.report(m.node("sector"), m.keyPath("sector"), "no sector named '\(sector)'",
                       allowed: sectors.isEmpty ? "define it under 'sectors' first" : sectors.map(\.name).joined(separator: ", "))
        }
        let firms = m.integer("firms", required: true, .closed(0, 10_000_000)) ?? 0
        let initial = m.integer("initial_borrowers", .closed(0, 10_000_000), default: firms) ?? firms
        if initial > firms {
            ctx.report(m.node("initial_borrowers"), m.keyPath("initial_borrowers"),
                       "\(initial) initial borrowers but only \(firms) firms", allowed: "0 ≤ x ≤ firms (\(firms))")
        }
        let pd = m.ratio("pd", required: true, .open(0, 1)) ?? 0.01
        var a = 0.0
        if m.has("rho") && m.has("macro_loading") {
            ctx.report(m.node("macro_loading"), m.keyPath("macro_loading"), "give either rho or macro_loading, not both",
                       allowed: "rho (a = √ρ) or macro_loading")
        } else if let rho = m.ratio("rho", .closed(0, 1)) {
            a = rho.squareRoot()
        } else if let loading = m.number("macro_loading", .closed(-1, 1)) {
            a = loading
        } else {
            ctx.report(m.node, m.keyPath("rho"), "required key is missing (or give macro_loading)", allowed: "0 ≤ ρ < 1")
        }
        let b = m.number("sector_loading", .closed(-1, 1), default: 0) ?? 0
        if b != 0 && sector == nil {
            ctx.report(m.node("sector_loading"), m.keyPath("sector_loading"), "a sector loading needs a 'sector'",
                       allowed: "sector_loading 0, or name the cohort's sector")
        }
        if a * a + b * b >= 1 {
            let where_ = m.node("sector_loading") ?? m.node("rho") ?? m.node("macro_loading")
            ctx.report(where_, m.keyPath(m.has("sector_loading") ? "sector_loading" : (m.has("rho") ? "rho" : "macro_loading")),
                       "factor loadings leave no idiosyncratic risk: a² + b² = \(Allowed.fmt(a * a + b * b))",
                       allowed: "a² + b² < 1")
        }
        var size = LoanSizeSpec(median: 1, sigma: 0)
        if let s = ctx.mapping(m.node("loan_size"), m.keyPath("loan_size"), keys: ["median", "sigma"]) {
            size = LoanSizeSpec(median: s.amount("median", required: true, .above(0)) ?? 1,
                                sigma: s.number("sigma", .closed(0, 5), default: 0) ?? 0)
        } else if !m.has("loan_size") && !m.has("ip_pledge") {
            ctx.report(m.node, m.keyPath("loan_size"), "required key is missing", allowed: "{median: amount, sigma: 0…5}, or an ip_pledge block")
        }
        let (lgd, lgdModel) = readLGD(m)
        let term = m.integer("term_months", .closed(1, 1200), default: 12) ?? 12
        if term % step.months != 0 {
            ctx.report(m.node("term_months"), m.keyPath("term_months"),
                       "a term of \(term) months is not a whole number of \(step.rawValue) steps", allowed: "a multiple of \(step.months)")
        }
        if let maxTerm = programme.maxTermMonths, term > maxTerm {
            ctx.report(m.node("term_months") ?? m.node, m.keyPath("term_months"),
                       "term of \(term) months exceeds the programme's maximum of \(maxTerm)", allowed: "1 ≤ x ≤ \(maxTerm)")
        }
        let repayment = m.choice("repayment", Repayment.self, default: .bullet) ?? .bullet
        let renewal = m.ratio("renewal_probability", .closed(0, 1), default: 0) ?? 0
        let demand = m.ratio("demand_per_year", .closed(0, 1), default: 0) ?? 0
        let entrants = m.number("new_firms_per_year", .closed(0, 1_000_000), default: 0) ?? 0
        var collateral: Collateral?
        if let c = ctx.mapping(m.node("collateral"), m.keyPath("collateral"), keys: ["share", "haircut", "lag_months"]) {
            collateral = Collateral(share: c.ratio("share", required: true, .closed(0, 1)) ?? 0,
                                    haircut: c.ratio("haircut", .closed(0, 1), default: 0.3) ?? 0.3,
                                    lagMonths: c.integer("lag_months", .closed(0, 240), default: 12) ?? 12)
        }
        let ratio = m.ratio("compensation_ratio", .closed(0, 1))
        var cohort = Cohort(name: name, type: type, revenueWan: revenue, sector: sector, firms: firms, initialBorrowers: min(initial, firms),
                            pd: pd, macroLoading: a, sectorLoading: b, loanSize: size, lgd: lgd, termMonths: term,
                            repayment: repayment, renewalProbability: renewal, demandPerYear: demand,
                            newFirmsPerYear: entrants, collateral: collateral, compensationRatio: ratio)
        cohort.lgdModel = lgdModel
        cohort.profitable = m.boolean("profitable", default: false)
        cohort.innovationScore = m.number("innovation_score", .closed(0, 1000))
        cohort.linkageShare = m.ratio("linkage_share")
        if let ip = readIPPledge(m) {
            cohort.ipPledge = ip
            if m.has("loan_size") {
                ctx.report(m.node("loan_size"), m.keyPath("loan_size"), "an IP-pledge loan is sized from the pledged IP; drop loan_size",
                           allowed: "ip_pledge.appraised_value and ip_pledge.pledge_rate")
            }
            cohort.loanSize = LoanSizeSpec(median: ip.pledgeRate * ip.appraisedValue.median, sigma: ip.appraisedValue.sigma)
            if lgdModel != .fixed {
                // The pledged IP's value already falls with the factor (its recovery's downturn): a second
                // downturn on the same loss would count the cycle twice.
                ctx.report(m.node("lgd"), m.keyPath("lgd.model"), "an IP-pledge loan's recovery already moves with the cycle (ip_pledge.value_loading)",
                           allowed: "a fixed lgd on an ip_pledge cohort")
            }
        }
        readOtherParties(m, into: &cohort)
        return cohort
    }

    /// `lgd: 0.6` (fixed) or `lgd: {model: frye-jacobs, mean: 0.6}` (downturn LGD around that mean).
    func readLGD(_ m: MapReader) -> (Double, LGDModel) {
        guard let node = m.node("lgd"), node.mapping != nil else { return (m.ratio("lgd", .closed(0, 1), default: 1) ?? 1, .fixed) }
        guard let l = ctx.mapping(node, m.keyPath("lgd"), keys: ["model", "mean"]) else { return (1, .fixed) }
        if !l.has("model") {
            ctx.report(node, l.keyPath("model"), "required key is missing", allowed: LGDModel.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let model = l.choice("model", LGDModel.self, default: .fixed) ?? .fixed
        // A downturn curve needs some loss to move: a mean of 0 would have none.
        let mean = l.ratio("mean", required: true, model == .fixed ? .closed(0, 1) : .leftOpen(0, 1)) ?? 1
        return (mean, model)
    }
}

import Crypto
import Foundation
import RiskModel
import Yams

/// A scenario read from a file, with what identifies it in every output.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    /// The path as given.
    public var file: String
    /// SHA-256, hex, of everything that defines the scenario: the file's bytes, then the bytes of every
    /// file it extends or includes, then each `--set` override, in the order they were read.
    public var sha256: String
}

/// One `--set key.path=value` override applied to a scenario's YAML before validation.
public struct ScenarioOverride: Sendable, Equatable {
    public var keyPath: String
    public var value: String
    public init(keyPath: String, value: String) {
        self.keyPath = keyPath
        self.value = value
    }
}

/// Reads scenario YAML into a validated `Scenario`, reporting every problem with its location.
///
/// A scenario may start from another with `extends: base.yaml` (relative to its own folder): the base
/// is validated on its own, then the file's mappings are merged over it key by key (lists and values
/// replace). Stress overlays may be included from files (`stresses: [{include: stress/x.yaml}]`), and
/// any value can be overridden by key path (`programme.compensation.credit`, `cohorts[0].pd`,
/// `cohorts[techsme-credit].pd`).
public enum ScenarioLoader {
    /// Loads and validates `path`. Throws `ScenarioError` (exit 65) for anything wrong, the unreadable
    /// file included.
    public static func load(path: String, overrides: [ScenarioOverride] = []) throws -> LoadedScenario {
        var sources = SourceLog()
        let root = try composeWithExtends(path: path, sources: &sources, depth: 0)
        let ctx = ReadContext(file: path)
        ctx.sources = sources
        ctx.baseDirectory = (path as NSString).deletingLastPathComponent
        var tree = root
        for o in overrides {
            ctx.sources.add(Data("--set \(o.keyPath)=\(o.value)".utf8))
            do {
                tree = try NodePath.set(tree, path: o.keyPath, value: o.value)
            } catch let message as NodePath.Failure {
                ctx.issues.append(ScenarioIssue(file: "--set", line: 1, column: 1, keyPath: o.keyPath, message: message.text,
                                                allowed: "an existing key path such as programme.compensation.credit or cohorts[0].pd"))
            }
        }
        ctx.overridden = Set(overrides.map(\.keyPath))
        let scenario = try read(tree, ctx: ctx)
        return LoadedScenario(scenario: scenario, file: path, sha256: ctx.sources.sha256)
    }

    /// Parses and validates YAML text; `file` names it in error messages. Relative includes resolve
    /// against the current directory.
    public static func parse(yaml text: String, file: String) throws -> Scenario {
        let root = try compose(text, file: file)
        return try read(root, ctx: ReadContext(file: file))
    }

    static func read(_ root: Node, ctx: ReadContext) throws -> Scenario {
        let scenario = ScenarioReader(ctx: ctx).read(root)
        if !ctx.issues.isEmpty || scenario == nil {
            throw ScenarioError(ctx.sortedIssues)
        }
        return scenario!
    }

    static func readFile(_ path: String) throws -> (Data, String) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "",
                                               message: "cannot read the file (\(error.localizedDescription))", allowed: nil)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "",
                                               message: "the file is not UTF-8 text", allowed: nil)])
        }
        return (data, text)
    }

    static func compose(_ text: String, file: String) throws -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ScenarioError([yamlIssue(error, file: file)])
        }
        guard let root else {
            throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "the file is empty",
                                               allowed: "a scenario mapping with name, horizon_months, cohorts, pool")])
        }
        return root
    }

    /// The file's tree with its `extends` chain merged in (base first).
    static func composeWithExtends(path: String, sources: inout SourceLog, depth: Int) throws -> Node {
        let (data, text) = try readFile(path)
        sources.add(data)
        let root = try compose(text, file: path)
        guard case .mapping(let map) = root, let baseNode = map["extends"] else { return root }
        guard let baseName = baseNode.scalar?.string, depth < 8 else {
            throw ScenarioError([ScenarioIssue(file: path, line: baseNode.mark?.line ?? 1, column: baseNode.mark?.column ?? 1,
                                               keyPath: "extends", message: depth >= 8 ? "extends chain is too deep (a loop?)" : "expected a file name",
                                               allowed: "the path of another scenario file, relative to this one")])
        }
        let basePath = resolve(baseName, relativeTo: path)
        let base = try composeWithExtends(path: basePath, sources: &sources, depth: depth + 1)
        // The base must be a valid scenario by itself, so that its own errors point into its own file.
        let baseCtx = ReadContext(file: basePath)
        baseCtx.baseDirectory = (basePath as NSString).deletingLastPathComponent
        _ = try read(base, ctx: baseCtx)
        var own = map
        own["extends"] = nil
        return NodePath.merge(base: base, over: .mapping(own))
    }

    static func resolve(_ name: String, relativeTo file: String) -> String {
        name.hasPrefix("/") ? name : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    static func yamlIssue(_ error: YamlError, file: String) -> ScenarioIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioIssue(file: file, line: mark.line, column: mark.column, keyPath: "", message: "YAML syntax: \(problem)", allowed: nil)
        default:
            return ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML: \(error)", allowed: nil)
        }
    }
}

/// The bytes that define a scenario, hashed together.
struct SourceLog {
    private var hasher = SHA256()
    mutating func add(_ data: Data) { hasher.update(data: data) }
    var sha256: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}

/// Walks the YAML tree section by section. Each `read…` returns nil when its section is unusable and
/// has reported why; cross-field rules are checked where both fields are at hand.
struct ScenarioReader {
    let ctx: ReadContext

    static let topKeys = ["extends", "name", "description", "horizon_months", "step", "paths", "seed", "generator", "sampling",
                          "macro", "sectors", "banks", "cohorts", "programme", "pool", "breaker", "stresses"]

    func read(_ root: Node) -> Scenario? {
        guard let top = ctx.mapping(root, "", keys: Self.topKeys) else { return nil }
        let name = top.string("name", required: true) ?? ""
        let description = top.string("description") ?? ""
        let step = top.choice("step", Step.self, default: .month) ?? .month
        let horizon = top.integer("horizon_months", required: true, .closed(1, 1200)) ?? 0
        if horizon > 0 && horizon % step.months != 0 {
            ctx.report(top.node("horizon_months"), "horizon_months",
                       "a horizon of \(horizon) months is not a whole number of \(step.rawValue) steps",
                       allowed: "a multiple of \(step.months)")
        }
        let paths = top.integer("paths", .closed(1, 100_000_000), default: 10_000) ?? 10_000
        let seed = top.integer("seed", .closed(0, Double(UInt32.max)), default: 20_180_097) ?? 0
        let generator = top.choice("generator", GeneratorKind.self, default: .taus2) ?? .taus2
        let sampling = top.choice("sampling", Sampling.self, default: .binomial) ?? .binomial

        var macro = MacroFactor()
        if let m = ctx.mapping(top.node("macro"), "macro", keys: ["phi", "path_file"]) {
            macro.phi = m.number("phi", .open(-1, 1), default: 0.95) ?? 0.95
            if let file = m.string("path_file") {
                macro.path = readFactorPath(file, node: m.node("path_file"), steps: horizon / step.months, stepMonths: step.months)
            }
        }
        let sectors = readSectors(top)
        let banks = readBanks(top)
        let programme = readProgramme(top)
        let cohorts = readCohorts(top, sectors: sectors, programme: programme, step: step)
        let pool = readPool(top, horizon: horizon)
        let breaker = readBreaker(top)
        let stresses = readStresses(top, horizon: horizon, cohorts: cohorts)

        if !cohorts.isEmpty && !cohorts.contains(where: { programme.eligibility.admits($0) }) {
            ctx.report(top.node("programme"), "programme.eligibility", "the programme admits none of the cohorts",
                       allowed: "eligibility that admits at least one cohort's type and revenue")
        }
        guard let pool else { return nil }
        return Scenario(name: name, description: description, horizonMonths: horizon, step: step, paths: paths,
                        seed: UInt32(clamping: seed), generator: generator, macro: macro, sectors: sectors,
                        cohorts: cohorts, banks: banks, programme: programme, pool: pool, breaker: breaker,
                        stresses: stresses, sampling: sampling)
    }

    func readSectors(_ top: MapReader) -> [SectorFactor] {
        guard let items = ctx.sequence(top.node("sectors"), "sectors") else { return [] }
        var out: [SectorFactor] = []
        for (node, path) in items {
            guard let m = ctx.mapping(node, path, keys: ["name", "phi"]) else { continue }
            let name = m.string("name", required: true) ?? ""
            if out.contains(where: { $0.name == name }) {
                ctx.report(m.node("name"), m.keyPath("name"), "sector '\(name)' is defined twice", allowed: "unique names")
            }
            out.append(SectorFactor(name: name, phi: m.number("phi", .open(-1, 1), default: 0.9) ?? 0.9))
        }
        return out
    }

    func readBanks(_ top: MapReader) -> [Bank] {
        guard let items = ctx.sequence(top.node("banks"), "banks") else { return [Bank(name: "bank", share: 1)] }
        var out: [Bank] = []
        for (node, path) in items {
            guard let m = ctx.mapping(node, path, keys: ["name", "share"]) else { continue }
            let name = m.string("name", required: true) ?? ""
            if out.contains(where: { $0.name == name }) {
                ctx.report(m.node("name"), m.keyPath("name"), "bank '\(name)' is defined twice", allowed: "unique names")
            }
            out.append(Bank(name: name, share: m.ratio("share", required: true, .closed(0, 1)) ?? 0))
        }
        if out.isEmpty {
            ctx.report(top.node("banks"), "banks", "at least one bank is needed", allowed: "a list of {name, share}")
            return [Bank(name: "bank", share: 1)]
        }
        checkShares(out.map(\.share), node: top.node("banks"), path: "banks", what: "bank shares")
        return out
    }

    func checkShares(_ shares: [Double], node: Node?, path: String, what: String) {
        let total = shares.reduce(0, +)
        if abs(total - 1) > 1e-9 {
            ctx.report(node, path, "\(what) add up to \(Allowed.fmt((total * 1e9).rounded() / 1e9)), not 1", allowed: "shares that sum to 1")
        }
    }

    static let cohortKeys = ["name", "type", "revenue", "sector", "firms", "initial_borrowers", "pd", "rho", "macro_loading",
                             "sector_loading", "loan_size", "lgd", "term_months", "repayment", "renewal_probability",
                             "demand_per_year", "new_firms_per_year", "collateral", "compensation_ratio"]

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
        var out: [Cohort] = []
        for (node, path) in items {
            guard let m = ctx.mapping(node, path, keys: Self.cohortKeys) else { continue }
            if let c = readCohort(m, sectors: sectors, programme: programme, step: step) {
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
        } else if !m.has("loan_size") {
            ctx.report(m.node, m.keyPath("loan_size"), "required key is missing", allowed: "{median: amount, sigma: 0…5}")
        }
        let lgd = m.ratio("lgd", .closed(0, 1), default: 1) ?? 1
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
        let entrants = m.number("new_firms_per_year", .atLeast(0), default: 0) ?? 0
        var collateral: Collateral?
        if let c = ctx.mapping(m.node("collateral"), m.keyPath("collateral"), keys: ["share", "haircut", "lag_months"]) {
            collateral = Collateral(share: c.ratio("share", required: true, .closed(0, 1)) ?? 0,
                                    haircut: c.ratio("haircut", .closed(0, 1), default: 0.3) ?? 0.3,
                                    lagMonths: c.integer("lag_months", .closed(0, 240), default: 12) ?? 12)
        }
        let ratio = m.ratio("compensation_ratio", .closed(0, 1))
        return Cohort(name: name, type: type, revenueWan: revenue, sector: sector, firms: firms, initialBorrowers: min(initial, firms),
                      pd: pd, macroLoading: a, sectorLoading: b, loanSize: size, lgd: lgd, termMonths: term,
                      repayment: repayment, renewalProbability: renewal, demandPerYear: demand,
                      newFirmsPerYear: entrants, collateral: collateral, compensationRatio: ratio)
    }

    func readProgramme(_ top: MapReader) -> Programme {
        var p = Programme()
        guard let m = ctx.mapping(top.node("programme"), "programme",
                                  keys: ["name", "eligibility", "max_term_months", "compensation", "per_loan_cap",
                                         "claim_lag_months", "per_firm_limit", "leverage_limit"]) else { return p }
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
        if let c = ctx.mapping(m.node("compensation"), "programme.compensation", keys: ["credit", "collateralised"]) {
            p.creditRatio = c.ratio("credit", default: p.creditRatio) ?? p.creditRatio
            p.collateralisedRatio = c.ratio("collateralised", default: p.collateralisedRatio) ?? p.collateralisedRatio
        }
        p.perLoanCap = m.amount("per_loan_cap", .atLeast(0), default: p.perLoanCap) ?? p.perLoanCap
        p.claimLagMonths = m.integer("claim_lag_months", .closed(0, 240), default: p.claimLagMonths) ?? p.claimLagMonths
        p.perFirmLimit = m.amount("per_firm_limit", .above(0), default: p.perFirmLimit) ?? p.perFirmLimit
        p.leverageLimit = m.number("leverage_limit", .above(0))
        return p
    }

    func readPool(_ top: MapReader, horizon: Int) -> PoolSpec? {
        guard top.has("pool") else {
            ctx.report(top.node, "pool", "required key is missing", allowed: "a pool with initial capital")
            return nil
        }
        guard let m = ctx.mapping(top.node("pool"), "pool",
                                  keys: ["name", "funders", "initial", "top_ups", "interest_rate", "admin_fee_rate", "shortfall"]) else {
            return nil
        }
        var pool = PoolSpec(initialCapital: m.amount("initial", required: true, .atLeast(0)) ?? 0)
        pool.name = m.string("name", default: pool.name) ?? pool.name
        if let items = ctx.sequence(m.node("funders"), "pool.funders") {
            var funders: [Funder] = []
            for (node, path) in items {
                guard let f = ctx.mapping(node, path, keys: ["name", "share"]) else { continue }
                funders.append(Funder(name: f.string("name", required: true) ?? "", share: f.ratio("share", required: true) ?? 0))
            }
            if funders.isEmpty {
                ctx.report(m.node("funders"), "pool.funders", "at least one funder is needed", allowed: "a list of {name, share}")
            } else {
                checkShares(funders.map(\.share), node: m.node("funders"), path: "pool.funders", what: "funder shares")
                pool.funders = funders
            }
        }
        if let items = ctx.sequence(m.node("top_ups"), "pool.top_ups") {
            for (node, path) in items {
                guard let t = ctx.mapping(node, path, keys: ["month", "amount"]) else { continue }
                let month = t.integer("month", required: true, .closed(1, Double(max(horizon, 1))))
                let amount = t.amount("amount", required: true, .atLeast(0))
                if let month, let amount { pool.topUps.append(TopUp(month: month, amount: amount)) }
            }
        }
        pool.interestRate = m.ratio("interest_rate", .closed(-0.05, 0.2), default: 0) ?? 0
        pool.adminFeeRate = m.ratio("admin_fee_rate", .closed(0, 0.1), default: 0) ?? 0
        pool.shortfall = m.choice("shortfall", ShortfallRule.self, default: .fifo) ?? .fifo
        return pool
    }

    func readBreaker(_ top: MapReader) -> BreakerSpec? {
        guard let m = ctx.mapping(top.node("breaker"), "breaker",
                                  keys: ["metric", "threshold", "window_months", "min_suspension_months"]) else { return nil }
        if let metric = m.string("metric"), metric != "overdue_rate" {
            ctx.report(m.node("metric"), "breaker.metric", "unknown metric '\(metric)'", allowed: "overdue_rate")
        }
        return BreakerSpec(threshold: m.ratio("threshold", required: true, .leftOpen(0, 1)) ?? 0.05,
                           windowMonths: m.integer("window_months", .closed(1, 120), default: 12) ?? 12,
                           minSuspensionMonths: m.integer("min_suspension_months", .closed(0, 240), default: 12) ?? 12)
    }

    static let stressKeys = ["name", "from_month", "to_month", "macro_shift", "pd_multiplier", "collateral_haircut",
                             "rho_multiplier", "cohorts"]

    /// `stresses:` entries are overlays, or `{include: file}` naming a file that holds a list of them
    /// (a reusable named block, e.g. `scenarios/stress/downturn-2y.yaml`).
    func readStresses(_ top: MapReader, horizon: Int, cohorts: [Cohort]) -> [Stress] {
        guard let items = ctx.sequence(top.node("stresses"), "stresses") else { return [] }
        var out: [Stress] = []
        for (node, path) in items {
            if let map = node.mapping, map["include"] != nil {
                guard let m = ctx.mapping(node, path, keys: ["include"]), let name = m.string("include") else { continue }
                guard let (root, sub) = ctx.include(name, from: m.node("include"), path: m.keyPath("include")) else { continue }
                let block = root.mapping?["stresses"] ?? root
                if let list = sub.sequence(block, "stresses") {
                    for (n, p) in list { if let st = readStress(n, p, ctx: sub, horizon: horizon, cohorts: cohorts) { out.append(st) } }
                }
                ctx.issues += sub.issues
                ctx.sources.add(Data(name.utf8))
                continue
            }
            if let st = readStress(node, path, ctx: ctx, horizon: horizon, cohorts: cohorts) { out.append(st) }
        }
        for st in out where st.rhoMultiplier != 1 {
            for c in cohorts where st.applies(to: c.name) {
                let a2 = c.macroLoading * c.macroLoading * st.rhoMultiplier
                if a2 + c.sectorLoading * c.sectorLoading >= 1 {
                    ctx.report(top.node("stresses"), "stresses", "stress '\(st.name)' raises cohort '\(c.name)' to a² + b² = \(Allowed.fmt(a2 + c.sectorLoading * c.sectorLoading))",
                               allowed: "rho_multiplier < \(Allowed.fmt((1 - c.sectorLoading * c.sectorLoading) / max(c.macroLoading * c.macroLoading, 1e-12)))")
                }
            }
        }
        return out
    }

    func readStress(_ node: Node, _ path: String, ctx: ReadContext, horizon: Int, cohorts: [Cohort]) -> Stress? {
        guard let m = ctx.mapping(node, path, keys: Self.stressKeys) else { return nil }
        let range = Allowed.closed(1, Double(max(horizon, 1)))
        let from = m.integer("from_month", required: true, range) ?? 1
        let to = m.integer("to_month", required: true, range) ?? 1
        if to < from {
            ctx.report(m.node("to_month"), m.keyPath("to_month"), "to_month \(to) is before from_month \(from)",
                       allowed: "\(from) ≤ x ≤ \(horizon)")
        }
        var names: [String] = []
        for (name, n) in m.strings("cohorts") ?? [] {
            if !cohorts.contains(where: { $0.name == name }) {
                var msg = "no cohort named '\(name)'"
                if let g = closest(name, in: cohorts.map(\.name)) { msg += "; did you mean '\(g)'?" }
                ctx.report(n, m.keyPath("cohorts"), msg, allowed: cohorts.map(\.name).joined(separator: ", "))
            }
            names.append(name)
        }
        return Stress(name: m.string("name", default: "stress") ?? "stress",
                      fromMonth: from, toMonth: to,
                      macroShift: m.number("macro_shift", .closed(-10, 10), default: 0) ?? 0,
                      pdMultiplier: m.number("pd_multiplier", .leftOpen(0, 1000), default: 1) ?? 1,
                      collateralHaircut: m.ratio("collateral_haircut", .closed(0, 1), default: 0) ?? 0,
                      rhoMultiplier: m.number("rho_multiplier", .leftOpen(0, 100), default: 1) ?? 1,
                      cohorts: names)
    }

    /// A factor path file: CSV with a header `step,z` (steps 1…N, one row each, any order).
    func readFactorPath(_ name: String, node: Node?, steps: Int, stepMonths: Int) -> [Double]? {
        let file = name.hasPrefix("/") ? name : (ctx.baseDirectory as NSString).appendingPathComponent(name)
        guard let (data, text) = try? ScenarioLoader.readFile(file) else {
            ctx.report(node, "macro.path_file", "cannot read the factor path '\(name)'", allowed: "a CSV file with columns step,z")
            return nil
        }
        ctx.sources.add(data)
        var values = [Double?](repeating: nil, count: steps)
        var ok = true
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.first == "step" { continue }
            func bad(_ message: String, _ column: Int) {
                ctx.issues.append(ScenarioIssue(file: file, line: i + 1, column: column, keyPath: "macro.path_file", message: message,
                                                allowed: "rows 'step,z' with step 1…\(steps) and a finite z"))
                ok = false
            }
            guard cells.count == 2, let step = Int(cells[0]), let z = Double(cells[1]), z.isFinite else {
                bad("expected 'step,z', found '\(line)'", 1)
                continue
            }
            guard step >= 1 && step <= steps else {
                bad("step \(step) is outside the horizon", 1)
                continue
            }
            if values[step - 1] != nil { bad("step \(step) is given twice", 1) }
            values[step - 1] = z
        }
        if let missing = values.firstIndex(where: { $0 == nil }) {
            ctx.issues.append(ScenarioIssue(file: file, line: 1, column: 1, keyPath: "macro.path_file",
                                            message: "no value for step \(missing + 1) (every step 1…\(steps) needs one)", allowed: "rows 'step,z'"))
            ok = false
        }
        return ok ? values.map { $0! } : nil
    }

}

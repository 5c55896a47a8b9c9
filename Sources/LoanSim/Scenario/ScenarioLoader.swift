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

    /// The GSL generator as outputs name it, e.g. `gsl_rng_taus2`.
    public var generatorName: String { "gsl_rng_\(scenario.generator.rawValue)" }
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

    /// Scenario, fragment and factor-path files above this size are refused unread.
    static let maxFileBytes = 4 << 20

    static func readFile(_ path: String) throws -> (Data, String) {
        let data: Data
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            throw ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "",
                                               message: "the file is \(size) bytes, too large for a scenario", allowed: "at most \(maxFileBytes) bytes")])
        }
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
        if let nul = data.firstIndex(of: 0) {
            let (line, column) = position(of: nul - data.startIndex, in: text)
            throw ScenarioError([ScenarioIssue(file: path, line: line, column: column, keyPath: "",
                                               message: "the file contains a NUL byte: not a text file", allowed: "UTF-8 text")])
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
    /// Longest `extends` chain accepted (a loop is reported as a loop, whatever its length).
    static let maxExtendsDepth = 32

    static func composeWithExtends(path: String, sources: inout SourceLog, depth: Int, chain: [String] = []) throws -> Node {
        let (data, text) = try readFile(path)
        sources.add(data)
        let root = try compose(text, file: path)
        guard case .mapping(let map) = root, let baseNode = map["extends"] else { return root }
        func fail(_ message: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: baseNode.mark?.line ?? 1, column: baseNode.mark?.column ?? 1,
                                         keyPath: "extends", message: message, allowed: "the path of another scenario file, relative to this one")])
        }
        guard let baseName = baseNode.scalar?.string else { throw fail("expected a file name") }
        let basePath = resolve(baseName, relativeTo: path)
        let here = (path as NSString).standardizingPath
        let visited = chain + [here]
        if visited.contains((basePath as NSString).standardizingPath) {
            throw fail("extends loop: " + (visited + [(basePath as NSString).standardizingPath]).map { ($0 as NSString).lastPathComponent }.joined(separator: " → "))
        }
        if depth >= maxExtendsDepth { throw fail("extends chain is longer than \(maxExtendsDepth) files") }
        let base = try composeWithExtends(path: basePath, sources: &sources, depth: depth + 1, chain: visited)
        // The base must be a valid scenario by itself, so that its own errors point into its own file.
        let baseCtx = ReadContext(file: basePath)
        baseCtx.baseDirectory = (basePath as NSString).deletingLastPathComponent
        _ = try read(base, ctx: baseCtx)
        var own = map
        own["extends"] = nil
        // A file that names one form of a section replaces the base's other form of it.
        var baseMap = base.mapping ?? Node.Mapping([])
        for (one, many) in [("pool", "pools"), ("breaker", "breakers")] {
            if own[one] != nil { baseMap[many] = nil }
            if own[many] != nil { baseMap[one] = nil }
        }
        return NodePath.merge(base: .mapping(baseMap), over: .mapping(own))
    }

    /// Line and column (1-based) of byte `offset` in `text`.
    static func position(of offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for (i, byte) in text.utf8.enumerated() {
            if i >= offset { break }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    static func resolve(_ name: String, relativeTo file: String) -> String {
        name.hasPrefix("/") ? name : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    static func yamlIssue(_ error: YamlError, file: String) -> ScenarioIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ScenarioIssue(file: file, line: mark.line, column: mark.column, keyPath: "", message: "YAML syntax: \(problem)", allowed: nil)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ScenarioIssue(file: file, line: context.mark.line, column: context.mark.column, keyPath: duplicates.first ?? "",
                                 message: "key given twice in one mapping: \(duplicates.joined(separator: ", "))", allowed: "each key once")
        case .reader(let problem, let offset, _, let yaml):
            let (line, column) = offset.map { Self.position(of: $0, in: yaml) } ?? (1, 1)
            return ScenarioIssue(file: file, line: line, column: column, keyPath: "", message: "not readable as YAML text: \(problem)",
                                 allowed: "UTF-8 text without control characters")
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
                          "macro", "sectors", "banks", "cohorts", "programme", "pool", "pools", "breaker", "breakers", "stresses",
                          "bank_economics", "fiscal", "linkage", "innovation_points", "calibration", "record"]

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
        let bands = readInnovationBands(top)
        var cohorts = readCohorts(top, sectors: sectors, programme: programme, step: step)
        applyInnovationBands(bands, to: &cohorts, top: top)
        let calibration = readCalibration(top, cohorts: &cohorts)
        let record = readRecord(top, horizon: horizon)
        let pools = readPools(top, horizon: horizon, cohorts: cohorts, banks: banks, programme: programme)
        let breakers = readBreakers(top)
        let stresses = readStresses(top, horizon: horizon, cohorts: cohorts)

        if !cohorts.isEmpty && !cohorts.contains(where: { programme.eligibility.admits($0) }) {
            ctx.report(top.node("programme"), "programme.eligibility", "the programme admits none of the cohorts",
                       allowed: "eligibility that admits at least one cohort's type and revenue")
        }
        guard let pools, !pools.isEmpty else { return nil }
        var scenario = Scenario(name: name, description: description, horizonMonths: horizon, step: step, paths: paths,
                        seed: UInt32(clamping: seed), generator: generator, macro: macro, sectors: sectors,
                        cohorts: cohorts, banks: banks, programme: programme, pool: pools[0], pools: pools, breakers: breakers,
                        stresses: stresses, sampling: sampling)
        scenario.innovationBands = bands
        scenario.calibration = calibration
        scenario.record = record
        if let e = readBankEconomics(top) { scenario.bankEconomics = e }
        if let f = readFiscal(top) { scenario.fiscal = f }
        scenario.linkage = readLinkage(top)
        return scenario
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
                             "demand_per_year", "new_firms_per_year", "collateral", "compensation_ratio", "profitable", "ip_pledge",
                             "guarantee", "insurance_premium", "loss_split", "innovation_score", "linkage_share"]

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
        } else if !m.has("loan_size") && !m.has("ip_pledge") {
            ctx.report(m.node, m.keyPath("loan_size"), "required key is missing", allowed: "{median: amount, sigma: 0…5}, or an ip_pledge block")
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
        cohort.profitable = m.boolean("profitable", default: false)
        cohort.innovationScore = m.number("innovation_score", .closed(0, 1000))
        cohort.linkageShare = m.ratio("linkage_share")
        cohort.insurancePremium = m.ratio("insurance_premium", .closed(0, 0.2), default: 0) ?? 0
        if let ip = readIPPledge(m) {
            cohort.ipPledge = ip
            if m.has("loan_size") {
                ctx.report(m.node("loan_size"), m.keyPath("loan_size"), "an IP-pledge loan is sized from the pledged IP; drop loan_size",
                           allowed: "ip_pledge.appraised_value and ip_pledge.pledge_rate")
            }
            cohort.loanSize = LoanSizeSpec(median: ip.pledgeRate * ip.appraisedMedian, sigma: ip.appraisedSigma)
        }
        if let g = ctx.mapping(m.node("guarantee"), m.keyPath("guarantee"), keys: ["fee", "payout_cap"]) {
            cohort.guarantee = Guarantee(feeRate: g.ratio("fee", .closed(0, 0.2), default: 0.01) ?? 0.01,
                                         payoutCap: g.ratio("payout_cap", .leftOpen(0, 1)))
        }
        if let sp = ctx.mapping(m.node("loss_split"), m.keyPath("loss_split"), keys: ["pool", "guarantor", "insurer", "appraiser", "bank"]) {
            let split = LossSplit(pool: sp.ratio("pool", required: true) ?? 0, guarantor: sp.ratio("guarantor", default: 0) ?? 0,
                                  insurer: sp.ratio("insurer", default: 0) ?? 0, appraiser: sp.ratio("appraiser", default: 0) ?? 0,
                                  bank: sp.ratio("bank", required: true) ?? 0)
            let total = split.pool + split.guarantor + split.insurer + split.appraiser + split.bank
            if abs(total - 1) > 1e-9 {
                ctx.report(m.node("loss_split"), m.keyPath("loss_split"), "shares add up to \(Allowed.fmt((total * 1e9).rounded() / 1e9)), not 1",
                           allowed: "pool + guarantor + insurer + appraiser + bank = 1")
            }
            if split.guarantor > 0 && cohort.guarantee == nil {
                ctx.report(m.node("loss_split"), m.keyPath("loss_split.guarantor"), "a guarantor share needs a 'guarantee' block",
                           allowed: "guarantee: {fee: 1%}")
            }
            cohort.lossSplit = split
        } else if cohort.guarantee != nil {
            cohort.lossSplit = LossSplit(pool: 0.4, guarantor: 0.4, bank: 0.2)   // 郑科贷 4 : 4 : 2
        }
        return cohort
    }

    func readProgramme(_ top: MapReader) -> Programme {
        var p = Programme()
        guard let m = ctx.mapping(top.node("programme"), "programme",
                                  keys: ["name", "eligibility", "max_term_months", "compensation", "per_loan_cap",
                                         "claim_lag_months", "per_firm_limit", "leverage_limit", "per_bank_year_cap",
                                         "public_cap", "stacking", "clawback"]) else { return p }
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
        if let cap = ctx.mapping(m.node("per_bank_year_cap"), "programme.per_bank_year_cap", keys: ["share_of_prior_balance", "amount"]) {
            p.perBankYearCap = BankYearCap(shareOfPriorBalance: cap.ratio("share_of_prior_balance", required: true) ?? 0,
                                           amount: cap.amount("amount", required: true, .atLeast(0)) ?? 0)
        }
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
        return p
    }

    static let poolKeys = ["name", "funders", "initial", "top_ups", "interest_rate", "admin_fee_rate", "shortfall",
                           "scheme", "share", "covers", "compensation", "refill"]

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
        if let items = ctx.sequence(m.node("funders"), m.keyPath("funders")) {
            var funders: [Funder] = []
            for (node, p) in items {
                guard let f = ctx.mapping(node, p, keys: ["name", "share"]) else { continue }
                funders.append(Funder(name: f.string("name", required: true) ?? "", share: f.ratio("share", required: true) ?? 0))
            }
            if funders.isEmpty {
                ctx.report(m.node("funders"), m.keyPath("funders"), "at least one funder is needed", allowed: "a list of {name, share}")
            } else {
                checkShares(funders.map(\.share), node: m.node("funders"), path: m.keyPath("funders"), what: "funder shares")
                pool.funders = funders
            }
        }
        if let items = ctx.sequence(m.node("top_ups"), m.keyPath("top_ups")) {
            for (node, p) in items {
                guard let t = ctx.mapping(node, p, keys: ["month", "amount"]) else { continue }
                let month = t.integer("month", required: true, .closed(1, Double(max(horizon, 1))))
                let amount = t.amount("amount", required: true, .atLeast(0))
                if let month, let amount { pool.topUps.append(TopUp(month: month, amount: amount)) }
            }
        }
        pool.interestRate = m.ratio("interest_rate", .closed(-0.05, 0.2), default: 0) ?? 0
        pool.adminFeeRate = m.ratio("admin_fee_rate", .closed(0, 0.1), default: 0) ?? 0
        pool.shortfall = m.choice("shortfall", ShortfallRule.self, default: .fifo) ?? .fifo
        pool.scheme = m.string("scheme")
        pool.share = m.ratio("share", .leftOpen(0, 1), default: 1) ?? 1
        if let c = ctx.mapping(m.node("covers"), m.keyPath("covers"), keys: ["cohorts", "types", "banks"]) {
            var coverage = PoolCoverage()
            for (name, n) in c.strings("cohorts") ?? [] {
                if !cohorts.contains(where: { $0.name == name }) {
                    var msg = "no cohort named '\(name)'"
                    if let g = closest(name, in: cohorts.map(\.name)) { msg += "; did you mean '\(g)'?" }
                    ctx.report(n, c.keyPath("cohorts"), msg, allowed: cohorts.map(\.name).joined(separator: ", "))
                }
                coverage.cohorts.append(name)
            }
            for (t, n) in c.strings("types") ?? [] {
                if let type = FirmType(rawValue: t) { coverage.types.append(type) } else {
                    ctx.report(n, c.keyPath("types"), "unknown firm type '\(t)'", allowed: FirmType.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
            for (name, n) in c.strings("banks") ?? [] {
                if !banks.contains(where: { $0.name == name }) {
                    ctx.report(n, c.keyPath("banks"), "no bank named '\(name)'", allowed: banks.map(\.name).joined(separator: ", "))
                }
                coverage.banks.append(name)
            }
            pool.coverage = coverage
            let coversSome = cohorts.contains { programme.eligibility.admits($0) && coverage.covers(cohort: $0) }
                && banks.contains { coverage.covers(bank: $0.name) }
            if !cohorts.isEmpty && !coversSome {
                ctx.report(m.node("covers"), m.keyPath("covers"), "pool '\(pool.name)' covers no loan of the scenario",
                           allowed: "cohorts, types and banks that match at least one eligible cohort and one bank")
            }
        }
        pool.compensation = readCompensation(m.node("compensation"), path: m.keyPath("compensation"), base: programme.compensation)
        if let r = ctx.mapping(m.node("refill"), m.keyPath("refill"), keys: ["rule", "target", "annual_budget"]) {
            let budget = r.amount("annual_budget", required: true, .atLeast(0)) ?? 0
            switch r.string("rule", required: true) {
            case "to_target": pool.refill = .toTarget(target: r.amount("target", required: true, .atLeast(0)) ?? 0, annualBudget: budget)
            case "last_year_payouts": pool.refill = .lastYearPayouts(annualBudget: budget)
            case let other?:
                ctx.report(r.node("rule"), r.keyPath("rule"), "unknown refill rule '\(other)'", allowed: "to_target, last_year_payouts")
            case nil: break
            }
        }
        return pool
    }

    static let compensationKeys = ["credit", "collateralised", "ip_pledge", "guaranteed", "revenue_tiers", "term_bonus",
                                   "full_compensation", "choose"]

    func readCompensation(_ node: Node?, path: String, base: CompensationRules) -> CompensationRules? {
        guard let c = ctx.mapping(node, path, keys: Self.compensationKeys) else { return nil }
        var r = base
        r.credit = c.ratio("credit", default: r.credit) ?? r.credit
        r.collateralised = c.ratio("collateralised", default: r.collateralised) ?? r.collateralised
        r.ipPledge = c.ratio("ip_pledge") ?? r.ipPledge
        r.guaranteed = c.ratio("guaranteed") ?? r.guaranteed
        if let items = ctx.sequence(c.node("revenue_tiers"), c.keyPath("revenue_tiers")) {
            var tiers: [CompensationRules.Tier] = []
            for (n, p) in items {
                guard let t = ctx.mapping(n, p, keys: ["up_to", "ratio"]) else { continue }
                let upTo = t.amount("up_to", .above(0))
                if let last = tiers.last?.upTo, let upTo, upTo <= last {
                    ctx.report(t.node("up_to"), t.keyPath("up_to"), "tiers must rise: \(Allowed.fmt(upTo)) 万元 after \(Allowed.fmt(last)) 万元",
                               allowed: "increasing up_to, the last tier without one")
                }
                if tiers.last.map({ $0.upTo == nil }) == true {
                    ctx.report(n, p, "a tier after the open-ended one is never used", allowed: "the tier without up_to last")
                }
                tiers.append(.init(upTo: upTo, ratio: t.ratio("ratio", required: true) ?? 0))
            }
            r.revenueTiers = tiers
        }
        if let b = ctx.mapping(c.node("term_bonus"), c.keyPath("term_bonus"), keys: ["per_year", "max"]) {
            r.termBonusPerYear = b.ratio("per_year", required: true) ?? 0
            r.termBonusMax = b.ratio("max", required: true) ?? 0
        }
        if let f = ctx.mapping(c.node("full_compensation"), c.keyPath("full_compensation"), keys: ["up_to_loss", "types", "profitable_only"]) {
            var types: [FirmType] = []
            for (t, n) in f.strings("types") ?? [] {
                if let type = FirmType(rawValue: t) { types.append(type) } else {
                    ctx.report(n, f.keyPath("types"), "unknown firm type '\(t)'", allowed: FirmType.allCases.map(\.rawValue).joined(separator: ", "))
                }
            }
            r.fullCompensation = .init(upToLoss: f.amount("up_to_loss", required: true, .atLeast(0)) ?? 0, types: types,
                                       profitableOnly: f.boolean("profitable_only", default: false))
        }
        r.choice = c.choice("choose", CompensationRules.Choice.self, default: r.choice) ?? r.choice
        return r
    }

    static let ipKeys = ["ip_type", "appraised_value", "pledge_rate", "appraisal_fee", "appraisal_subsidy", "value_volatility",
                         "factor_sensitivity", "disposal_probability", "disposal_lag_months", "disposal_discount"]

    func readIPPledge(_ m: MapReader) -> IPPledge? {
        guard let ip = ctx.mapping(m.node("ip_pledge"), m.keyPath("ip_pledge"), keys: Self.ipKeys) else { return nil }
        let type = ip.choice("ip_type", IPPledge.IPType.self, default: .inventionPatent) ?? .inventionPatent
        var median = 1.0, sigma = 0.8
        if let v = ctx.mapping(ip.node("appraised_value"), ip.keyPath("appraised_value"), keys: ["median", "sigma"]) {
            median = v.amount("median", required: true, .above(0)) ?? 1
            sigma = v.number("sigma", .closed(0, 5), default: 0.8) ?? 0.8
        } else if !ip.has("appraised_value") {
            ctx.report(ip.node, ip.keyPath("appraised_value"), "required key is missing", allowed: "{median: amount, sigma: 0…5}")
        }
        var lag = 12...36
        if let l = ctx.mapping(ip.node("disposal_lag_months"), ip.keyPath("disposal_lag_months"), keys: ["min", "max"]) {
            let lo = l.integer("min", required: true, .closed(0, 240)) ?? 12, hi = l.integer("max", required: true, .closed(0, 240)) ?? 36
            if hi < lo {
                ctx.report(l.node("max"), l.keyPath("max"), "max \(hi) is below min \(lo)", allowed: "min ≤ max")
            } else {
                lag = lo...hi
            }
        }
        let rate = ip.ratio("pledge_rate", .leftOpen(0, 1))
        if let rate, type == .trademark && rate > 0.5 {
            ctx.report(ip.node("pledge_rate"), ip.keyPath("pledge_rate"), "trademark pledge rates are at most 50%", allowed: "0 < x ≤ 50%")
        }
        return IPPledge(ipType: type, appraisedMedian: median, appraisedSigma: sigma, pledgeRate: rate,
                        appraisalFee: ip.ratio("appraisal_fee", .closed(0, 0.2), default: 0.025) ?? 0.025,
                        appraisalSubsidy: ip.ratio("appraisal_subsidy", default: 0.5) ?? 0.5,
                        valueVolatility: ip.number("value_volatility", .closed(0, 3), default: 0.6) ?? 0.6,
                        factorSensitivity: ip.number("factor_sensitivity", .closed(-3, 3), default: 0.3) ?? 0.3,
                        disposalProbability: ip.ratio("disposal_probability", default: 0.15) ?? 0.15,
                        disposalLagMonths: lag,
                        disposalDiscount: ip.ratio("disposal_discount", default: 0.5) ?? 0.5)
    }

    func readInnovationBands(_ top: MapReader) -> [InnovationBand] {
        guard let ip = ctx.mapping(top.node("innovation_points"), "innovation_points", keys: ["bands"]) else { return [] }
        guard let items = ctx.sequence(ip.node("bands"), "innovation_points.bands") else { return [] }
        var bands: [InnovationBand] = []
        for (n, p) in items {
            guard let b = ctx.mapping(n, p, keys: ["name", "min_score", "eligible", "line_uplift", "rate_discount"]) else { continue }
            bands.append(InnovationBand(name: b.string("name", required: true) ?? "", minScore: b.number("min_score", required: true, .closed(0, 1000)) ?? 0,
                                        eligible: b.boolean("eligible", default: true), lineUplift: b.ratio("line_uplift", .closed(0, 2), default: 0) ?? 0,
                                        rateDiscount: b.ratio("rate_discount", .closed(0, 0.1), default: 0) ?? 0))
        }
        return bands.sorted { $0.minScore > $1.minScore }
    }

    /// Each scored cohort takes the band with the highest minimum its score reaches: the line uplift
    /// scales its loan sizes; eligibility and the rate discount are applied where they matter.
    func applyInnovationBands(_ bands: [InnovationBand], to cohorts: inout [Cohort], top: MapReader) {
        for i in cohorts.indices {
            guard let score = cohorts[i].innovationScore else { continue }
            guard let band = bands.first(where: { score >= $0.minScore }) else {
                ctx.report(top.node("cohorts"), "cohorts[\(i)].innovation_score",
                           bands.isEmpty ? "a score needs innovation_points.bands" : "score \(Allowed.fmt(score)) is below every band",
                           allowed: bands.isEmpty ? "innovation_points: {bands: [...]}" : "a band with min_score ≤ \(Allowed.fmt(score))")
                continue
            }
            cohorts[i].innovationBand = band
            cohorts[i].loanSize.median *= 1 + band.lineUplift
        }
    }

    func readBankEconomics(_ top: MapReader) -> BankEconomics? {
        guard let m = ctx.mapping(top.node("bank_economics"), "bank_economics",
                                  keys: ["benchmark_rate", "rate_multiple", "funding_cost", "operating_cost", "upfront_fee",
                                         "guarantee_fees_paid_by", "capital"]) else { return nil }
        var e = BankEconomics()
        e.benchmarkRate = m.ratio("benchmark_rate", .closed(0, 0.3), default: e.benchmarkRate) ?? e.benchmarkRate
        e.rateMultiple = m.number("rate_multiple", .leftOpen(0, 5), default: e.rateMultiple) ?? e.rateMultiple
        e.fundingCost = m.ratio("funding_cost", .closed(0, 0.3), default: e.fundingCost) ?? e.fundingCost
        e.operatingCost = m.ratio("operating_cost", .closed(0, 0.2), default: e.operatingCost) ?? e.operatingCost
        e.upfrontFee = m.ratio("upfront_fee", .closed(0, 0.2), default: 0) ?? 0
        if let payer = m.string("guarantee_fees_paid_by") {
            if !["borrower", "bank"].contains(payer) {
                ctx.report(m.node("guarantee_fees_paid_by"), "bank_economics.guarantee_fees_paid_by", "unknown payer '\(payer)'", allowed: "borrower, bank")
            }
            e.bankPaysGuaranteeFees = payer == "bank"
        }
        if let c = ctx.mapping(m.node("capital"), "bank_economics.capital",
                               keys: ["method", "capital_ratio", "standardised_risk_weight", "sme_adjustment", "compensation_relief"]) {
            e.capital = CapitalRule(method: c.choice("method", CapitalRule.Method.self, default: .irb) ?? .irb,
                                    capitalRatio: c.ratio("capital_ratio", .leftOpen(0, 1), default: 0.105) ?? 0.105,
                                    standardisedRiskWeight: c.ratio("standardised_risk_weight", .closed(0, 3), default: 0.75) ?? 0.75,
                                    smeAdjustment: c.boolean("sme_adjustment", default: false),
                                    compensationRelief: c.boolean("compensation_relief", default: true))
        }
        return e
    }

    func readFiscal(_ top: MapReader) -> Fiscal? {
        guard let m = ctx.mapping(top.node("fiscal"), "fiscal",
                                  keys: ["interest_subsidy", "guarantee_fee_subsidy", "insurance_subsidy", "discount_rate"]) else { return nil }
        return Fiscal(interestSubsidy: m.ratio("interest_subsidy", .closed(0, 0.2), default: 0) ?? 0,
                      guaranteeFeeSubsidy: m.ratio("guarantee_fee_subsidy", default: 0) ?? 0,
                      insuranceSubsidy: m.ratio("insurance_subsidy", default: 0) ?? 0,
                      discountRate: m.ratio("discount_rate", .closed(-0.05, 0.3), default: 0.025) ?? 0.025)
    }

    func readLinkage(_ top: MapReader) -> Linkage? {
        guard let m = ctx.mapping(top.node("linkage"), "linkage",
                                  keys: ["share_of_borrowers", "stake", "instrument", "entry_value", "exit_rate_per_year", "exit_multiple"]) else { return nil }
        var l = Linkage()
        l.shareOfBorrowers = m.ratio("share_of_borrowers", default: l.shareOfBorrowers) ?? l.shareOfBorrowers
        l.stake = m.ratio("stake", .leftOpen(0, 1), default: l.stake) ?? l.stake
        l.instrument = m.choice("instrument", Linkage.Instrument.self, default: .stake) ?? .stake
        if let v = ctx.mapping(m.node("entry_value"), "linkage.entry_value", keys: ["median", "sigma"]) {
            l.entryMedian = v.amount("median", required: true, .above(0)) ?? l.entryMedian
            l.entrySigma = v.number("sigma", .closed(0, 5), default: l.entrySigma) ?? l.entrySigma
        }
        l.exitRatePerYear = m.ratio("exit_rate_per_year", .open(0, 1), default: l.exitRatePerYear) ?? l.exitRatePerYear
        if let x = ctx.mapping(m.node("exit_multiple"), "linkage.exit_multiple", keys: ["pareto_alpha", "min"]) {
            l.paretoAlpha = x.number("pareto_alpha", .above(1), default: l.paretoAlpha) ?? l.paretoAlpha
            l.minMultiple = x.number("min", .above(0), default: l.minMultiple) ?? l.minMultiple
        }
        return l
    }

    static let breakerKeys = ["metric", "threshold", "window_months", "min_suspension_months", "action", "until_recovered"]

    /// `breaker:` (one) or `breakers:` (a list).
    func readBreakers(_ top: MapReader) -> [BreakerSpec] {
        if top.has("breaker") && top.has("breakers") {
            ctx.report(top.node("breakers"), "breakers", "give either breaker or breakers, not both", allowed: "breaker: {…} or breakers: [{…}]")
            return []
        }
        if let node = top.node("breaker") { return readBreaker(node, path: "breaker").map { [$0] } ?? [] }
        guard let items = ctx.sequence(top.node("breakers"), "breakers") else { return [] }
        return items.compactMap { readBreaker($0.0, path: $0.1) }
    }

    func readBreaker(_ node: Node, path: String) -> BreakerSpec? {
        guard let m = ctx.mapping(node, path, keys: Self.breakerKeys) else { return nil }
        return BreakerSpec(metric: m.choice("metric", BreakerMetric.self, default: .overdueRate) ?? .overdueRate,
                           threshold: m.ratio("threshold", required: true, .leftOpen(0, 1)) ?? 0.05,
                           windowMonths: m.integer("window_months", .closed(1, 120), default: 12) ?? 12,
                           minSuspensionMonths: m.integer("min_suspension_months", .closed(0, 240), default: 12) ?? 12,
                           action: m.choice("action", BreakerAction.self, default: .suspendLending) ?? .suspendLending,
                           untilRecovered: m.boolean("until_recovered", default: true))
    }

    static let stressKeys = ["name", "from_month", "to_month", "macro_shift", "pd_multiplier", "collateral_haircut",
                             "ip_value_haircut", "rho_multiplier", "cohorts", "sectors"]

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
            for c in cohorts where st.applies(to: c) {
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
        var sectorNames: [String] = []
        for (name, n) in m.strings("sectors") ?? [] {
            if !cohorts.contains(where: { $0.sector == name }) {
                ctx.report(n, m.keyPath("sectors"), "no cohort is in sector '\(name)'",
                           allowed: Array(Set(cohorts.compactMap(\.sector))).sorted().joined(separator: ", "))
            }
            sectorNames.append(name)
        }
        var stress = Stress(name: m.string("name", default: "stress") ?? "stress",
                      fromMonth: from, toMonth: to,
                      macroShift: m.number("macro_shift", .closed(-10, 10), default: 0) ?? 0,
                      pdMultiplier: m.number("pd_multiplier", .leftOpen(0, 1000), default: 1) ?? 1,
                      collateralHaircut: m.ratio("collateral_haircut", .closed(0, 1), default: 0) ?? 0,
                      rhoMultiplier: m.number("rho_multiplier", .leftOpen(0, 100), default: 1) ?? 1,
                      cohorts: names)
        stress.sectors = sectorNames
        stress.ipValueHaircut = m.ratio("ip_value_haircut", .closed(0, 1), default: 0) ?? 0
        return stress
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
        // "\r\n" is one Character in Swift: split on it too, so CRLF files read like LF files.
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).enumerated() {
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

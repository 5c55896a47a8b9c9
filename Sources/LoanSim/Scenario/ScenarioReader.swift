import Foundation
import RiskModel
import TextFormats
import Yams

/// Walks the YAML tree section by section. Each `read…` returns nil when its section is unusable and
/// has reported why; cross-field rules are checked where both fields are at hand.
struct ScenarioReader {
    let ctx: ReadContext

    static let topKeys = ["extends", "name", "description", "horizon_months", "start", "step", "paths", "seed", "generator", "sampling",
                          "macro", "sectors", "banks", "cohorts", "programme", "pool", "pools", "breaker", "breakers", "stresses",
                          "bank_economics", "fiscal", "linkage", "innovation_points", "calibration", "record", "book", "copula", "funds", "target",
                          "label_zh", "label_en", "lgd_model"]

    func read(_ root: Node) -> Scenario? {
        guard let top = ctx.mapping(root, "", keys: Self.topKeys) else { return nil }
        let name = top.string("name", required: true) ?? ""
        let description = top.string("description") ?? ""
        readLabels(top, name: name)
        let step = top.choice("step", Step.self, default: .month) ?? .month
        let horizon = top.integer("horizon_months", required: true, .closed(1, 1200)) ?? 0
        if horizon > 0 && horizon % step.months != 0 {
            ctx.report(top.node("horizon_months"), "horizon_months",
                       "a horizon of \(horizon) months is not a whole number of \(step.rawValue) steps",
                       allowed: "a multiple of \(step.months)")
        }
        let paths = top.integer("paths", .closed(1, Double(Simulation.maxPaths)), default: 10_000) ?? 10_000
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
        let (bands, interpolate) = readInnovationBands(top)
        var cohorts = readCohorts(top, sectors: sectors, programme: programme, step: step)
        applyInnovationBands(bands, interpolate: interpolate, to: &cohorts, top: top)
        let calibration = readCalibration(top, cohorts: &cohorts)
        let (record, recordStart) = readRecord(top, horizon: horizon)
        let start = readStart(top, recordStart: recordStart)
        let pools = readPools(top, horizon: horizon, cohorts: cohorts, banks: banks, programme: programme)
        let breakers = readBreakers(top, cohorts: cohorts)
        let book = readBook(top, banks: banks, sectors: sectors, programme: programme, horizon: horizon, cohorts: cohorts,
                            innovation: (bands, interpolate))
        let stresses = readStresses(top, horizon: horizon, cohorts: cohorts)
        checkBreakerBooks(breakers, top: top, hasTape: book != nil)
        checkPoolCaps(pools, top: top, hasTape: book != nil)

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
        scenario.innovationInterpolate = interpolate
        scenario.copula = readCopula(top)
        scenario.calibration = calibration
        scenario.breakerVariants = readBreakerVariants(top, link: calibration, cohorts: cohorts, written: breakers)
        scenario.record = record
        scenario.start = start
        scenario.labels = ctx.labels
        scenario.target = readTarget(top, start: start, horizon: horizon, step: step, pools: pools)
        if let e = readBankEconomics(top) { scenario.bankEconomics = e }
        if let f = readFiscal(top) { scenario.fiscal = f }
        scenario.linkage = readLinkage(top)
        scenario.book = book
        scenario.funds = readFunds(top, cohorts: cohorts, horizonMonths: horizon)
        if let linked = book?.tape.loans.filter(\.linked), !linked.isEmpty, scenario.linkage == nil {
            scenario.book!.warnings.append("\(book!.file): \(linked.count) loans are marked linked but the scenario has no linkage: section: "
                                           + "their equity is not simulated (first: line \(linked[0].line))")
        }
        return scenario
    }

    /// `start: YYYY-MM`, the calendar month of month 1 (figures by year then by calendar year); without
    /// it, the record's `start` if there is one. Both given must agree.
    func readStart(_ top: MapReader, recordStart: YearMonth?) -> YearMonth? {
        guard let text = top.string("start") else { return recordStart }
        guard let start = YearMonth(text) else {
            ctx.report(top.node("start"), "start", "'\(text)' is not a month", allowed: "YYYY-MM (1900–2200), the calendar month of month 1")
            return nil
        }
        if let recordStart, recordStart != start {
            ctx.report(top.node("start"), "start", "start \(start) disagrees with record.start \(recordStart)",
                       allowed: "one calendar month for month 1: give the same month, or only one of them")
        }
        return start
    }

    /// `copula: {type: gaussian}` (the default) or `{type: t, nu: ν}`, 1 ≤ ν ≤ 1000.
    func readCopula(_ top: MapReader) -> Copula {
        guard let m = ctx.mapping(top.node("copula"), "copula", keys: ["type", "nu"]) else { return .gaussian }
        let type = m.string("type", required: true) ?? "gaussian"
        switch type {
        case "gaussian":
            if m.node("nu") != nil { ctx.report(m.node("nu"), "copula.nu", "a Gaussian copula has no degrees of freedom", allowed: "nu only with type: t") }
            return .gaussian
        case "t":
            return .t(nu: m.number("nu", required: true, .closed(1, 1000)) ?? 4)
        default:
            ctx.report(m.node("type"), "copula.type", "unknown copula '\(type)'", allowed: "gaussian, t")
            return .gaussian
        }
    }

    func readSectors(_ top: MapReader) -> [SectorFactor] {
        guard let items = ctx.sequence(top.node("sectors"), "sectors") else { return [] }
        var out: [SectorFactor] = []
        for (node, path) in items {
            guard let m = ctx.mapping(node, path, keys: ["name", "phi"] + Self.labelKeys) else { continue }
            let name = m.string("name", required: true) ?? ""
            readLabels(m, name: name)
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
            guard let m = ctx.mapping(node, path, keys: ["name", "share"] + Self.labelKeys) else { continue }
            let name = m.string("name", required: true) ?? ""
            readLabels(m, name: name)
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
}

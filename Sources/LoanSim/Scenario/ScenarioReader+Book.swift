import Foundation
import Yams

/// A bank's own book in a scenario (`book:`): its loan tape, the book's date, a rating → PD table and,
/// per loan type, the cohort whose rules its loans follow (ρ, LGD, collateral haircut, guarantee, IP
/// disposal, compensation, claim lag, rate and capital).
public struct TapeBook: Sendable, Equatable {
    public var file: String
    public var asOf: YearMonth
    public var ratings: [String: Double]
    /// Loan type → index of the cohort giving its rules.
    public var rules: [LoanTape.LoanType: Int]
    public var tape: LoanTape
    /// Plausibility warnings: allowed, but worth a look.
    public var warnings: [String]
}

extension ScenarioReader {
    /// `book: {tape: loans.csv, as_of: 2025-09, ratings: {A: 1%, …}}`. The tape's path is relative to
    /// the scenario's folder; its bytes join the scenario hash; every row is checked (`LoanTapeReader`).
    func readBook(_ top: MapReader, banks: [Bank], sectors: [SectorFactor], programme: Programme, horizon: Int, cohorts: [Cohort],
                  innovation: (bands: [InnovationBand], interpolate: Bool)) -> TapeBook? {
        guard let m = ctx.mapping(top.node("book"), "book", keys: ["tape", "as_of", "ratings", "rules"]) else { return nil }
        let name = m.string("tape", required: true) ?? ""
        let asOfText = m.string("as_of", required: true) ?? ""
        let asOf = YearMonth(asOfText)
        if !asOfText.isEmpty && asOf == nil {
            ctx.report(m.node("as_of"), "book.as_of", "'\(asOfText)' is not a month", allowed: "YYYY-MM, the month the simulation starts")
        }
        var ratings: [String: Double] = [:]
        let grades = m.node("ratings")?.mapping?.compactMap { $0.key.scalar?.string } ?? []
        if let r = ctx.mapping(m.node("ratings"), "book.ratings", keys: grades) {
            for grade in grades { ratings[grade] = r.ratio(grade, required: true, .open(0, 1)) }
        }
        let rules = readTapeRules(m, cohorts: cohorts)
        guard !name.isEmpty, let asOf else { return nil }
        let path = ScenarioLoader.resolve(name, in: ctx.baseDirectory)
        if let data = FileManager.default.contents(atPath: path) { ctx.sources.add(data) }
        let checks = TapeRules(banks: banks, sectors: sectors.map(\.name), perFirmLimitWan: programme.perFirmLimit,
                               maxTermMonths: programme.maxTermMonths, asOf: asOf, horizonMonths: horizon, ratings: ratings)
        do {
            let (tape, warnings) = try LoanTapeReader.load(path: path, rules: checks)
            var book = TapeBook(file: path, asOf: asOf, ratings: ratings, rules: rules, tape: tape, warnings: warnings)
            checkRules(of: book, node: m.node("rules") ?? m.node("tape"), cohorts: cohorts)
            book.warnings += innovationWarnings(book, innovation: innovation, perFirmLimit: programme.perFirmLimit)
            return book
        } catch let e as ScenarioError {
            ctx.issues += e.issues
            ctx.uncounted += e.uncounted
            return nil
        } catch {
            ctx.report(m.node("tape"), "book.tape", "cannot read \(path)", allowed: "a CSV loan tape")
            return nil
        }
    }

    /// `rules: {credit: cohort name, collateral: …, ip_pledge: …, guaranteed: …}`.
    func readTapeRules(_ m: MapReader, cohorts: [Cohort]) -> [LoanTape.LoanType: Int] {
        let types = LoanTape.LoanType.allCases.map(\.rawValue)
        guard let r = ctx.mapping(m.node("rules"), "book.rules", keys: types) else { return [:] }
        var rules: [LoanTape.LoanType: Int] = [:]
        for type in LoanTape.LoanType.allCases {
            guard let name = r.string(type.rawValue) else { continue }
            guard let c = cohorts.firstIndex(where: { $0.name == name }) else {
                ctx.report(r.node(type.rawValue), "book.rules.\(type.rawValue)", "no cohort is named '\(name)'",
                           allowed: cohorts.map(\.name).joined(separator: ", "))
                continue
            }
            rules[type] = c
        }
        return rules
    }

    /// Every loan type on the tape needs a rules cohort, and the cohort must carry what the type needs:
    /// collateral (its haircut and realisation lag), IP-pledge rules, a guarantee or loss split.
    func checkRules(of book: TapeBook, node: Node?, cohorts: [Cohort]) {
        let present = Set(book.tape.loans.map(\.type))
        for type in LoanTape.LoanType.allCases where present.contains(type) {
            let key = "book.rules.\(type.rawValue)"
            guard let c = book.rules[type] else {
                ctx.report(node, key, "the tape has \(type.rawValue) loans but no cohort gives their rules",
                           allowed: "the name of a cohort whose ρ, LGD and compensation they follow")
                continue
            }
            let cohort = cohorts[c]
            switch type {
            case .collateral where cohort.collateral == nil:
                ctx.report(node, key, "cohort '\(cohort.name)' has no collateral: its haircut and lag are needed", allowed: "a cohort with collateral")
            case .ipPledge where cohort.ipPledge == nil:
                ctx.report(node, key, "cohort '\(cohort.name)' has no ip_pledge rules", allowed: "a cohort with ip_pledge")
            case .guaranteed where cohort.lossSplit == nil && cohort.guarantee == nil:
                ctx.report(node, key, "cohort '\(cohort.name)' has no guarantee or loss split", allowed: "a cohort with guarantee or loss_split")
            default: break
            }
        }
    }

    /// Scored loans need innovation bands; a loan above its band's credit line or in an ineligible
    /// band is flagged (it is simulated as written; an ineligible band's loans get no compensation).
    func innovationWarnings(_ book: TapeBook, innovation: (bands: [InnovationBand], interpolate: Bool), perFirmLimit: Double) -> [String] {
        let scored = book.tape.loans.filter { $0.innovationScore != nil }
        guard !scored.isEmpty else { return [] }
        guard !innovation.bands.isEmpty else {
            return ["\(book.file): \(scored.count) loans carry an innovation_score but the scenario has no innovation_points bands: scores are ignored"]
        }
        var out: [String] = []
        let terms = scored.map { InnovationTerms.of(score: $0.innovationScore!, bands: innovation.bands, interpolate: innovation.interpolate) }
        let below = scored.indices.filter { terms[$0] == nil }
        if let first = below.first {
            out.append("\(book.file): \(below.count) loans score below every innovation band (first: line \(scored[first].line)): they take no band's terms")
        }
        let ineligible = scored.indices.filter { terms[$0]?.band.eligible == false }
        if let first = ineligible.first {
            out.append("\(book.file): \(ineligible.count) loans are in an ineligible innovation band (first: line \(scored[first].line)): "
                       + "simulated without compensation")
        }
        let overLine = scored.indices.filter { i in terms[i].map { scored[i].amountWan > perFirmLimit * (1 + $0.lineUplift) + 1e-9 } ?? false }
        if let first = overLine.first {
            out.append("\(book.file): \(overLine.count) loans exceed their band's credit line (first: line \(scored[first].line))")
        }
        return out
    }
}

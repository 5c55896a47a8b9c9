import Foundation
import Yams

/// A bank's own book in a scenario (`book:`): its loan tape, the book's date and a rating → PD table.
public struct TapeBook: Sendable, Equatable {
    public var file: String
    public var asOf: YearMonth
    public var ratings: [String: Double]
    public var tape: LoanTape
    /// Plausibility warnings: allowed, but worth a look.
    public var warnings: [String]
}

extension ScenarioReader {
    /// `book: {tape: loans.csv, as_of: 2025-09, ratings: {A: 1%, …}}`. The tape's path is relative to
    /// the scenario's folder; its bytes join the scenario hash; every row is checked (`LoanTapeReader`).
    func readBook(_ top: MapReader, banks: [Bank], sectors: [SectorFactor], programme: Programme, horizon: Int) -> TapeBook? {
        guard let m = ctx.mapping(top.node("book"), "book", keys: ["tape", "as_of", "ratings"]) else { return nil }
        guard ctx.allowTape else {
            ctx.report(top.node("book"), "book", "simulating a loan tape is not built yet; `loansim validate` reads and checks the tape",
                       allowed: "cohorts only, for run, compare, sweep, stress and plan")
            return nil
        }
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
        guard !name.isEmpty, let asOf else { return nil }
        let path = name.hasPrefix("/") ? name : (ctx.baseDirectory as NSString).appendingPathComponent(name)
        if let data = FileManager.default.contents(atPath: path) { ctx.sources.add(data) }
        let rules = TapeRules(banks: banks, sectors: sectors.map(\.name), perFirmLimitWan: programme.perFirmLimit,
                              maxTermMonths: programme.maxTermMonths, asOf: asOf, horizonMonths: horizon, ratings: ratings)
        do {
            let (tape, warnings) = try LoanTapeReader.load(path: path, rules: rules)
            return TapeBook(file: path, asOf: asOf, ratings: ratings, tape: tape, warnings: warnings)
        } catch let e as ScenarioError {
            ctx.issues += e.issues
            return nil
        } catch {
            ctx.report(m.node("tape"), "book.tape", "cannot read \(path)", allowed: "a CSV loan tape")
            return nil
        }
    }
}

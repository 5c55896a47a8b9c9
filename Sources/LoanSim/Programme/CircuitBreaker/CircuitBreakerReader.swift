import Foundation
import LoanSimFiles
import Yams

/// Reads `breaker:` (one) or `breakers:` (a list) of a scenario. The keys are the specification's
/// `CodingKeys`: written once, shared with `scenario.json`.
extension ScenarioReader {
    func readBreakers(_ top: MapReader, cohorts: [Cohort]) -> [BreakerSpec] {
        if top.has("breaker") && top.has("breakers") {
            ctx.report(top.node("breakers"), "breakers", "give either breaker or breakers, not both", allowed: "breaker: {…} or breakers: [{…}]")
            return []
        }
        if let node = top.node("breaker") { return readBreaker(node, path: "breaker", cohorts: cohorts).map { [$0] } ?? [] }
        guard let items = ctx.sequence(top.node("breakers"), "breakers") else { return [] }
        return items.compactMap { readBreaker($0.0, path: $0.1, cohorts: cohorts) }
    }

    func readBreaker(_ node: Node, path: String, cohorts known: [Cohort]) -> BreakerSpec? {
        typealias K = BreakerSpec.CodingKeys
        guard let m = ctx.mapping(node, path, keys: K.yamlKeys) else { return nil }
        let d = BreakerSpec()
        let spec = BreakerSpec(
            metric: m.choice(K.metric.yamlKey, BreakerMetric.self, default: d.metric) ?? d.metric,
            threshold: m.ratio(K.threshold.yamlKey, required: true, .leftOpen(0, 1)) ?? d.threshold,
            windowMonths: m.integer(K.windowMonths.yamlKey, .closed(1, 120), default: d.windowMonths) ?? d.windowMonths,
            minSuspensionMonths: m.integer(K.minSuspensionMonths.yamlKey, .closed(0, 240), default: d.minSuspensionMonths) ?? d.minSuspensionMonths,
            action: m.choice(K.action.yamlKey, BreakerAction.self, default: d.action) ?? d.action,
            untilRecovered: m.boolean(K.untilRecovered.yamlKey, default: d.untilRecovered),
            scope: m.choice(K.scope.yamlKey, BreakerSpec.Scope.self, default: d.scope) ?? d.scope,
            measure: m.choice(K.measure.yamlKey, BreakerSpec.Measure.self, default: d.measure) ?? d.measure,
            check: m.choice(K.check.yamlKey, BreakerSpec.Check.self, default: d.check) ?? d.check,
            minLoans: m.integer(K.minLoans.yamlKey, .closed(0, 1_000_000), default: d.minLoans) ?? d.minLoans,
            cohorts: readBook(m, known: known))
        // A stock is an overdue balance: only the overdue rate has one, and it has no trailing window.
        if spec.measure == .stock && spec.metric != .overdueRate {
            ctx.report(m.node(K.measure.yamlKey), m.keyPath(K.measure.yamlKey), "measure: stock applies to the overdue rate only",
                       allowed: "flow for metric \(spec.metric.rawValue), or metric: overdue_rate")
        }
        if spec.measure == .stock && m.has(K.windowMonths.yamlKey) {
            ctx.report(m.node(K.windowMonths.yamlKey), m.keyPath(K.windowMonths.yamlKey),
                       "measure: stock reads the overdue balance at each check, not a window",
                       allowed: "no window_months with measure: stock (the claim lag decides how long a default stays overdue)")
        }
        if !spec.cohorts.isEmpty {
            // The book is a set of cohorts; what is not a cohort's (a pool's balance, a bank's claims) cannot be narrowed to it.
            if spec.metric == .compensationToBalance {
                ctx.report(m.node(K.cohorts.yamlKey), m.keyPath(K.cohorts.yamlKey), "compensation ÷ pool balance is the pools' figure, not a set of cohorts'",
                           allowed: "no cohorts with metric compensation_to_balance; with cohorts: overdue_rate, annual_loss_rate or guarantor_payout_rate")
            }
            if spec.action == .stopCompensation {
                ctx.report(m.node(K.cohorts.yamlKey), m.keyPath(K.cohorts.yamlKey), "stop_compensation denies a bank's claims on every pool; it cannot reach some cohorts only",
                           allowed: "action: suspend_lending with cohorts, or no cohorts")
            }
        }
        return spec
    }

    /// `cohorts:` of a breaker: names of the scenario's cohorts, each once (empty: the whole programme book).
    private func readBook(_ m: MapReader, known: [Cohort]) -> [String] {
        let key = BreakerSpec.CodingKeys.cohorts.yamlKey
        guard m.has(key), let listed = m.strings(key) else { return [] }   // not a list: already reported
        if listed.isEmpty {
            ctx.report(m.node(key), m.keyPath(key), "an empty list of cohorts reads no loan", allowed: "one or more cohort names, or no cohorts key (the whole programme book)")
        }
        var names: [String] = []
        for (name, n) in listed {
            if !known.contains(where: { $0.name == name }) {
                var msg = "no cohort named '\(name)'"
                if let g = closest(name, in: known.map(\.name)) { msg += "; did you mean '\(g)'?" }
                ctx.report(n, m.keyPath(key), msg, allowed: known.map(\.name).joined(separator: ", "))
            } else if names.contains(name) {
                ctx.report(n, m.keyPath(key), "cohort '\(name)' named twice", allowed: "each cohort once")
            } else {
                names.append(name)
            }
        }
        return names
    }

    /// At most `BreakerBooks.most` books. A breaker's `cohorts:` reads cohort books; a tape's loans are in
    /// no cohort's book, so the two are not combined (the whole programme book, without `cohorts:`, reads the tape).
    func checkBreakerBooks(_ breakers: [BreakerSpec], top: MapReader, hasTape: Bool) {
        var books: [[String]] = []
        for b in breakers where !books.contains(b.cohorts) { books.append(b.cohorts) }
        if books.count > BreakerBooks.most {
            ctx.report(top.node("breakers"), "breakers", "\(books.count) different books (lists of cohorts) among the breakers",
                       allowed: "at most \(BreakerBooks.most)")
        }
        guard hasTape, breakers.contains(where: { !$0.cohorts.isEmpty }) else { return }
        let key = top.has("breaker") ? "breaker" : "breakers"
        ctx.report(top.node(key), key + ".cohorts", "a breaker with cohorts reads cohort books only, and this scenario has a loan tape",
                   allowed: "no cohorts (the breaker reads the whole programme book, tape included), or no book: tape")
    }
}

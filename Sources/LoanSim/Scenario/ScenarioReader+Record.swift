import Foundation
import Yams

extension ScenarioReader {
    /// Reads `record: {file: record.yaml, start: 2018-10}`: the record's `checks`, dated by calendar
    /// month, placed on the horizon with `start` as month 1.
    /// Returns the checks and the record's start month.
    func readRecord(_ top: MapReader, horizon: Int) -> ([RecordCheck], YearMonth?) {
        guard let m = ctx.mapping(top.node("record"), "record", keys: ["file", "start"]) else { return ([], nil) }
        guard let file = m.string("file", required: true), let startText = m.string("start", required: true) else { return ([], nil) }
        guard let start = Self.calendarMonth(startText) else {
            ctx.report(m.node("start"), "record.start", "'\(startText)' is not a month", allowed: "YYYY-MM, the calendar month of month 1")
            return ([], nil)
        }
        let startMonth = YearMonth(index: start)
        guard let (root, sub) = ctx.include(file, from: m.node("file"), path: "record.file") else { return ([], startMonth) }
        defer { ctx.issues += sub.issues }
        guard let r = sub.mapping(root, "", keys: ["name", "note", "facts", "checks"]) else { return ([], startMonth) }
        var out: [RecordCheck] = []
        for (node, path) in sub.sequence(r.node("checks"), "checks") ?? [] {
            guard let c = sub.mapping(node, path, keys: ["name", "name_zh", "metric", "by", "observed", "fact", "note"]) else { continue }
            let name = c.string("name", required: true) ?? ""
            let metric = c.choice("metric", RecordCheck.Metric.self)
            let by = c.string("by", required: true) ?? ""
            let observed = c.node("observed")?.scalar?.string ?? ""
            if !c.has("observed") { sub.report(node, c.keyPath("observed"), "required key is missing", allowed: "a number, \">= x\" or \"<= x\"") }
            guard let metric else {
                if !c.has("metric") { sub.report(node, c.keyPath("metric"), "required key is missing", allowed: RecordCheck.Metric.allCases.map(\.rawValue).joined(separator: ", ")) }
                continue
            }
            guard let month = Self.calendarMonth(by) else {
                sub.report(c.node("by"), c.keyPath("by"), "'\(by)' is not a month", allowed: "YYYY-MM")
                continue
            }
            let index = month - start + 1
            if index < 1 || index > horizon {
                sub.report(c.node("by"), c.keyPath("by"), "\(by) is month \(index) of a \(horizon)-month horizon starting \(startText)",
                           allowed: "a month within the horizon")
                continue
            }
            guard let (lo, hi) = RecordCheck.parseObservation(observed) else {
                if c.has("observed") { sub.report(c.node("observed"), c.keyPath("observed"), "'\(observed)' is not an observation", allowed: "a number, \">= x\" or \"<= x\"") }
                continue
            }
            var check = RecordCheck(name: name, metric: metric, month: index, lower: lo, upper: hi, observed: observed, source: c.string("fact") ?? "")
            check.nameZh = c.string("name_zh") ?? ""
            out.append(check)
        }
        return (out, startMonth)
    }

    /// "2018-10" → months since year 0.
    static func calendarMonth(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let mo = Int(parts[1]), (1900...2200).contains(y), (1...12).contains(mo) else { return nil }
        return y * 12 + mo - 1
    }
}

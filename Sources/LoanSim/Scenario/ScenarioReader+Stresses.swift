import Foundation
import RiskModel
import TextFormats
import Yams

/// Stress overlays and fixed factor paths.
extension ScenarioReader {
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
        let file = ScenarioLoader.resolve(name, in: ctx.baseDirectory)
        guard let (data, text) = try? ScenarioLoader.readFile(file) else {
            ctx.report(node, "macro.path_file", "cannot read the factor path '\(name)'", allowed: "a CSV file with columns step,z")
            return nil
        }
        ctx.sources.add(data)
        var values = [Double?](repeating: nil, count: steps)
        var ok = true
        for (i, raw) in text.fileLines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = CSVLine.fields(line).map { $0.trimmingCharacters(in: .whitespaces) }
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

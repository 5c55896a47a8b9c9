import Crypto
import Foundation
import Yams

/// What a scenario reads of `calibration.json`: the estimates and the posterior draws.
struct CalibrationFileContents: Decodable {
    struct Estimate: Decodable {
        var mle: Double?
        var posterior_mean: Double?
        var posterior_median: Double?
    }
    struct Cohort: Decodable { var pd: Estimate }
    struct Draws: Decodable {
        var rho: [Double]
        var pd: [String: [Double]]
        /// Averaged over the breaker's readings: each draw's reading (an index into `breaker_variants`).
        var breaker_variant: [Int]?
    }
    struct Variant: Decodable {
        var name: String
        var name_zh: String?
        var breaker_settings: [String: String]
    }
    struct Block: Decodable {
        var cohorts: [String: Cohort]
        var rho: Estimate
        var posterior_draws: Draws
        var breaker_variants: [Variant]?
    }
    var kind: String
    var cohorts: [String: Cohort]
    var rho: Estimate
    var posterior_draws: Draws
    var record_conditioned: Block?
}

extension ScenarioReader {
    static let calibrationKeys = ["include", "posterior", "posterior_block", "point", "parameter_uncertainty", "cohorts"]

    /// Reads `calibration:` (inline, or `{include: calibrated.yaml}` with inline keys over the file's) and
    /// applies the point estimate to the calibrated cohorts' PD and macro loading.
    /// `issue` named in the scenario `file` when its key path lies in the scenario's inline keys.
    static func attributed(_ issue: ScenarioIssue, inline: Node?, to file: String) -> ScenarioIssue {
        guard let inline, issue.keyPath.hasPrefix("calibration.") else { return issue }
        let rest = String(issue.keyPath.dropFirst("calibration.".count))
        guard (try? NodePath.get(inline, path: rest)) != nil else { return issue }
        var moved = issue
        moved.file = file
        return moved
    }

    func readCalibration(_ top: MapReader, cohorts: inout [Cohort]) -> CalibrationLink? {
        guard let node = top.node("calibration") else { return nil }
        var reader = ctx
        var section = node
        var inline: Node?
        if let map = node.mapping, let inc = map["include"] {
            guard let name = inc.scalar?.string else {
                ctx.report(inc, "calibration.include", "expected a file name", allowed: "the calibrated.yaml written by loansim calibrate")
                return nil
            }
            guard let (root, sub) = ctx.include(name, from: inc, path: "calibration.include") else { return nil }
            var own = map
            own["include"] = nil
            inline = .mapping(own)
            section = NodePath.merge(base: root, over: .mapping(own))
            reader = sub
            sub.overridden = ctx.overridden
        }
        // The merged section holds the included file's keys and the scenario's inline ones: a problem
        // with a key the scenario wrote is the scenario's, at the scenario's line.
        defer { if reader !== ctx { ctx.issues += reader.issues.map { Self.attributed($0, inline: inline, to: ctx.file) } } }
        guard let m = reader.mapping(section, "calibration", keys: Self.calibrationKeys) else { return nil }
        guard let jsonName = m.string("posterior", required: true) else { return nil }
        let point = m.choice("point", CalibrationLink.Point.self, default: .posteriorMean) ?? .posteriorMean
        let uncertainty = m.boolean("parameter_uncertainty", default: true)
        let block = m.choice("posterior_block", CalibrationLink.Block.self, default: .counts) ?? .counts
        let jsonPath = ScenarioLoader.resolve(jsonName, in: reader.baseDirectory)
        var contents: CalibrationFileContents
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: jsonPath))
            contents = try JSONDecoder().decode(CalibrationFileContents.self, from: data)
        } catch let error as DecodingError {
            reader.report(m.node("posterior"), "calibration.posterior", "\(jsonPath) is not a calibration written by loansim calibrate (\(Self.describe(error)))",
                          allowed: "the calibration.json of loansim calibrate")
            return nil
        } catch {
            reader.report(m.node("posterior"), "calibration.posterior", "cannot read \(jsonPath) (\(error.localizedDescription))",
                          allowed: "a calibration.json relative to \(reader.file)")
            return nil
        }
        ctx.sources.add(data)
        // The whole-record posterior in place of the count-only one; the count-only draws kept beside it.
        var countOnly: CalibrationFileContents.Draws?
        var variants: [CalibrationFileContents.Variant] = []
        if block == .recordConditioned {
            guard let r = contents.record_conditioned else {
                reader.report(m.node("posterior_block"), "calibration.posterior_block", "\(jsonPath) has no record_conditioned block",
                              allowed: "counts, or a calibration written with loansim calibrate --condition-on")
                return nil
            }
            countOnly = contents.posterior_draws
            (contents.cohorts, contents.rho, contents.posterior_draws) = (r.cohorts, r.rho, r.posterior_draws)
            variants = r.breaker_variants ?? []
        }
        let draws = contents.posterior_draws.rho.count
        if contents.kind != "calibration" || draws == 0 || contents.posterior_draws.pd.values.contains(where: { $0.count != draws }) {
            reader.report(m.node("posterior"), "calibration.posterior", "\(jsonPath) has no consistent posterior draws",
                          allowed: "the calibration.json of loansim calibrate")
            return nil
        }
        // Which scenario cohorts take which calibrated cohort.
        var mapped: [CalibrationLink.Mapped] = []
        if let cm = m.node("cohorts") {
            guard let entries = cm.mapping else {
                reader.report(cm, "calibration.cohorts", "expected a mapping", allowed: "SCENARIO-COHORT: {from: CALIBRATED-COHORT, pd_scale: x}")
                return nil
            }
            for (k, v) in entries {
                let name = k.scalar?.string ?? ""
                let path = "calibration.cohorts.\(name)"
                guard let index = cohorts.firstIndex(where: { $0.name == name }) else {
                    reader.report(k, path, "no cohort named '\(name)' in the scenario", allowed: cohorts.map(\.name).joined(separator: ", "))
                    continue
                }
                guard let e = reader.mapping(v, path, keys: ["from", "pd_scale"]) else { continue }
                let from = e.string("from") ?? name
                if contents.cohorts[from] == nil {
                    reader.report(e.node("from") ?? k, path + ".from", "the calibration has no cohort '\(from)'",
                                  allowed: contents.cohorts.keys.sorted().joined(separator: ", "))
                    continue
                }
                mapped.append(.init(cohort: index, from: from, pdScale: e.number("pd_scale", .leftOpen(0, 100), default: 1) ?? 1))
            }
        } else {
            for (i, c) in cohorts.enumerated() where contents.cohorts[c.name] != nil { mapped.append(.init(cohort: i, from: c.name, pdScale: 1)) }
            if mapped.isEmpty {
                reader.report(m.node, "calibration.cohorts", "no scenario cohort has the name of a calibrated cohort",
                              allowed: "map them: cohorts: {\(cohorts.first?.name ?? "NAME"): {from: \(contents.cohorts.keys.sorted().first ?? "CALIBRATED")}}")
                return nil
            }
        }
        mapped.sort { $0.cohort < $1.cohort }
        func value(_ e: CalibrationFileContents.Estimate) -> Double? {
            switch point {
            case .posteriorMean: return e.posterior_mean
            case .posteriorMedian: return e.posterior_median
            case .mle: return e.mle
            }
        }
        guard let rho = value(contents.rho), rho >= 0, rho < 1 else {
            reader.report(m.node("point") ?? m.node, "calibration.point", "the calibration gives no usable ρ as \(point.rawValue)", allowed: "posterior_mean, posterior_median, mle")
            return nil
        }
        var pointPD: [Double] = []
        for k in mapped {
            let c = cohorts[k.cohort]
            guard let pd = value(contents.cohorts[k.from]!.pd).map({ $0 * k.pdScale }), pd > 0, pd < 1 else {
                reader.report(m.node("point") ?? m.node, "calibration.point",
                              "cohort '\(c.name)': the \(point.rawValue) PD of '\(k.from)' × \(k.pdScale) is not in (0, 1)",
                              allowed: point == .mle ? "posterior_mean (an MLE of 0 cannot be simulated)" : "a pd_scale that keeps the PD below 1")
                return nil
            }
            if rho + c.sectorLoading * c.sectorLoading >= 1 {
                reader.report(m.node, "calibration", "cohort '\(c.name)': ρ \(rho) with sector loading \(c.sectorLoading) leaves no idiosyncratic risk", allowed: "ρ + b² < 1")
                return nil
            }
            cohorts[k.cohort].pd = pd
            cohorts[k.cohort].macroLoading = rho.squareRoot()
            pointPD.append(pd)
        }
        func pds(_ d: CalibrationFileContents.Draws) -> [[Double]]? {
            let columns = mapped.map { k in d.pd[k.from].map { $0.map { min($0 * k.pdScale, 0.999) } } }
            return columns.contains { $0 == nil || $0!.count != d.rho.count } ? nil : columns.map { $0! }
        }
        guard let pdDraws = pds(contents.posterior_draws) else {
            reader.report(m.node("posterior"), "calibration.posterior", "\(jsonPath) has no posterior draws for every mapped cohort",
                          allowed: "the calibration.json of loansim calibrate")
            return nil
        }
        let rhoDraws = contents.posterior_draws.rho.map { min($0, 0.999) }
        let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        var link = CalibrationLink(file: jsonPath, sha256: sha, point: point, parameterUncertainty: uncertainty, cohorts: mapped,
                                   pdDraws: pdDraws, rhoDraws: rhoDraws, pointPD: pointPD, pointRho: rho)
        link.block = block
        if let countOnly {
            guard let pd = pds(countOnly), !countOnly.rho.isEmpty else {
                reader.report(m.node("posterior"), "calibration.posterior", "\(jsonPath) has no consistent count-only draws beside the record_conditioned ones",
                              allowed: "the calibration.json of loansim calibrate")
                return nil
            }
            link.countOnly = .init(pdDraws: pd, rhoDraws: countOnly.rho.map { min($0, 0.999) })
        }
        if let drawn = contents.posterior_draws.breaker_variant {
            guard drawn.count == draws, drawn.allSatisfy({ $0 >= 0 && $0 < variants.count }) else {
                reader.report(m.node("posterior"), "calibration.posterior", "\(jsonPath): the draws' breaker readings do not match its breaker_variants",
                              allowed: "the calibration.json of loansim calibrate --average-models")
                return nil
            }
            link.variantDraws = drawn
            link.variants = variants.map { v in
                .init(name: v.name, nameZh: v.name_zh ?? v.name, settings: v.breaker_settings.sorted { $0.key < $1.key }.map { ScenarioOverride(keyPath: $0.key, value: $0.value) })
            }
        }
        return link
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let c): return "missing \((c.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not JSON" : "bad value at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "unreadable"
        }
    }
}

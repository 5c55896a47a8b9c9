import Yams

/// A calibration averaged over the breaker's readings (`calibrate --average-models`): each path draws a
/// reading with its parameters, so the scenario compiles its `breaker:` once per reading — the file's
/// keys with the reading's settings over them, read and checked as the file's own. In a list
/// (`breakers:`) the readings are of the first breaker, the programme's own (a scenario of several
/// schemes lists the calibrated programme's first); the others stay as written.
extension ScenarioReader {
    func readBreakerVariants(_ top: MapReader, link: CalibrationLink?, cohorts: [Cohort], written: [BreakerSpec]) -> [[BreakerSpec]] {
        guard let link, link.variantDraws != nil, link.parameterUncertainty else { return [] }
        // No breaker at all (a policy without one): there is no rule to read, and every path runs without.
        if !top.has("breaker") && !top.has("breakers") { return [] }
        let node: Node
        if let one = top.node("breaker") {
            node = one
        } else if let first = top.node("breakers")?.sequence?.first {
            node = first
        } else {
            return []
        }
        let others = Array(written.dropFirst())
        var out: [[BreakerSpec]] = []
        for v in link.variants {
            var tree = node
            for s in v.settings {
                do { tree = try NodePath.set(tree, path: s.keyPath, value: s.value) } catch {
                    ctx.report(top.node("calibration"), "calibration.posterior", "breaker reading '\(v.name)': cannot set \(s.keyPath)",
                               allowed: "keys of the breaker")
                    return []
                }
            }
            guard let spec = readBreaker(tree, path: "breaker (reading '\(v.name)' of the calibration)", cohorts: cohorts) else { return [] }
            out.append([spec] + others)
        }
        return out
    }
}

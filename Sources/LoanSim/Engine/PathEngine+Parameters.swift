import RiskModel

extension PathEngine {
    /// Picks this path's posterior draw (uniformly, from the `parameters` stream; by the tilt on a path
    /// drawn from the shifted law) and rebuilds the default tables of the calibrated cohorts from its PD
    /// and ρ (docs/model.md §3.9).
    mutating func drawParameters(_ link: CalibrationLink, rng: StreamRef) -> Int {
        let j: Int
        if let drawTilt = weighting.drawTilt, weighting.shiftedPath {
            j = drawTilt.index(rng.uniform())
        } else {
            j = rng.uniformInt(link.drawCount)
        }
        if let drawTilt = weighting.drawTilt { weighting.drawWeight = drawTilt.weights[j] }
        let m = model
        if let variants = link.variantDraws, !m.breakerVariants.isEmpty { breakers.select(m.breakerVariants[variants[j]]) }
        let a = link.rhoDraws[j].squareRoot()
        for (k, mapped) in link.cohorts.enumerated() {
            CompiledScenario.fillDefaultTables(cohort: mapped.cohort, cohorts: shape.cohortCount, steps: m.stepCount, stepMonths: m.stepMonths,
                                               pd: link.pdDraws[k][j], macroLoading: a, copula: m.copula,
                                               pdMultipliers: m.stepPDMultipliers, rhoMultipliers: m.stepRhoMultipliers,
                                               sectorLoadings: m.sectorLoadings,
                                               thresholds: &params.thresholds, macroLoadings: &params.macroLoadings, inverseScales: &params.inverseScales)
            params.lgdCurves[mapped.cohort] = CompiledScenario.lgdCurve(m.scenario.cohorts[mapped.cohort], pd: link.pdDraws[k][j], macroLoading: a,
                                                                        stepMonths: m.stepMonths)
        }
        return j
    }

    /// At the end of step `t`: the cumulative defaults so far, and the value of every record check
    /// observed at the end of this step's last month.
    mutating func recordCheckpoints(step t: Int, out: inout PathOutcome) {
        let m = model
        records.loansFiledSoFar += records.loansFiledByStep[t]
        let month = (t + 1) * m.stepMonths
        for (i, check) in m.scenario.record.enumerated() where check.month > month - m.stepMonths && check.month <= month {
            out.checkpoints[i] = value(of: check.metric, step: t, out: out)
        }
    }

    func value(of metric: RecordCheck.Metric, step t: Int, out: PathOutcome) -> Double {
        switch metric {
        case .compensatedLoans:
            return records.loansFiledSoFar
        case .poolPaid:
            var paid = 0.0
            for p in 0..<shape.poolCount { paid += pools[p].paid }   // in place: iterating would copy each ledger
            return paid
        case .defaults: return out.defaults
        case .grossLoss: return out.grossLoss
        case .breakerTrips: return out.breakerTrips
        case .depleted: return out.pools.contains { $0.depletionStep >= 0 } ? 1 : 0
        case .loansOriginated: return out.loansOriginated
        case .lendingVolume: return out.lendingVolume
        }
    }
}

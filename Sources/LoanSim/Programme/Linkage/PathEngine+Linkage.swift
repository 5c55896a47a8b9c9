import Foundation
import RiskModel

/// Invest-loan linkage (投贷联动) in the path loop (docs/model.md §3.7).
extension PathEngine {
    /// Step `t`'s linkage for cohort `c` after its defaults (`live` loans before them): the linked firms'
    /// exit probability given the factors, then `linkageStep`.
    mutating func linkageDefaults(cohort c: Int, step t: Int, z zEff: Double, live: Int, pDefault: Double, rng: StreamRef,
                                  out: inout PathOutcome) {
        let m = model
        let k = t * shape.cohortCount + c
        let s = m.cohorts[c].sectorIndex >= 0 ? factors.sectorZ[m.cohorts[c].sectorIndex] : 0
        let exit = Normal.cdf((params.macroLoadings[k] * zEff + m.sectorLoadings[k] * s - m.linkage!.exitThreshold * factors.mixing) * params.inverseScales[k])
        linkageStep(cohort: c, live: live, defaults: live - lending.books[c].live, pDefault: pDefault, exitProbability: exit, rng: rng, out: &out)
    }

    /// Invest-loan linkage in one step of cohort `c`: which of the `defaults` (out of `live` loans) hit
    /// linked firms (hypergeometric: defaults are a uniform subset), and which surviving linked firms
    /// exit (binomial with P(exit | no default)), each paying stake × entry value × a Pareto multiple.
    mutating func linkageStep(cohort c: Int, live: Int, defaults: Int, pDefault: Double, exitProbability: Double,
                                      rng: StreamRef, out: inout PathOutcome) {
        let l = model.linkage!
        let lost = rng.hypergeometric(good: lending.linked[c], bad: live - lending.linked[c], draws: defaults)
        lending.linked[c] -= lost
        out.linkedDefaults += Double(lost)
        let exits = rng.binomial(lending.linked[c], min(1, exitProbability / max(1e-300, 1 - pDefault)))
        lending.linked[c] -= exits
        out.exits += Double(exits)
        for _ in 0..<exits { out.linkageProceeds += exitProceeds(stake: l.stake, rng: rng) }
    }

    /// What a stake of `stake` sells for at an exit: stake × entry value × a Pareto multiple (a warrant:
    /// the gain above 1). The cohorts' and the tape's linked firms alike.
    func exitProceeds(stake: Double, rng: StreamRef) -> Double {
        let l = model.linkage!
        let value = stake * (model.linkageEntrySampler?.sample(rng) ?? l.entry.fixed)
        let multiple = l.minMultiple * pow(rng.uniformPositive(), -1 / l.alpha)
        return value * (l.warrant ? max(multiple - 1, 0) : multiple)
    }
}

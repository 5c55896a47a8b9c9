import Foundation
import RiskModel

/// Defaults, recoveries and claims: the loss phases of a step (docs/model.md §3.3–3.6).
extension PathEngine {
    /// Step `t`'s defaults: every cohort's conditional PD given the factors first (`prepareDefaultDraws`),
    /// then per cohort a binomial count (or one Bernoulli per loan under `sampling: loan`), spread over
    /// the cohort's loan groups; then the invest-loan linkage's defaults and exits.
    mutating func drawDefaults(step t: Int, z zEff: Double, rng: borrowing RandomStreamSet, out: inout PathOutcome) {
        // No `let m = model` held across the mutating calls below: the compiler would retain the
        // model, shared by every thread's engine, and its count's cache line would move between cores.
        prepareDefaultDraws(step: t, z: zEff)
        for c in 0..<shape.cohortCount where lending.books[c].live > 0 {
            let draw = work.defaultDraws[c]
            let drng = rng[layout.defaults(c)]
            let liveBefore = lending.books[c].live
            switch shape.sampling {
            case .binomial:
                let d = drng.binomial(draw)
                if d > 0 { allocateDefaults(d, cohort: c, step: t, z: zEff, rng: drng, out: &out) }
            case .loan:
                let p = draw.successProbability
                for g in lending.books[c].groupRange {
                    var d = 0
                    for _ in 0..<lending.books[c][g].count where drng.uniform() < p { d += 1 }
                    if d > 0 { applyDefaults(d, cohort: c, group: g, step: t, z: zEff, rng: drng, out: &out) }
                }
            }
            if shape.hasLinkage, lending.linked[c] > 0 {
                linkageDefaults(cohort: c, step: t, z: zEff, live: liveBefore, pDefault: draw.successProbability, rng: rng[layout.linkage(c)], out: &out)
            }
        }
        bookStepDefaults(step: t, out: &out)
    }

    /// The fast path's defaults of step `t`, summed per class of claims (`StepBookings`), booked: each
    /// class's pool claim routed to the pools (what the routing leaves unclaimed stays with the bank).
    mutating func bookStepDefaults(step t: Int, out: inout PathOutcome) {
        for (k, slot) in work.stepBookings.slots.enumerated() {
            guard let (d, booked) = work.stepBookings.take(k) else { continue }
            var shares = booked
            var routed = 0.0
            for p in 0..<shape.poolCount {
                let part = shares.poolClaim * work.hot.poolFactor[slot.route + p]
                work.groupPool[p] = part
                routed += part
            }
            if routed != shares.poolClaim {
                shares.bankRetained += shares.poolClaim - routed
                shares.poolClaim = routed
            }
            bookDefaults(d, shares, bank: slot.bank, filing: t + slot.claimLag, cohort: -1, sector: slot.sector, books: slot.books, out: &out)
        }
    }

    /// Every live cohort's conditional PD in step `t` given the factors, `Φ(x)` with
    /// `x = (threshold·s − a·z − b·z_sector)/√(1 − a² − b²)`, prepared as a binomial draw over its live
    /// loans from `log Φ(x)` and `log Φ(−x)` (`LogPhiTable`). Pure arithmetic in three passes over the
    /// cohorts — the x's, the table look-ups, the draws' exponentials — each a short loop whose
    /// iterations are independent, so the processor overlaps the cohorts instead of waiting on one
    /// cohort's chain of dependent operations.
    mutating func prepareDefaultDraws(step t: Int, z zEff: Double) {
        let m = model
        let base = t * shape.cohortCount
        let logPhi = work.logPhi, exp = work.fastExp, mixing = factors.mixing
        let x = work.pdScratch.x, logP = work.pdScratch.logP, logQ = work.pdScratch.logQ
        for c in 0..<shape.cohortCount {
            let sector = shape.cohortSectorFactor[c]
            let s = sector >= 0 ? factors.sectorZ[sector] : 0
            let k = base + c
            x[c] = (params.thresholds[k] * mixing - params.macroLoadings[k] * zEff - m.sectorLoadings[k] * s) * params.inverseScales[k]
        }
        for c in 0..<shape.cohortCount {
            logP[c] = logPhi(x[c])
            logQ[c] = logPhi(-x[c])
        }
        if shape.hasDownturnLGD { setDownturnLGD(x) }
        for c in 0..<shape.cohortCount {
            let live = lending.books[c].live
            work.defaultDraws[c] = live > 0 ? BinomialDraw(n: live, logP: logP[c], logQ: logQ[c], exp: exp) : BinomialDraw()
        }
    }

    /// Spreads `d` defaults of cohort `c` over its groups uniformly without replacement: exact, since
    /// given the factors every live loan of the cohort defaults with the same probability.
    mutating func allocateDefaults(_ d: Int, cohort c: Int, step t: Int, z: Double, rng: StreamRef, out: inout PathOutcome) {
        let range = lending.books[c].groupRange
        if range.count == 1 {
            applyDefaults(d, cohort: c, group: range.lowerBound, step: t, z: z, rng: rng, out: &out)
            return
        }
        let live = lending.books[c].live
        if d <= DefaultsWorkspace.positionLimit {
            var k = 0
            while k < d {
                let u = rng.uniformInt(live)
                var seen = false
                for j in 0..<k where work.positions[j] == u { seen = true; break }
                if seen { continue }
                var j = k
                while j > 0 && work.positions[j - 1] > u {
                    work.positions[j] = work.positions[j - 1]
                    j -= 1
                }
                work.positions[j] = u
                k += 1
            }
            var g = range.lowerBound
            var end = lending.books[c][g].count
            var i = 0
            while i < d {
                while work.positions[i] >= end {
                    g += 1
                    end += lending.books[c][g].count
                }
                var n = 0
                while i < d && work.positions[i] < end {
                    n += 1
                    i += 1
                }
                applyDefaults(n, cohort: c, group: g, step: t, z: z, rng: rng, out: &out)
            }
        } else {
            var remainingLoans = live
            var remainingDefaults = d
            for g in range where remainingDefaults > 0 {
                let n = lending.books[c][g].count
                let k = rng.hypergeometric(good: n, bad: remainingLoans - n, draws: remainingDefaults)
                remainingLoans -= n
                remainingDefaults -= k
                if k > 0 { applyDefaults(k, cohort: c, group: g, step: t, z: z, rng: rng, out: &out) }
            }
        }
    }

    /// `d` loans of group `g` default in step `t`: draw their sizes, share each loss among the parties
    /// (`LossSharing`) and route the pools' claims to the filing step `t + claim lag` (or past the horizon).
    mutating func applyDefaults(_ d: Int, cohort c: Int, group g: Int, step t: Int, z: Double, rng: StreamRef,
                                        out: inout PathOutcome) {
        let bank = lending.books[c][g].bank
        let factor = lending.books[c].outstandingFactor(group: g, at: t)
        let lossPerExposure = work.hot.lossPerExposure[t * shape.cohortCount + c] * work.lgdScale[c]
        let scheme = work.hot.singleScheme[c * shape.bankCount + bank]
        if scheme != -1 {
            // Fast path: one scheme (or none), claims linear in the capped per-loan claim; booked with
            // the step's other defaults of the same class (`bookStepDefaults`).
            let ratio = scheme >= 0 ? work.hot.schemeRatio[c * work.hot.schemeCount + scheme] : 0
            let shares = LossSharing.shares(fixedSize: work.hot.fixedSize[c], sampler: work.sizeViews[c], count: d, factor: factor,
                                            lossPerExposure: lossPerExposure, ratio: ratio, claimCap: work.hot.claimCap, rng: rng)
            lending.books[c].removeDefaults(d, group: g)
            work.stepBookings.add(d, shares, cohort: c, bank: bank, banks: shape.bankCount)
            if shape.cohortParts > 0 { attributeFastDefaults(shares, cohort: c, bank: bank, step: t) }
            return
        }
        var shares = LossShares()
        for p in 0..<shape.poolCount { work.groupPool[p] = 0 }
        for _ in 0..<d { defaultOneLoan(cohort: c, bank: bank, factor: factor, lossPerExposure: lossPerExposure, step: t, z: z,
                                        rng: rng, shares: &shares, out: &out) }
        lending.books[c].removeDefaults(d, group: g)
        bookDefaults(d, shares, bank: bank, filing: t + work.hot.claimLag[c], cohort: c, sector: shape.cohortSector[c],
                     books: shape.breakerMask[c], out: &out)
    }

    /// Books `d` defaults at `bank` with their `shares` (the pools' parts of the claims in `groupPool`):
    /// the path's totals and by-sector figures, the bank's ledger, and the claims to file in step
    /// `filing` (or past the horizon). `books`: the breaker books the loans are in (`BreakerBooks` mask).
    mutating func bookDefaults(_ d: Int, _ shares: LossShares, bank: Int, filing: Int, cohort: Int, sector: Int, books: UInt32,
                               out: inout PathOutcome) {
        out.defaults += Double(d)
        out.exposureAtDefault += shares.exposure
        out.recoveries += shares.recovery
        out.grossLoss += shares.loss
        out.bankRetained += shares.bankRetained
        out.guarantorLoss += shares.guarantor
        out.insurerLoss += shares.insurer
        out.appraiserLoss += shares.appraiser
        if sector >= 0 { out.recordSector(sector, defaults: d, shares) }
        if shape.sectorParts > 0 || (cohort >= 0 && shape.cohortParts > 0) {
            attributeDefaults(shares, bank: bank, filing: filing, cohort: cohort, sector: sector)
        }
        ledgers.recordDefaults(bank: bank, shares, inBooks: books)
        if filing < work.hot.stepCount { records.loansFiledByStep[filing] += Double(d) }
        for p in 0..<shape.poolCount where work.groupPool[p] > 0 {
            if filing < work.hot.stepCount {
                claims.add(work.groupPool[p], filing: filing, pool: p, bank: bank)
            } else {
                out.claimsAfterHorizon += work.groupPool[p]
            }
        }
    }

    /// One defaulted loan on the general path (IP pledge, loss splits, full compensation, several
    /// schemes, public cap): its size, its shares by the rules (`LossSharing.oneLoan`), and its IP
    /// recovery scheduled for return.
    mutating func defaultOneLoan(cohort c: Int, bank: Int, factor: Double, lossPerExposure: Double, step t: Int, z: Double,
                                         rng: StreamRef, shares: inout LossShares, out: inout PathOutcome) {
        let m = model
        let cohort = m.cohorts[c]
        let size = work.sizeViews[c]?.sample(rng) ?? cohort.size.fixed
        let one = LossSharing.oneLoan(exposure: size * factor, lossPerExposure: lossPerExposure, cohort: c, bank: bank, model: m,
                                      guarantorAllowance: &guarantors.left[c], schemeClaim: &work.schemeClaim, poolPart: &work.poolPart)
        for p in 0..<shape.poolCount { work.groupPool[p] += work.poolPart[p] }
        shares.add(one)

        guard let ip = cohort.ip else { return }
        disposeIP(ip, appraised: size / ip.pledgeRate, loss: one, cohort: c, sector: shape.cohortSector[c], bank: bank, step: t, z: z,
                  rng: rng, out: &out)
    }

    /// Each downturn-LGD cohort's LGD this step, relative to its mean, at its conditional default rate
    /// `Φ(x)` (Frye–Jacobs: `Φ(x − k)/Φ(x)`); the loss phase scales the cohort's loss per exposure by it.
    func setDownturnLGD(_ x: UnsafeMutableBufferPointer<Double>) {
        for c in 0..<shape.cohortCount {
            if let curve = params.lgdCurves[c] { work.lgdScale[c] = curve.scale(threshold: x[c]) }
        }
    }
}

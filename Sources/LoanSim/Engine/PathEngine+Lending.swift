import RiskModel

extension PathEngine {
    /// End of step `t`: each bank's overdue rate over the trailing window against its threshold.
    /// A bank above it is suspended from new lending; it is reinstated once at or below it and the
    /// minimum suspension has passed.
    mutating func evaluateBreakers(_ breaker: CompiledBreaker, step t: Int, out: inout PathOutcome) {
        let w = t % breaker.windowSteps
        for b in 0..<bankCount {
            overdueRing[w * bankCount + b] = defaultExposureStep[b]
            outstandingByBank[b] = 0
        }
        for c in 0..<cohortCount {
            let cohort = model.cohorts[c]
            for g in books[c].groupRange {
                outstandingByBank[books[c].bank[g]] += Double(books[c].count[g]) * cohort.meanSize
                    * cohort.outstandingFactor(age: t - books[c].start[g] + 1)
            }
        }
        for b in 0..<bankCount {
            var overdue = 0.0
            for k in 0..<breaker.windowSteps { overdue += overdueRing[k * bankCount + b] }
            let base = outstandingByBank[b] + overdue
            let rate = base > 0 ? overdue / base : 0
            if !suspended[b] {
                if rate > breaker.threshold {
                    suspended[b] = true
                    suspendedSince[b] = t
                    out.breakerTrips += 1
                }
            } else if rate <= breaker.threshold && t - suspendedSince[b] >= breaker.minSuspensionSteps {
                suspended[b] = false
            }
        }
    }

    /// End of step `t`: new firms arrive, loans due mature (survivors may renew), firms without a loan
    /// apply, and loans are granted unless the bank is suspended or the pool's leverage limit binds.
    /// Returns the outstanding principal after it all, 万元 (groups at the cohort's mean loan size).
    mutating func matureAndOriginate(step t: Int, rng: borrowing RandomStreamSet, out: inout PathOutcome) -> Double {
        let m = model
        let next = t + 1
        let lend = next < m.stepCount
        for i in allot.indices { allot[i] = 0 }
        var outstanding = 0.0
        for c in 0..<cohortCount where m.cohorts[c].eligible {
            let cohort = m.cohorts[c]
            let lrng = rng[layout.lending(c)]
            if lend && cohort.demandPerStep > 0 && idle[c] > 0 {
                let fresh = lrng.binomial(idle[c], cohort.demandPerStep)
                for b in 0..<bankCount {
                    bankCarry[c * bankCount + b] += Double(fresh) * m.bankShares[b]
                    let n = Int(bankCarry[c * bankCount + b].rounded(.down))
                    bankCarry[c * bankCount + b] -= Double(n)
                    allot[c * bankCount + b] += n
                }
            }
            while let g = books[c].groupRange.first, books[c].start[g] + cohort.termSteps <= next {
                let (bank, n) = books[c].popFront()
                idle[c] += n
                if lend && cohort.renewalProbability > 0 {
                    allot[c * bankCount + bank] += lrng.binomial(n, cohort.renewalProbability)
                }
            }
            if lend && cohort.entrantsPerStep > 0 {
                entrantCarry[c] += cohort.entrantsPerStep
                let k = Int(entrantCarry[c].rounded(.down))
                entrantCarry[c] -= Double(k)
                idle[c] += k
            }
            for g in books[c].groupRange {
                outstanding += Double(books[c].count[g]) * cohort.meanSize * cohort.outstandingFactor(age: next - books[c].start[g])
            }
        }
        guard lend else { return outstanding }

        var requested = 0.0
        for c in 0..<cohortCount {
            for b in 0..<bankCount {
                if suspended[b] { allot[c * bankCount + b] = 0 }
                requested += Double(allot[c * bankCount + b]) * m.cohorts[c].meanSize
            }
        }
        if let k = m.leverageLimit, requested > 0 {
            let capacity = max(0, k * pool.balance - outstanding)
            if requested > capacity {
                let f = capacity / requested
                for i in allot.indices { allot[i] = Int((Double(allot[i]) * f).rounded(.down)) }
            }
        }
        for c in 0..<cohortCount {
            for b in 0..<bankCount {
                let n = min(allot[c * bankCount + b], idle[c])
                guard n > 0 else { continue }
                books[c].append(bank: b, start: next, count: n)
                idle[c] -= n
                let volume = Double(n) * m.cohorts[c].meanSize
                out.loansOriginated += Double(n)
                out.lendingVolume += volume
                outstanding += volume
            }
        }
        return outstanding
    }
}

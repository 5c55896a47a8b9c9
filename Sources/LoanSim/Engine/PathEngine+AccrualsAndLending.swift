import RiskModel

extension PathEngine {
    /// Step `t`'s accruals on the principal outstanding during it (the live loans after this step's
    /// defaults, at their balance in the step): interest at the programme rate, funding and operating
    /// costs, capital held (with and without compensation relief), guarantee fees, premiums and the
    /// interest subsidy.
    mutating func accrue(step t: Int, out: inout PathOutcome) {
        let m = model
        let capitalPerStep = m.capitalRatio * Double(m.stepMonths) / 12
        var totals = AccrualTotals(out)
        for c in 0..<shape.cohortCount where lending.books[c].live > 0 {
            for b in 0..<shape.bankCount {
                accrue(balance: lending.books[c].balance(bank: b, at: t), cohort: m.cohorts[c], bank: b, capitalPerStep: capitalPerStep, into: &totals)
            }
        }
        totals.store(into: &out)
        if tapeLedger != nil { accrueTape(out: &out) }
        if !funds.isEmpty { accrueFundLoans(step: t, capitalPerStep: capitalPerStep, out: &out) }
    }

    /// One step's accruals on `balance` of `cohort`'s loans at bank `b`.
    @inline(__always) mutating func accrue(balance: Double, cohort: CompiledCohort, bank b: Int, capitalPerStep: Double,
                                           into totals: inout AccrualTotals) {
        let m = model
        let interest = balance * cohort.lendingRatePerStep
        let costs = balance * (m.fundingPerStep + m.operatingPerStep)
        totals.interestIncome += interest
        totals.fundingCost += balance * m.fundingPerStep
        totals.operatingCost += balance * m.operatingPerStep
        totals.capitalYears += balance * cohort.riskWeight * capitalPerStep
        totals.capitalYearsWithout += balance * cohort.riskWeightUncompensated * capitalPerStep
        totals.interestSubsidies += balance * m.interestSubsidyPerStep
        let fees = balance * cohort.parties.guaranteeFeePerStep, premiums = balance * cohort.parties.insurancePremiumPerStep
        totals.guaranteeFees += fees
        totals.insurancePremiums += premiums
        ledgers.income[b] += interest - costs - (m.bankPaysGuaranteeFees ? fees + premiums : 0)
    }

    /// a / b, with 0/0 = 0 and a/0 = ∞ for a > 0.
    private func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : (a > 0 ? .infinity : 0) }

    /// End of step `t`: new firms arrive, loans due mature (survivors may renew), firms without a loan
    /// apply, and loans are granted unless the bank is suspended or the pools' leverage limit binds.
    /// Guarantee fees and insurance premiums accrue on what is outstanding; appraisal fees on new IP
    /// loans. Returns the outstanding principal after it all, 万元 (groups at the cohort's mean loan size).
    mutating func matureAndOriginate(step t: Int, rng: borrowing RandomStreamSet, out: inout PathOutcome) -> Double {
        let next = t + 1
        let lend = next < model.stepCount
        var outstanding = matureAndStartTape(step: t, out: &out)
        if !funds.isEmpty { for b in 0..<shape.bankCount { outstanding += fundLoanBalance(bank: b, at: next) } }
        // A static book (nothing originates, renews or matures within the horizon): only the balance.
        if shape.staticBook {
            for c in 0..<shape.cohortCount where lending.books[c].live > 0 { outstanding += lending.books[c].balance(at: next) }
            return outstanding
        }
        for i in lending.allot.indices { lending.allot[i] = 0 }
        reach.clearStep()
        for c in 0..<shape.cohortCount where model.cohorts[c].eligible {
            let cohort = model.cohorts[c]
            let lrng = rng[layout.lending(c)]
            let liveBefore = lending.books[c].live
            var matured = 0
            if lend && cohort.demandPerStep > 0 && lending.idle[c] > 0 {
                let fresh = lrng.binomial(lending.idle[c], lending.demandLaw[c])
                reach.drawApplicants(fresh, cohort: c, idle: lending.idle[c], rng: rng[layout.reach(c)])
                for b in 0..<shape.bankCount {
                    lending.bankCarry[c * shape.bankCount + b] += Double(fresh) * model.bankShares[b]
                    let n = Int(lending.bankCarry[c * shape.bankCount + b])   // ≥ 0: truncation is the floor, with no libm call
                    lending.bankCarry[c * shape.bankCount + b] -= Double(n)
                    lending.allot[c * shape.bankCount + b] += n
                }
            }
            while let g = lending.books[c].groupRange.first, lending.books[c][g].start + cohort.termSteps <= next {
                let (bank, n) = lending.books[c].popFront()
                lending.idle[c] += n
                matured += n
                if lend && cohort.renewalProbability > 0 {
                    let renewing = lrng.binomial(n, lending.renewalLaw[c], rows: lending.renewalRows[c])
                    lending.allot[c * shape.bankCount + bank] += renewing
                    reach.renewals[c * shape.bankCount + bank] += renewing
                }
            }
            if lend && cohort.entrantsPerStep > 0 {
                lending.entrantCarry[c] += cohort.entrantsPerStep
                let k = Int(lending.entrantCarry[c])   // ≥ 0
                lending.entrantCarry[c] -= Double(k)
                lending.idle[c] += k
                reach.untouched[c] += k
                out.firmPopulation[cohort.firmType] += Double(k)
            }
            if let l = model.linkage, matured > 0, lending.linked[c] > 0 {
                // Linked firms whose loans end leave the linkage; their stakes are returned at cost.
                let leaving = rng[layout.linkage(c)].hypergeometric(good: lending.linked[c], bad: liveBefore - lending.linked[c], draws: matured)
                lending.linked[c] -= leaving
                out.linkageProceeds += Double(leaving) * l.cost
            }
            outstanding += lending.books[c].balance(at: next)
        }
        guard lend else { return outstanding }

        limitAllotments(outstanding: outstanding)
        for c in 0..<shape.cohortCount {
            let cohort = model.cohorts[c]
            var fresh = 0, renewed = 0
            for b in 0..<shape.bankCount {
                let n = min(lending.allot[c * shape.bankCount + b], lending.idle[c])
                guard n > 0 else { continue }
                let r = reach.takeRenewals(n, slot: c * shape.bankCount + b)
                renewed += r
                fresh += n - r
                lending.books[c].append(bank: b, start: next, count: n)
                lending.idle[c] -= n
                let volume = Double(n) * cohort.meanSize
                out.loansOriginated += Double(n)
                out.lendingVolume += volume
                outstanding += volume
                out.feeIncome += volume * model.upfrontFee
                ledgers.income[b] += volume * model.upfrontFee
                if let l = model.linkage, cohort.linkageShare > 0 {
                    let k = rng[layout.linkage(c)].binomial(n, cohort.linkageShare)
                    lending.linked[c] += k
                    out.linkedFirms += Double(k)
                    out.linkageInvested += Double(k) * l.cost
                }
                if let ip = cohort.ip { chargeAppraisal(ip, lent: volume, out: &out) }
            }
            recordReach(cohort: c, fresh: fresh, renewed: renewed, rng: rng, out: &out)
        }
        return outstanding
    }

    /// The step's allotments as the rules allow them: none in a book at a bank a breaker suspended it in, and all cut
    /// alike where the new loans would take the outstanding balance past the pools' leverage limit
    /// (`k ×` their balance). Skipped where no bank is suspended and there is no limit.
    mutating func limitAllotments(outstanding: Double) {
        let m = model
        let banks = shape.bankCount
        for k in 0..<ledgers.books {
            for b in 0..<banks where ledgers.lendingSuspended[k * banks + b] {
                for c in 0..<shape.cohortCount where shape.breakerMask[c] & (1 << UInt32(k)) != 0 { lending.allot[c * banks + b] = 0 }
            }
        }
        guard let k = m.leverageLimit else { return }
        var requested = 0.0
        for c in 0..<shape.cohortCount {
            let size = m.cohorts[c].meanSize
            for b in 0..<shape.bankCount { requested += Double(lending.allot[c * shape.bankCount + b]) * size }
        }
        guard requested > 0 else { return }
        var balance = 0.0
        for p in 0..<shape.poolCount { balance += pools[p].balance }
        let capacity = max(0, k * balance - outstanding)
        if requested > capacity {
            let f = capacity / requested
            for i in lending.allot.indices { lending.allot[i] = Int(Double(lending.allot[i]) * f) }   // ≥ 0
        }
    }

    /// Step's grants to cohort `c` by kind: renewals, fresh loans to first-time and to returning borrowers.
    mutating func recordReach(cohort c: Int, fresh: Int, renewed: Int, rng: borrowing RandomStreamSet, out: inout PathOutcome) {
        guard fresh + renewed > 0 else { return }
        let first = reach.firstTime(fresh, cohort: c, idleAfter: lending.idle[c], rng: rng[layout.reach(c)])
        out.renewals += Double(renewed)
        out.newFirmsFinanced += Double(first)
        out.returningBorrowers += Double(fresh - first)
        out.distinctFirms[model.cohorts[c].firmType] += Double(first)
    }
}

/// The path's accrual totals, taken out of the outcome for a step's accruals and put back after: the
/// same additions in the same order as adding to the outcome directly, but held in registers (the
/// outcome's fields would be read and written back around every bank ledger's write, which may alias).
struct AccrualTotals {
    var interestIncome, fundingCost, operatingCost, capitalYears, capitalYearsWithout: Double
    var interestSubsidies, guaranteeFees, insurancePremiums: Double

    init(_ out: PathOutcome) {
        (interestIncome, fundingCost, operatingCost) = (out.interestIncome, out.fundingCost, out.operatingCost)
        (capitalYears, capitalYearsWithout) = (out.capitalYears, out.capitalYearsWithout)
        (interestSubsidies, guaranteeFees, insurancePremiums) = (out.interestSubsidies, out.guaranteeFees, out.insurancePremiums)
    }

    func store(into out: inout PathOutcome) {
        (out.interestIncome, out.fundingCost, out.operatingCost) = (interestIncome, fundingCost, operatingCost)
        (out.capitalYears, out.capitalYearsWithout) = (capitalYears, capitalYearsWithout)
        (out.interestSubsidies, out.guaranteeFees, out.insurancePremiums) = (interestSubsidies, guaranteeFees, insurancePremiums)
    }
}

import RiskModel

/// The end of a path: the pools' and the bank's totals, the economics and the fiscal cost.
extension PathEngine {
    mutating func finish(_ out: inout PathOutcome) {
        out.depletionStep = -1
        for p in 0..<shape.poolCount {
            var o = out.pools[p]
            o.initial = pools[p].initial
            o.paid = pools[p].paid
            o.unpaid = pools[p].queue.remaining
            o.balanceEnd = pools[p].balance
            o.topUps = pools[p].topUps
            o.interest = pools[p].interest
            o.fees = pools[p].fees
            o.clawback = pools[p].clawback
            out.pools[p] = o
            out.poolPaid += o.paid
            out.unpaidClaims += o.unpaid
            out.poolBalanceEnd += o.balanceEnd
            out.topUps += o.topUps
            out.interest += o.interest
            out.adminFees += o.fees
            if o.depletionStep >= 0 && (out.depletionStep < 0 || o.depletionStep < out.depletionStep) { out.depletionStep = o.depletionStep }
        }
        out.bankNetLoss = out.grossLoss - out.poolPaid - out.guarantorLoss - out.insurerLoss - out.appraiserLoss - out.ipRecoveryBank
        finishEconomics(&out)
        out.banksSuspendedEnd = Double(ledgers.suspendedCount)
    }

    /// Horizon: remaining stakes marked at cost; bank P&L, RAROC and the fiscal cost from the flows.
    mutating func finishEconomics(_ out: inout PathOutcome) {
        let m = model
        if let l = m.linkage {
            for c in 0..<shape.cohortCount { out.linkageProceeds += Double(lending.linked[c]) * l.cost }
            finishTapeLinkage(&out)
            out.linkageNet = out.linkageProceeds - out.linkageInvested
        }
        out.bankGuaranteeFees = m.bankPaysGuaranteeFees ? out.guaranteeFees + out.insurancePremiums : 0
        out.bankNetIncome = out.interestIncome - out.fundingCost - out.operatingCost + out.feeIncome - out.bankNetLoss - out.bankGuaranteeFees
        out.bankNetIncomeWithout = out.bankNetIncome - (out.poolPaid - out.clawbackPools)
        out.raroc = out.capitalYears > 0 ? out.bankNetIncome / out.capitalYears : 0
        out.rarocWithout = out.capitalYearsWithout > 0 ? out.bankNetIncomeWithout / out.capitalYearsWithout : 0
        out.guaranteeFeeSubsidies = m.guaranteeFeeSubsidy * out.guaranteeFees
        out.insuranceSubsidies = m.insuranceSubsidy * out.insurancePremiums
        out.fiscalCost = fiscalCostSoFar(out)
        out.firmsFinanced = out.initialLoans + out.loansOriginated
        out.bankNetIncomeByBank = (0..<shape.bankCount).map { ledgers.netIncome(bank: $0) }
        out.lossAndCompensationByBank = (0..<2 * shape.bankCount).map { $0 % 2 == 0 ? ledgers.netLoss(bank: $0 / 2) : ledgers.compensationPaid[$0 / 2] }
        closeAttribution(&out)
    }

    /// Fiscal cost accrued so far: pool payouts + interest, guarantee-fee, insurance and appraisal
    /// subsidies + admin fees − recoveries returned to the pools.
    func fiscalCostSoFar(_ out: PathOutcome) -> Double {
        var paid = 0.0, fees = 0.0, claw = 0.0
        for p in 0..<shape.poolCount {
            paid += pools[p].paid
            fees += pools[p].fees
            claw += pools[p].clawback
        }
        return paid + fees - claw + out.interestSubsidies + model.guaranteeFeeSubsidy * out.guaranteeFees
            + model.insuranceSubsidy * out.insurancePremiums + out.appraisalSubsidies
    }
}

import Foundation
import RiskModel
import LoanSimFiles

/// The IP pledge's engine work: in the `lending` phase the appraisal fee of new loans and its subsidy;
/// in the `defaults` phase the pledged IP of each defaulted loan is valued and its sale scheduled; in
/// the `recoveries` phase what arrives is returned to the parties.
extension PathEngine {
    /// The appraisal of `volume` 万元 of new IP-pledge loans: the fee on the appraised value (the loans
    /// over the pledge rate) and the government's subsidised share of it.
    @inline(__always) func chargeAppraisal(_ ip: CompiledIP, lent volume: Double, out: inout PathOutcome) {
        let fee = volume / ip.pledgeRate * ip.appraisalFee
        out.appraisalFees += fee
        out.appraisalSubsidies += fee * ip.appraisalSubsidy
    }

    /// The pledged IP of a loan defaulting in step `t` with shares `one`: its value at default (the
    /// appraised value × an idiosyncratic lognormal × the factor's effect × the stresses' haircuts),
    /// whether and when it is sold (always drawn, so streams stay aligned), and the recovery scheduled
    /// for return: to every party pro rata under clawback, else to the bank.
    mutating func disposeIP(_ ip: CompiledIP, appraised: Double, loss one: LossShares, cohort c: Int, sector: Int, bank: Int, step t: Int, z: Double,
                            rng: StreamRef, out: inout PathOutcome) {
        let m = model
        let idiosyncratic = m.ipValueSamplers[c]?.sample(rng) ?? 1
        let value = appraised * idiosyncratic * exp(ip.beta * z - ip.beta * ip.beta / 2) * m.ipValueFactor[t * shape.cohortCount + c]
        let sold = rng.uniform() < ip.success
        let lag = ip.lagMinSteps + rng.uniformInt(ip.lagMaxSteps - ip.lagMinSteps + 1)
        guard sold, one.loss > 0 else { return }
        let recovered = min(one.loss, value * (1 - ip.discount))
        let arrival = t + lag
        guard arrival < m.stepCount else {
            out.ipRecoveriesAfterHorizon += recovered
            return
        }
        if m.clawback {
            let f = recovered / one.loss
            for p in 0..<shape.poolCount { recoveries.add(f * work.poolPart[p], arrival: arrival, bank: bank, pool: p) }
            recoveries.add(f * one.guarantor, arrival: arrival, bank: bank, party: .guarantor)
            recoveries.add(f * one.insurer, arrival: arrival, bank: bank, party: .insurer)
            recoveries.add(f * one.appraiser, arrival: arrival, bank: bank, party: .appraiser)
            recoveries.add(f * one.bankRetained, arrival: arrival, bank: bank, party: .bank)
            attributeIPRecovery(f * one.bankRetained, cohort: c, sector: sector)
        } else {
            recoveries.add(recovered, arrival: arrival, bank: bank, party: .bank)
            attributeIPRecovery(recovered, cohort: c, sector: sector)
        }
    }

    /// IP recoveries arriving in step `t`: the bank collects them and returns each party's share (the
    /// pools' as cash into their balance).
    mutating func receiveRecoveries(step t: Int, out: inout PathOutcome) {
        guard shape.hasIP else { return }
        for b in 0..<shape.bankCount {
            for p in 0..<shape.poolCount {
                let v = recoveries.take(step: t, bank: b, pool: p)
                guard v > 0 else { continue }
                pools[p].receive(clawback: v)
                out.clawbackPools += v
                out.ipRecoveries += v
            }
            let guarantor = recoveries.take(step: t, bank: b, party: .guarantor)
            let insurer = recoveries.take(step: t, bank: b, party: .insurer)
            let appraiser = recoveries.take(step: t, bank: b, party: .appraiser)
            let bank = recoveries.take(step: t, bank: b, party: .bank)
            out.clawbackGuarantor += guarantor
            out.clawbackInsurer += insurer
            out.clawbackAppraiser += appraiser
            out.ipRecoveryBank += bank
            out.ipRecoveries += guarantor + insurer + appraiser + bank
            ledgers.loss[b] -= bank
        }
    }
}

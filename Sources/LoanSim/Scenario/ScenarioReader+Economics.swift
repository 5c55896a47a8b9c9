import Foundation
import RiskModel
import Yams

/// Innovation points, the bank's economics, the budget and invest-loan linkage.
extension ScenarioReader {
    func readInnovationBands(_ top: MapReader) -> (bands: [InnovationBand], interpolate: Bool) {
        guard let ip = ctx.mapping(top.node("innovation_points"), "innovation_points", keys: ["bands", "interpolate"]) else { return ([], false) }
        let interpolate = ip.boolean("interpolate", default: false)
        guard let items = ctx.sequence(ip.node("bands"), "innovation_points.bands") else { return ([], interpolate) }
        var bands: [InnovationBand] = []
        for (n, p) in items {
            guard let b = ctx.mapping(n, p, keys: ["name", "min_score", "eligible", "line_uplift", "rate_discount", "pd_multiplier"]) else { continue }
            bands.append(InnovationBand(name: b.string("name", required: true) ?? "", minScore: b.number("min_score", required: true, .closed(0, 1000)) ?? 0,
                                        eligible: b.boolean("eligible", default: true), lineUplift: b.ratio("line_uplift", .closed(0, 2), default: 0) ?? 0,
                                        rateDiscount: b.ratio("rate_discount", .closed(0, 0.1), default: 0) ?? 0,
                                        pdMultiplier: b.number("pd_multiplier", .closed(0.05, 20), default: 1) ?? 1))
        }
        let sorted = bands.sorted { $0.minScore > $1.minScore }
        for k in sorted.indices.dropFirst() where sorted[k].minScore == sorted[k - 1].minScore {
            ctx.report(ip.node("bands"), "innovation_points.bands", "two bands start at score \(Allowed.fmt(sorted[k].minScore))",
                       allowed: "a different min_score for each band")
        }
        return (sorted, interpolate)
    }

    /// Each scored cohort takes its terms (`InnovationTerms`): the line uplift scales its loan sizes, the
    /// PD multiplier its PD; eligibility and the rate discount are applied where they matter.
    func applyInnovationBands(_ bands: [InnovationBand], interpolate: Bool, to cohorts: inout [Cohort], top: MapReader) {
        for i in cohorts.indices {
            guard let score = cohorts[i].innovationScore else { continue }
            guard let terms = InnovationTerms.of(score: score, bands: bands, interpolate: interpolate) else {
                ctx.report(top.node("cohorts"), "cohorts[\(i)].innovation_score",
                           bands.isEmpty ? "a score needs innovation_points.bands" : "score \(Allowed.fmt(score)) is below every band",
                           allowed: bands.isEmpty ? "innovation_points: {bands: [...]}" : "a band with min_score ≤ \(Allowed.fmt(score))")
                continue
            }
            var band = terms.band
            band.lineUplift = terms.lineUplift
            band.rateDiscount = terms.rateDiscount
            band.pdMultiplier = terms.pdMultiplier
            cohorts[i].innovationBand = band
            cohorts[i].loanSize.median *= 1 + terms.lineUplift
            cohorts[i].pd = min(0.999, cohorts[i].pd * terms.pdMultiplier)
        }
    }

    func readBankEconomics(_ top: MapReader) -> BankEconomics? {
        guard let m = ctx.mapping(top.node("bank_economics"), "bank_economics",
                                  keys: ["benchmark_rate", "rate_multiple", "funding_cost", "operating_cost", "upfront_fee",
                                         "guarantee_fees_paid_by", "capital"]) else { return nil }
        var e = BankEconomics()
        e.benchmarkRate = m.ratio("benchmark_rate", .closed(0, 0.3), default: e.benchmarkRate) ?? e.benchmarkRate
        e.rateMultiple = m.number("rate_multiple", .leftOpen(0, 5), default: e.rateMultiple) ?? e.rateMultiple
        e.fundingCost = m.ratio("funding_cost", .closed(0, 0.3), default: e.fundingCost) ?? e.fundingCost
        e.operatingCost = m.ratio("operating_cost", .closed(0, 0.2), default: e.operatingCost) ?? e.operatingCost
        e.upfrontFee = m.ratio("upfront_fee", .closed(0, 0.2), default: 0) ?? 0
        if let payer = m.string("guarantee_fees_paid_by") {
            if !["borrower", "bank"].contains(payer) {
                ctx.report(m.node("guarantee_fees_paid_by"), "bank_economics.guarantee_fees_paid_by", "unknown payer '\(payer)'", allowed: "borrower, bank")
            }
            e.bankPaysGuaranteeFees = payer == "bank"
        }
        if let c = ctx.mapping(m.node("capital"), "bank_economics.capital",
                               keys: ["method", "capital_ratio", "standardised_risk_weight", "sme_adjustment", "compensation_relief"]) {
            e.capital = CapitalRule(method: c.choice("method", CapitalRule.Method.self, default: .irb) ?? .irb,
                                    capitalRatio: c.ratio("capital_ratio", .leftOpen(0, 1), default: 0.105) ?? 0.105,
                                    standardisedRiskWeight: c.ratio("standardised_risk_weight", .closed(0, 3), default: 0.75) ?? 0.75,
                                    smeAdjustment: c.boolean("sme_adjustment", default: false),
                                    compensationRelief: c.boolean("compensation_relief", default: true))
        }
        return e
    }

    func readFiscal(_ top: MapReader) -> Fiscal? {
        guard let m = ctx.mapping(top.node("fiscal"), "fiscal",
                                  keys: ["interest_subsidy", "guarantee_fee_subsidy", "insurance_subsidy", "discount_rate"]) else { return nil }
        return Fiscal(interestSubsidy: m.ratio("interest_subsidy", .closed(0, 0.2), default: 0) ?? 0,
                      guaranteeFeeSubsidy: m.ratio("guarantee_fee_subsidy", default: 0) ?? 0,
                      insuranceSubsidy: m.ratio("insurance_subsidy", default: 0) ?? 0,
                      discountRate: m.ratio("discount_rate", .closed(-0.05, 0.3), default: 0.025) ?? 0.025)
    }

}

import RiskModel

/// Programme reach across paths (docs/model.md §3.4): distinct firms with a programme loan in the
/// horizon, first-time borrowers against renewals and returning borrowers, the share of each firm
/// type's firms reached beside the city's access target, and the fiscal cost per first-time borrower.
public struct ReachSummary: Sendable {
    public struct ByType: Sendable {
        public let type: FirmType
        /// All firms of the type (the cohorts' firms and the new firms that arrived), mean across paths.
        public let firms: Double
        public let distinct: SampleSummary
        /// Distinct firms reached ÷ firms, path by path.
        public let share: SampleSummary
        /// The city's access target for the type, and P(share ≥ target).
        public let target: Double?
        public let meetsTarget: Proportion?
    }

    public let byType: [ByType]
    public let newFirms: SampleSummary
    public let renewals: SampleSummary
    public let returning: SampleSummary
    public let distinct: SampleSummary
    /// Mean fiscal cost ÷ mean first-time borrowers (ratio of means), 万元 per firm; nil without any.
    public let fiscalCostPerNewFirm: Double?

    init(outcomes: [PathOutcome], scenario: Scenario) {
        let n = outcomes.count
        let types = FirmType.allCases.filter { t in scenario.cohorts.contains { $0.type == t } }
        byType = types.map { t in
            let target = scenario.programme.accessTargets[t]
            let shares = outcomes.map { $0.firmPopulation[t] > 0 ? $0.distinctFirms[t] / $0.firmPopulation[t] : 0 }
            return ByType(type: t, firms: outcomes.reduce(0) { $0 + $1.firmPopulation[t] } / Double(max(n, 1)),
                          distinct: SampleSummary(outcomes.map { $0.distinctFirms[t] }), share: SampleSummary(shares), target: target,
                          meetsTarget: target.map { x in Proportion(hits: shares.filter { $0 >= x }.count, of: n) })
        }
        newFirms = SampleSummary(outcomes.map(\.newFirmsFinanced))
        renewals = SampleSummary(outcomes.map(\.renewals))
        returning = SampleSummary(outcomes.map(\.returningBorrowers))
        distinct = SampleSummary(outcomes.map { o in FirmType.allCases.reduce(0) { $0 + o.distinctFirms[$1] } })
        let fiscal = outcomes.reduce(0) { $0 + $1.fiscalCost } / Double(max(n, 1))
        fiscalCostPerNewFirm = newFirms.mean > 0 ? fiscal / newFirms.mean : nil
    }
}

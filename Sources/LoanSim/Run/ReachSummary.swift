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
    /// Mean fiscal cost ÷ mean first-time borrowers (ratio of means, with its delta-method se), 万元 per
    /// firm; nil without any.
    public let fiscalCostPerNewFirm: RatioOfMeans?

    init(table: OutcomeTable, weights w: PathWeights, scenario: Scenario) {
        let types = FirmType.allCases.filter { t in scenario.cohorts.contains { $0.type == t } }
        byType = types.map { t in
            let target = scenario.programme.accessTargets[t]
            let distinct = table.column(.firms(t, .distinct)), population = table.column(.firms(t, .population))
            let shares = population.indices.map { population[$0] > 0 ? distinct[$0] / population[$0] : 0 }
            return ByType(type: t, firms: w.mean(population), distinct: w.summary(distinct), share: w.summary(shares), target: target,
                          meetsTarget: target.map { x in w.proportion { shares[$0] >= x } })
        }
        newFirms = w.summary(table.metric(.newFirmsFinanced))
        renewals = w.summary(table.metric(.renewals))
        returning = w.summary(table.metric(.returningBorrowers))
        distinct = w.summary(table.metric(.distinctFirmsFinanced))
        fiscalCostPerNewFirm = RatioOfMeans(numerator: table.metric(.fiscalCost), denominator: table.metric(.newFirmsFinanced), weights: w.weights)
    }
}

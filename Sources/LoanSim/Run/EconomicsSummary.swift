import RiskModel

extension RunSummary {
    /// The bank's and the government's figures across paths (docs/model.md §3.7–3.8): the linkage's
    /// odds and cover, the programme's leverage and its cost per loan and per firm financed, each ratio
    /// a ratio of means with its delta-method standard error (`RatioOfMeans`; nil where its denominator's
    /// mean is zero), and each bank's income and losses.
    public struct Economics: Sendable {
        /// P(net income of loans + equity > lending alone) = P(linkage net gain > 0).
        public let linkageBeatsLending: Proportion?
        /// Equity gains as a share of credit losses: E[linkage net] / E[bank net loss].
        public let linkageCoverOfLosses: RatioOfMeans?
        /// Lending (initial book + new, at mean sizes) per 万元 of pool capital (initial + top-ups).
        public let lendingPerCapital: RatioOfMeans?
        /// Lending per 万元 of fiscal cost.
        public let lendingPerFiscalCost: RatioOfMeans?
        /// 万元 of fiscal cost per loan financed (initial book + new, renewals included).
        public let fiscalCostPerLoan: RatioOfMeans?
        /// 万元 of fiscal cost per distinct firm financed (each firm once, however many loans it had).
        public let fiscalCostPerFirm: RatioOfMeans?
        /// Per bank: mean net income with compensation and its standard error.
        public let netIncomeByBank: [(bank: String, mean: Double, se: Double)]
        /// Per bank: its net loss after compensation and the compensation it received, across paths.
        public let netLossByBank: [(bank: String, netLoss: SampleSummary, compensation: SampleSummary)]

        init(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) {
            func ratio(_ x: [Double], _ y: [Double]) -> RatioOfMeans? { RatioOfMeans(numerator: x, denominator: y, weights: w.weights) }
            // The initial book: the eligible cohorts' borrowers at their mean size, and a loan tape's live principal.
            let initialVolume = model.cohorts.reduce(0.0) { $0 + ($1.eligible ? Double($1.initialBorrowers) * $1.meanSize : 0) } + (model.tape?.volume ?? 0)
            let initialCapital = model.pools.reduce(0.0) { $0 + $1.initial }
            let lending = table.metric(.lendingVolume).map { initialVolume + $0 }
            let capital = table.metric(.topUps).map { initialCapital + $0 }
            let fiscal = table.metric(.fiscalCost)
            if model.linkage != nil {
                let net = table.metric(.linkageNet)
                linkageBeatsLending = w.proportion { net[$0] > 0 }
                linkageCoverOfLosses = ratio(net, table.metric(.bankNetLoss))
            } else {
                (linkageBeatsLending, linkageCoverOfLosses) = (nil, nil)
            }
            lendingPerCapital = ratio(lending, capital)
            lendingPerFiscalCost = ratio(lending, fiscal)
            fiscalCostPerLoan = ratio(fiscal, table.metric(.firmsFinanced))
            fiscalCostPerFirm = ratio(fiscal, table.metric(.distinctFirmsFinanced))
            netIncomeByBank = model.scenario.banks.enumerated().map { b, bank in
                let (mean, se) = w.meanSE(table.column(.bank(b, .netIncome)))
                return (bank.name, mean, se)
            }
            netLossByBank = model.scenario.banks.enumerated().map { b, bank in
                (bank.name, w.summary(table.column(.bank(b, .netLoss))), w.summary(table.column(.bank(b, .compensation))))
            }
        }
    }
}

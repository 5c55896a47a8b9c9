extension SummaryFile {
    /// One of the city's funds across paths (docs/model.md §3.11); money in 万元.
    public struct Fund: Codable, Equatable, Sendable {
        public var name: String
        public var committedWan: Double
        public var cityShare: Double
        /// paid_in, fees, invested, distributions, nav, gain, tvpi, dpi, firms, failures, exits,
        /// sold_at_cost, loans, loan_defaults, city_result, each with its unit.
        public var figures: [String: Stats]
        /// The IRR (per year) over the paths where it is defined, its quartiles [P25, P50, P75] (reports
        /// give the median: early exits at high multiples pull the mean up), and the share of paths where it is defined.
        public var irr: Stats?
        public var irrQuartiles: [Double]?
        public var irrDefinedShare: Double
        /// P(TVPI < 1), and P(a pool runs dry and TVPI < 1), with standard errors.
        public var pBelowCost: Double
        public var pBelowCostSe: Double
        public var pPoolDryAndBelowCost: Double
        public var pPoolDryAndBelowCostSe: Double
        /// The city's contributions less distributions, by year.
        public var cityNetByYear: [Flow]
        public var definition: String

        public init(name: String, committedWan: Double, cityShare: Double, figures: [String: Stats], irr: Stats?, irrDefinedShare: Double,
                    pBelowCost: Double, pBelowCostSe: Double, pPoolDryAndBelowCost: Double, pPoolDryAndBelowCostSe: Double,
                    cityNetByYear: [Flow], definition: String, irrQuartiles: [Double]? = nil) {
            self.irrQuartiles = irrQuartiles
            (self.name, self.committedWan, self.cityShare, self.figures, self.irr) = (name, committedWan, cityShare, figures, irr)
            (self.irrDefinedShare, self.pBelowCost, self.pBelowCostSe) = (irrDefinedShare, pBelowCost, pBelowCostSe)
            (self.pPoolDryAndBelowCost, self.pPoolDryAndBelowCostSe) = (pPoolDryAndBelowCost, pPoolDryAndBelowCostSe)
            (self.cityNetByYear, self.definition) = (cityNetByYear, definition)
        }
    }

    /// One year of the city's combined view, cash only: the programme's fiscal cost, the city's net cash
    /// into the funds (contributions less distributions), and their sum; the last year also states the
    /// city's share of the funds' holdings at cost at the horizon, apart (not cash).
    public struct CityYear: Codable, Equatable, Sendable {
        public var year: Int
        public var fiscalCost: Flow
        public var funds: Flow
        public var combined: Flow
        public var holdingsAtCost: Flow?
        public init(year: Int, fiscalCost: Flow, funds: Flow, combined: Flow, holdingsAtCost: Flow? = nil) {
            (self.year, self.fiscalCost, self.funds, self.combined, self.holdingsAtCost) = (year, fiscalCost, funds, combined, holdingsAtCost)
        }
    }
}

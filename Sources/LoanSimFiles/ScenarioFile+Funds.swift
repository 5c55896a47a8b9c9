extension ScenarioFile {
    /// One of the city's funds as the scenario gave it (docs/model.md §3.11); money in 万元, rates annual.
    public struct Fund: Codable, Equatable, Sendable {
        public var name: String
        public var committedWan: Double
        public var cityShare: Double
        public var investmentYears: Int
        /// New firms in each investment year, by cohort.
        public var firmsByYear: [String: [Int]]
        public var ticketMedianWan: Double
        public var ticketSigma: Double
        public var followOnReserve: Double
        public var followOnMultiple: Double
        public var managementFee: Double
        public var holdingYears: Int
        public var exitRatePerYear: Double
        public var exitParetoAlpha: Double
        public var exitMinMultiple: Double
        public var pdMultiplier: Double
        public var borrowShare: Double
        public var loanCohort: String?
        /// Grant-to-equity (拨投结合): grants per year by cohort, amount, years, round rate, window.
        public var grantFirmsByYear: [String: [Int]]?
        public var grantAmountWan: Double?
        public var grantYears: Int?
        public var grantRoundRatePerYear: Double?
        public var grantWindowYears: Int?

        public init(name: String, committedWan: Double, cityShare: Double, investmentYears: Int, firmsByYear: [String: [Int]],
                    ticketMedianWan: Double, ticketSigma: Double, followOnReserve: Double, followOnMultiple: Double, managementFee: Double,
                    holdingYears: Int, exitRatePerYear: Double, exitParetoAlpha: Double, exitMinMultiple: Double, pdMultiplier: Double,
                    borrowShare: Double, loanCohort: String?) {
            (self.name, self.committedWan, self.cityShare, self.investmentYears) = (name, committedWan, cityShare, investmentYears)
            (self.firmsByYear, self.ticketMedianWan, self.ticketSigma) = (firmsByYear, ticketMedianWan, ticketSigma)
            (self.followOnReserve, self.followOnMultiple, self.managementFee, self.holdingYears) = (followOnReserve, followOnMultiple, managementFee, holdingYears)
            (self.exitRatePerYear, self.exitParetoAlpha, self.exitMinMultiple) = (exitRatePerYear, exitParetoAlpha, exitMinMultiple)
            (self.pdMultiplier, self.borrowShare, self.loanCohort) = (pdMultiplier, borrowShare, loanCohort)
        }
    }
}

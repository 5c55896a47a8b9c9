extension SummaryFile {
    /// `summary.json` `backstop`: the live book at the start (principal, 万元, and loans) and the part
    /// of it some pool compensates (its cohorts are covered by a pool at their banks).
    public struct Backstop: Codable, Equatable, Sendable {
        public var definition: String
        public var liveBookWan: Double
        public var backstoppedWan: Double
        public var share: Double
        public var loans: Double
        public var backstoppedLoans: Double
        public init(definition: String, liveBookWan: Double, backstoppedWan: Double, loans: Double, backstoppedLoans: Double) {
            (self.definition, self.liveBookWan, self.backstoppedWan, self.loans, self.backstoppedLoans) = (definition, liveBookWan, backstoppedWan, loans, backstoppedLoans)
            share = liveBookWan > 0 ? backstoppedWan / liveBookWan : 0
        }
    }
}

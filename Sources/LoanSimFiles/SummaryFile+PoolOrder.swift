extension SummaryFile {
    /// `summary.json` `pool_order`: for each pair of pools (A, B), P(A runs dry strictly before B — B
    /// later or never within the horizon) with its standard error; the diagonal is P(A runs dry at
    /// all); P(both in the same step); and P(A is among the first to run dry).
    public struct PoolOrderFile: Codable, Equatable, Sendable {
        public var definition: String
        public var pools: [String]
        /// `before[a][b]`, `beforeSe[a][b]`, `sameStep[a][b]`.
        public var before: [[Double]]
        public var beforeSe: [[Double]]
        public var sameStep: [[Double]]
        public var first: [Double]
        public var firstSe: [Double]
        public init(definition: String, pools: [String], before: [[Double]], beforeSe: [[Double]], sameStep: [[Double]], first: [Double], firstSe: [Double]) {
            (self.definition, self.pools, self.before, self.beforeSe, self.sameStep, self.first, self.firstSe) =
                (definition, pools, before, beforeSe, sameStep, first, firstSe)
        }
    }
}

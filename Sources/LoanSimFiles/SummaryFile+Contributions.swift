extension SummaryFile {
    /// Who draws the pool down (`summary.json` `contributions`): for a total that is a sum over parts on
    /// every path (the pools' payouts over the banks paid, the pools or the cohorts and sectors whose
    /// claims they paid; the fiscal cost over the pools and the subsidies; the banks' net loss over the
    /// banks, cohorts and sectors), each
    /// part's Euler contribution to the mean, to the 99% expected shortfall (`E[X_k | X in its worst 1%]`)
    /// and to the paths where the pool runs dry, with standard errors. Each total is the sum of its
    /// parts' contributions.
    public struct Contributions: Codable, Equatable, Sendable {
        public var unit: String
        public var definition: String
        public var tailPaths: Int
        public var dryPaths: Int
        public var figures: [Allocation]
        public init(unit: String, definition: String, tailPaths: Int, dryPaths: Int, figures: [Allocation]) {
            (self.unit, self.definition, self.tailPaths, self.dryPaths, self.figures) = (unit, definition, tailPaths, dryPaths, figures)
        }
    }

    /// One total (a figure's key) allocated over one dimension (`by`: "bank", "pool", "cohort" or "sector").
    public struct Allocation: Codable, Equatable, Sendable {
        public var figure: String
        public var by: String
        public var total: Contribution
        public var parts: [Contribution]
        public init(figure: String, by: String, total: Contribution, parts: [Contribution]) {
            (self.figure, self.by, self.total, self.parts) = (figure, by, total, parts)
        }
    }

    /// A part's (or the total's) contributions; `dry` absent when no path ran dry. Standard errors are
    /// null where they cannot be estimated (one path).
    public struct Contribution: Codable, Equatable, Sendable {
        public var name: String
        public var mean: Double
        public var meanSe: Double?
        public var es99: Double
        public var es99Se: Double?
        public var dry: Double?
        public var drySe: Double?
        public init(name: String, mean: Double, meanSe: Double?, es99: Double, es99Se: Double?, dry: Double?, drySe: Double?) {
            (self.name, self.mean, self.meanSe, self.es99, self.es99Se, self.dry, self.drySe) = (name, mean, meanSe, es99, es99Se, dry, drySe)
        }
    }
}

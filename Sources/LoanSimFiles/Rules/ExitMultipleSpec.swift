/// An exit multiple on cost or entry value: Pareto(α) above `min` (the linkage's and the funds' exits).
public struct ExitMultipleSpec: Codable, Sendable, Equatable {
    public var paretoAlpha: Double
    public var min: Double
    public enum CodingKeys: String, SpecKey { case paretoAlpha, min }
    public init(paretoAlpha: Double, min: Double) { (self.paretoAlpha, self.min) = (paretoAlpha, min) }
    /// The mean multiple, α·min/(α − 1) (finite for α > 1, which the readers require).
    public var mean: Double { paretoAlpha * min / (paretoAlpha - 1) }
}

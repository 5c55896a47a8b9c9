/// A lognormal law by its median (万元) and log-sd σ, as a scenario writes it (`{median, sigma}`): a
/// pledged IP's appraised value, a linked firm's entry value, a fund's ticket.
public struct LogNormalSpec: Codable, Sendable, Equatable {
    public var median: Double
    public var sigma: Double
    public enum CodingKeys: String, SpecKey { case median, sigma }
    public init(median: Double, sigma: Double) { (self.median, self.sigma) = (median, sigma) }
}

/// A scheduled top-up of a pool (`pools[].top_ups[]`), paid in at the start of `month` (1-based). One
/// type read from YAML (`Programme/PoolPayout/PoolPayoutReader`), echoed in `scenario.json` (where the
/// amount is `amount_wan`) and listed by the report.
public struct TopUpSpec: Codable, Sendable, Equatable {
    public var month: Int
    /// 万元.
    public var amount: Double

    public enum CodingKeys: String, SpecKey {
        case month
        case amount = "amountWan"
        /// A scenario file writes `amount` (its unit is the file's, 万元); `scenario.json` `amount_wan`.
        public var yamlKey: String { self == .amount ? "amount" : "month" }
    }

    public init(month: Int, amount: Double) { (self.month, self.amount) = (month, amount) }
}

/// Which loans a pool covers (`pools[].covers`): cohorts, firm types (their scenario names) and banks;
/// an empty list admits all. One type read from YAML (`Programme/Compensation/CompensationReader`),
/// echoed in `scenario.json` with its pool and described by the report; its keys are its `CodingKeys`.
public struct PoolCoverageSpec: Codable, Sendable, Equatable {
    public var cohorts: [String]
    public var types: [String]
    public var banks: [String]

    public enum CodingKeys: String, SpecKey { case cohorts, types, banks }

    public init(cohorts: [String] = [], types: [String] = [], banks: [String] = []) {
        (self.cohorts, self.types, self.banks) = (cohorts, types, banks)
    }

    /// Whether it covers every loan.
    public var coversAll: Bool { cohorts.isEmpty && types.isEmpty && banks.isEmpty }

    /// The coverage in words, in both report languages (nil when it covers everything); `named` shows a
    /// cohort's or a bank's name.
    public func describe(chinese zh: Bool, named: (String) -> String = { $0 }) -> (label: String, value: String)? {
        guard !coversAll else { return nil }
        var parts: [String] = []
        if !cohorts.isEmpty { parts.append((zh ? "组别 " : "cohorts ") + cohorts.map(named).joined(separator: zh ? "、" : ", ")) }
        if !types.isEmpty { parts.append((zh ? "企业类型 " : "firm types ") + FirmTypeWords.list(types, chinese: zh)) }
        if !banks.isEmpty { parts.append((zh ? "银行 " : "banks ") + banks.map(named).joined(separator: zh ? "、" : ", ")) }
        return (zh ? "覆盖范围" : "Covers", parts.joined(separator: zh ? "；" : "; "))
    }
}

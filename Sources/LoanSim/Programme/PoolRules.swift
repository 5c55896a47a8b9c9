/// Which loans a pool covers (docs/model.md §3.5). The refill rule and the per-bank yearly cap are
/// components of their own (Programme/PoolRefill, Programme/BankYearCap).

/// Which loans a pool covers; an empty list admits all.
public struct PoolCoverage: Sendable, Equatable {
    public var cohorts: [String]
    public var types: [FirmType]
    public var banks: [String]
    public init(cohorts: [String] = [], types: [FirmType] = [], banks: [String] = []) {
        self.cohorts = cohorts
        self.types = types
        self.banks = banks
    }

    public func covers(cohort: Cohort) -> Bool {
        (cohorts.isEmpty || cohorts.contains(cohort.name)) && (types.isEmpty || types.contains(cohort.type))
    }
    public func covers(bank: String) -> Bool { banks.isEmpty || banks.contains(bank) }
}

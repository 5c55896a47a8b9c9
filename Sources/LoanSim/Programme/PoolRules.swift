/// A pool's rules: which loans it covers and how it is refilled (docs/model.md §3.5). The per-bank yearly
/// cap is a component of its own (Programme/BankYearCap).

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

/// A pool's top-up rule besides its schedule, applied at the start of each year from the second on.
public enum RefillRule: Sendable, Equatable {
    /// Top up to `target` 万元, at most `annualBudget` a year.
    case toTarget(target: Double, annualBudget: Double)
    /// Add last year's payouts, at most `annualBudget` a year.
    case lastYearPayouts(annualBudget: Double)
}

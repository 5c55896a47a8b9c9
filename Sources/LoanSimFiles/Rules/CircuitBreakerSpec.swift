import Foundation

/// A circuit breaker (风险熔断), as the scenario gives it: one type read from YAML (by LoanSim's
/// `Programme/CircuitBreaker/CircuitBreakerReader`), echoed in `scenario.json` and described by the
/// report. Each key is written once, in `CodingKeys`, which the YAML reader's allowed-key list and
/// `scenario.json` both use.
///
/// Only "a bank whose overdue rate exceeds 5% is suspended" is a fact (docs/model.md §2); how the rate is
/// measured is the model's choice, and these options make that choice explicit (docs/model-choices.md):
/// the scope (each bank, or the programme as a whole), the measure (defaults in a trailing window over
/// the book, or the overdue balance over the balance), how often it is checked, and the smallest book
/// it acts on. The defaults reproduce the breaker of versions up to 0.3.
public struct CircuitBreakerSpec: Codable, Sendable, Equatable {
    /// What a breaker measures.
    public enum Metric: String, Codable, Sendable, Equatable, CaseIterable {
        /// Overdue principal ÷ the book (see `Measure`).
        case overdueRate = "overdue_rate"
        /// Principal loss in the window ÷ the bank's programme balance at the start of the window.
        case annualLossRate = "annual_loss_rate"
        /// Compensation paid to the bank in the window ÷ the pools' balance.
        case compensationToBalance = "compensation_to_balance"
        /// The guarantor's payouts on the bank's loans in the window ÷ the bank's guaranteed balance.
        case guarantorPayoutRate = "guarantor_payout_rate"
    }

    public enum Action: String, Codable, Sendable, Equatable, CaseIterable {
        /// No new programme loans from the bank.
        case suspendLending = "suspend_lending"
        /// The bank's claims filed while it is suspended are denied.
        case stopCompensation = "stop_compensation"
    }

    /// Whose figures are measured and whom the action reaches.
    public enum Scope: String, Codable, Sendable, Equatable, CaseIterable {
        /// Each bank's own book; the action reaches that bank (the default).
        case bank
        /// The programme's whole book (every bank summed); the action reaches every bank.
        case programme
    }

    /// How the overdue rate is measured (`overdue_rate` only).
    public enum Measure: String, Codable, Sendable, Equatable, CaseIterable {
        /// Principal of loans that defaulted in the trailing `window_months` ÷ (outstanding + that
        /// principal): a flow over the book (the default).
        case flow
        /// The overdue balance at the check date ÷ (outstanding + overdue balance): loans that defaulted and
        /// whose claim is not yet filed (within the programme's claim lag, at least one step) are overdue.
        case stock
    }

    /// How often the breaker is checked, counted from the start of the horizon (a check falls at the end
    /// of each step that closes a period; a step longer than the period checks every step).
    public enum Check: String, Codable, Sendable, Equatable, CaseIterable {
        case month, quarter, year
        public var months: Int {
            switch self {
            case .month: return 1
            case .quarter: return 3
            case .year: return 12
            }
        }
    }

    public var metric: Metric
    public var threshold: Double
    public var windowMonths: Int
    public var minSuspensionMonths: Int
    public var action: Action
    public var untilRecovered: Bool
    public var scope: Scope
    public var measure: Measure
    public var check: Check
    /// No action on a book of fewer live loans than this (the bank's, or the programme's with
    /// `scope: programme`); 0: always act.
    public var minLoans: Int
    /// The book the breaker reads and the lending it suspends: these cohorts only (a scheme's own loans in
    /// a scenario of several schemes, e.g. the city's whole book); empty: every programme loan (cohorts,
    /// tape and fund-backed loans). A breaker with cohorts measures defaults, losses, guarantor payouts
    /// and balances, and counts live loans, of those cohorts only, and suspends only their lending.
    public var cohorts: [String]

    public init(metric: Metric = .overdueRate, threshold: Double = 0.05, windowMonths: Int = 12, minSuspensionMonths: Int = 12,
                action: Action = .suspendLending, untilRecovered: Bool = true, scope: Scope = .bank, measure: Measure = .flow,
                check: Check = .month, minLoans: Int = 0, cohorts: [String] = []) {
        (self.metric, self.threshold, self.windowMonths, self.minSuspensionMonths) = (metric, threshold, windowMonths, minSuspensionMonths)
        (self.action, self.untilRecovered, self.scope, self.measure, self.check, self.minLoans) = (action, untilRecovered, scope, measure, check, minLoans)
        self.cohorts = cohorts
    }

    /// The keys, written once: `scenario.json` writes them in snake_case (its coder converts), and the
    /// YAML reader reads `yamlKey`, the same snake_case.
    public enum CodingKeys: String, SpecKey {
        case metric, threshold, windowMonths, minSuspensionMonths, action, untilRecovered, scope, measure, check, minLoans, cohorts
    }

    /// Whether every option added in 0.4 is at its default (today's breaker): `scenario.json` then leaves
    /// them out, so files of default breakers keep their bytes.
    public var hasDefaultOptions: Bool { scope == .bank && measure == .flow && check == .month && minLoans == 0 }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(metric: try c.decode(Metric.self, forKey: .metric), threshold: try c.decode(Double.self, forKey: .threshold),
                  windowMonths: try c.decode(Int.self, forKey: .windowMonths),
                  minSuspensionMonths: try c.decode(Int.self, forKey: .minSuspensionMonths),
                  // Files before 0.1 have neither; later ones have both; 0.4 adds the last four.
                  action: try c.decodeIfPresent(Action.self, forKey: .action) ?? .suspendLending,
                  untilRecovered: try c.decodeIfPresent(Bool.self, forKey: .untilRecovered) ?? true,
                  scope: try c.decodeIfPresent(Scope.self, forKey: .scope) ?? .bank,
                  measure: try c.decodeIfPresent(Measure.self, forKey: .measure) ?? .flow,
                  check: try c.decodeIfPresent(Check.self, forKey: .check) ?? .month,
                  minLoans: try c.decodeIfPresent(Int.self, forKey: .minLoans) ?? 0,
                  cohorts: try c.decodeIfPresent([String].self, forKey: .cohorts) ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(windowMonths, forKey: .windowMonths)
        try c.encode(minSuspensionMonths, forKey: .minSuspensionMonths)
        try c.encode(action, forKey: .action)
        try c.encode(untilRecovered, forKey: .untilRecovered)
        if !hasDefaultOptions {
            try c.encode(scope, forKey: .scope)
            try c.encode(measure, forKey: .measure)
            try c.encode(check, forKey: .check)
            try c.encode(minLoans, forKey: .minLoans)
        }
        if !cohorts.isEmpty { try c.encode(cohorts, forKey: .cohorts) }
    }
}

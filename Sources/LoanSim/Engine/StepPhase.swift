/// The phases of one step, in the order the engine runs them (docs/model.md §3.6). The order is written
/// once, here: `PathEngine.run` runs a scenario's phases in `allCases` order, skipping those it does not
/// use (`active`), and docs/architecture.md lists them (`ArchitectureDocTests` checks the list agrees).
enum StepPhase: String, CaseIterable, Sendable {
    /// A year opens (pool refills, per-bank-year and guarantor allowances); each pool's top-up, interest and fee.
    case openStep = "open step"
    /// The macro factor, the sector factors and the copula's mixing.
    case factors
    /// The cohorts' defaults: conditional binomials, allocation to loan groups, amounts, loss shares.
    case defaults
    /// The loan tape's defaults, loan by loan.
    case tapeDefaults = "tape defaults"
    /// The city's funds: failures, exits, rounds and grants of their firms.
    case funds
    /// IP-disposal and other recoveries arriving, returned pro rata (clawback).
    case recoveries
    /// Claims due this step filed with each pool: caps, breaker denials.
    case claimsFiled = "claims filed"
    /// Each pool pays its queue (FIFO, pro rata or denial); depletion is marked.
    case payments
    /// The circuit breakers' statistics and checks (Programme/CircuitBreaker).
    case breakers
    /// Interest, costs, capital, fees and subsidies on the principal outstanding in the step.
    case accruals
    /// Maturities, renewals, arrivals and new loans.
    case lending
    /// The step's series, the budget by year and the record's checkpoints.
    case stepEnd = "step end"

    /// The phases a scenario uses, in order: a scenario pays only for the rules it has.
    static func active(tape: Bool, funds: Bool, breakers: Bool) -> [StepPhase] {
        allCases.filter { phase in
            switch phase {
            case .tapeDefaults: return tape
            case .funds: return funds
            case .breakers: return breakers
            default: return true
            }
        }
    }
}

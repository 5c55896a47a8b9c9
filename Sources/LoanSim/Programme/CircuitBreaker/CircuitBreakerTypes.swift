import LoanSimFiles

// The circuit breaker's specification is shared with the report (LoanSimFiles/Rules/CircuitBreakerSpec.swift);
// these names keep the scenario's vocabulary.
public typealias BreakerSpec = CircuitBreakerSpec
public typealias BreakerMetric = CircuitBreakerSpec.Metric
public typealias BreakerAction = CircuitBreakerSpec.Action

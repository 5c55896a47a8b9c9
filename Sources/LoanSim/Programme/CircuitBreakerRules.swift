/// Circuit breakers (风险熔断): what they measure and what they do (docs/model.md §3.5).

/// What a circuit breaker measures, per bank.
public enum BreakerMetric: String, Sendable, Equatable, CaseIterable {
    /// Principal of loans defaulted in the window ÷ (outstanding + that principal).
    case overdueRate = "overdue_rate"
    /// Principal loss in the window ÷ the bank's programme balance at the start of the window.
    case annualLossRate = "annual_loss_rate"
    /// Compensation paid to the bank in the window ÷ the pools' balance.
    case compensationToBalance = "compensation_to_balance"
    /// The guarantor's payouts on the bank's loans in the window ÷ the bank's guaranteed balance.
    case guarantorPayoutRate = "guarantor_payout_rate"
}

public enum BreakerAction: String, Sendable, Equatable, CaseIterable {
    /// No new programme loans from the bank.
    case suspendLending = "suspend_lending"
    /// The bank's claims filed while it is suspended are denied.
    case stopCompensation = "stop_compensation"
}

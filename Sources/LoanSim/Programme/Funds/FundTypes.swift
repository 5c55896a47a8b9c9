import LoanSimFiles

// A fund's specification is shared with the report (LoanSimFiles/Rules/FundSpec.swift); these names
// keep the scenario's vocabulary.
public typealias Fund = FundSpec
public typealias FundInvestment = FundSpec.Investment
public typealias GrantToEquity = FundSpec.Grants

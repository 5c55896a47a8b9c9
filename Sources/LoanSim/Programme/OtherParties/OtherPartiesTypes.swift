import LoanSimFiles

// The parties' specifications are shared with the report (LoanSimFiles/Rules/LossSplitSpec.swift,
// GuaranteeSpec.swift); these names keep the scenario's vocabulary.
public typealias LossSplit = LossSplitSpec
public typealias Guarantee = GuaranteeSpec

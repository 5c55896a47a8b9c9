import LoanSimFiles

// The linkage's specification is shared with the report (LoanSimFiles/Rules/LinkageSpec.swift); this
// name keeps the scenario's vocabulary.
public typealias Linkage = LinkageSpec

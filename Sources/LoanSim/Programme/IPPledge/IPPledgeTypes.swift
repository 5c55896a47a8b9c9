import LoanSimFiles

// The IP pledge's specification is shared with the report (LoanSimFiles/Rules/IPPledgeSpec.swift); this
// name keeps the scenario's vocabulary.
public typealias IPPledge = IPPledgeSpec

import LoanSimFiles

/// What the engine keeps on a path to report figures by year and at the record's dates: defaulted loans
/// whose claims are filed in each step and their running total through the step last recorded (the
/// record's compensated-loan counts), and the budget's and each pool's cost running totals at the last
/// year end (see `recordBudgetYear`).
struct RecordKeeping {
    let loansFiledByStep: UnsafeMutableBufferPointer<Double>
    var loansFiledSoFar = 0.0
    var budgetBefore = [Double](repeating: 0, count: BudgetFlow.allCases.count)
    var poolCostBefore: [Double]

    init(_ model: CompiledScenario, memory: EngineMemory) {
        loansFiledByStep = memory.buffer(model.stepCount, 0.0)
        poolCostBefore = Array(repeating: 0, count: model.pools.count)
    }
}

/// Each fund class's failure, exit and follow-on-round probabilities in the current step (sized for the
/// fund with the most classes).
struct FundStepRates {
    var failure: [Double]
    var exit: [Double]
    var round: [Double]

    init(_ model: CompiledScenario) {
        failure = Array(repeating: 0, count: model.funds.map(\.classes.count).max() ?? 0)
        exit = failure
        round = failure
    }
}

/// The loan tape's per-step scratch: the loans defaulting in a class's step, and each class's largest
/// conditional PD in the step (for the linked loans' exits).
struct TapeScratch {
    var defaulted: [Int] = []
    var top: [Double]

    init(_ model: CompiledScenario) { top = Array(repeating: 0, count: model.tape?.classCount ?? 0) }
}

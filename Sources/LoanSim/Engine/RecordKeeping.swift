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

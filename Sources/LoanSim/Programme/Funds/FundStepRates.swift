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

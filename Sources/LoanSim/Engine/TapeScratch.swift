/// The loan tape's per-step scratch: the loans defaulting in a class's step, and each class's largest
/// conditional PD in the step (for the linked loans' exits).
struct TapeScratch {
    var defaulted: [Int] = []
    var top: [Double]

    init(_ model: CompiledScenario) { top = Array(repeating: 0, count: model.tape?.classCount ?? 0) }
}

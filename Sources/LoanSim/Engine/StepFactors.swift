/// The step's factor values besides the macro factor: each sector factor, and the copula's mixing
/// `s = √(W/ν)` the default and exit thresholds are multiplied by (1: Gaussian).
struct StepFactors {
    let sectorZ: UnsafeMutableBufferPointer<Double>
    var mixing = 1.0
    init(sectors: Int, memory: EngineMemory) { sectorZ = memory.buffer(sectors, 0.0) }
}

import RiskModel

/// What the defaults phase reads and writes on every group of defaults, allocated once per engine:
/// - `sizeViews`: the cohorts' loan-size samplers as views that hold no reference count (nil: a fixed
///   size); engines on several threads would otherwise contend for the shared samplers' counts on every
///   default;
/// - `hot`: the model's tables the phase reads, in this engine's own buffers (see `HotTables`);
/// - `logPhi`, `fastExp`: `log Φ` and `exp` for the conditional PDs' binomial draws, inlined;
/// - `defaultDraws`, `pdScratch`: the step's prepared default draw per cohort and its intermediate values;
/// - `lgdScale`: per cohort, the step's LGD over its mean (1 unless the LGD moves with the cycle);
/// - `positions`, `schemeClaim`, `poolPart`, `groupPool`: one group's default positions and its claims
///   by scheme and pool;
/// - `stepBookings`: the fast path's defaults of the step, summed per class of claims and booked once;
/// - `cohortSums`, `sectorSums`: who drew on the pools, by cohort and sector (`AttributionSums`).
struct DefaultsWorkspace {
    /// Above this many defaults in a step, a cohort's defaults are spread over its groups by sequential
    /// hypergeometric draws instead of drawing distinct positions.
    static let positionLimit = 16

    let sizeViews: [InversionSampler.View?]
    let hot: HotTables
    let logPhi = LogPhiTable.shared
    let fastExp = FastExp.shared
    let defaultDraws: UnsafeMutableBufferPointer<BinomialDraw>
    let pdScratch: (x: UnsafeMutableBufferPointer<Double>, logP: UnsafeMutableBufferPointer<Double>, logQ: UnsafeMutableBufferPointer<Double>)
    let lgdScale: UnsafeMutableBufferPointer<Double>
    let positions: UnsafeMutableBufferPointer<Int>
    var schemeClaim: [Double]
    var poolPart: [Double]
    let groupPool: UnsafeMutableBufferPointer<Double>
    var stepBookings: StepBookings
    /// Who drew on the pools, by cohort and by output sector (`PathAttribution`).
    var cohortSums: AttributionSums
    var sectorSums: AttributionSums

    init(_ model: CompiledScenario, memory: EngineMemory) {
        let cohorts = model.cohorts.count, pools = model.pools.count
        sizeViews = model.sizeSamplers.map { $0?.view }
        hot = HotTables(model)
        defaultDraws = memory.buffer(cohorts, BinomialDraw())
        pdScratch = (memory.buffer(cohorts, 0.0), memory.buffer(cohorts, 0.0), memory.buffer(cohorts, 0.0))
        lgdScale = memory.buffer(cohorts, 1.0)
        positions = memory.buffer(Self.positionLimit, 0)
        schemeClaim = Array(repeating: 0, count: max(1, model.schemes.count))
        poolPart = Array(repeating: 0, count: pools)
        groupPool = memory.buffer(pools, 0.0)
        stepBookings = StepBookings(model, memory: memory)
        cohortSums = AttributionSums(parts: model.cohortParts.count, banks: model.bankShares.count, pools: pools, routing: model.fastPathRouting,
                                     memory: memory)
        sectorSums = AttributionSums(parts: model.sectorParts.count, banks: model.bankShares.count, pools: pools, memory: memory)
    }
}

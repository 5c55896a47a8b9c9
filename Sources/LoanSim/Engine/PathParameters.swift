import RiskModel

/// This path's default thresholds, macro loadings and `1/√(1−a²−b²)` by step and cohort
/// (`step × cohorts + cohort`): the model's, or rebuilt from the path's posterior draw of (PD, ρ) when
/// parameters are uncertain (`PathEngine.drawParameters`).
struct PathParameters {
    var thresholds: [Double]
    var macroLoadings: [Double]
    var inverseScales: [Double]
    /// By cohort: the downturn-LGD curve (nil: a fixed LGD), rebuilt with the path's PD and ρ.
    var lgdCurves: [FryeJacobs?]

    init(_ model: CompiledScenario) {
        thresholds = model.thresholds
        macroLoadings = model.macroLoadings
        inverseScales = model.inverseScales
        lgdCurves = model.lgdCurves
    }
}

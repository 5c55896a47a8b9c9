import RiskModel

/// Importance sampling on one engine (docs/model-choices.md § Importance sampling): the design (which
/// weighs the path), its shift of the macro innovations (read every step, so held apart), the posterior
/// draw's tilt, and this path's running score `Σ d_t η_t`, law (shifted or plain) and draw weight.
struct PathWeighting {
    let design: ImportanceDesign?
    let importance: ImportanceShift?
    var importanceScore = 0.0
    /// Whether this path is drawn from the shifted law (else from the plain one: the design's defensive share).
    var shiftedPath = true
    /// The path's shifted macro innovations, kept only for the pilot runs that choose the shift.
    let recordInnovations: Bool
    var innovations: [Double] = []
    /// The posterior draw's tilt and this path's likelihood ratio for it (1 when untilted).
    let drawTilt: TiltedIndex?
    var drawWeight = 1.0

    init(_ design: ImportanceDesign?) {
        self.design = design
        importance = design?.shift
        recordInnovations = design?.recordInnovations ?? false
        drawTilt = design?.drawTilt
    }
}

/// A cohort's loss given default over the cycle (`lgd: 0.6` or `lgd: {model: frye-jacobs, mean: 0.6}`):
/// - `fixed`: the same in every month;
/// - `fryeJacobs`: rises with the step's conditional default rate along Frye and Jacobs's curve
///   (`RiskModel.FryeJacobs`), averaging to the stated mean; docs/model.md §3.4.
public enum LGDModel: String, Sendable, Equatable, CaseIterable {
    case fixed
    case fryeJacobs = "frye-jacobs"
}

extension SummaryFile.PredictiveCheck {
    /// Whether the model disagrees with a record check: fewer than half the paths agree with a bound,
    /// or with an exact value the paths reach with some mass (a count such as "no bank suspended");
    /// an exact value of a quantity the paths spread over (cumulative lending: no path hits it to the
    /// 万元) disagrees when it lies in the outer 5% on either side. `percentile` is P(simulated ≤
    /// observed), nil for a bound. Read by stdout and the report alike.
    public static func disagrees(pAgree: Double, percentile: Double?) -> Bool {
        guard let below = percentile, pAgree < 0.01 else { return pAgree < 0.5 }
        return below < 0.05 || 1 - below + pAgree < 0.05
    }
}

extension History {
    /// What the optional `exposure_wan` and `loss_wan` columns say about one cohort's losses, over the
    /// years that give both (and an exact default count).
    public struct LossSummary: Sendable, Equatable {
        public var years: Int
        public var exposureWan: Double
        public var lossWan: Double
        public var loans: Int
        public var defaults: Int
        /// Σ loss ÷ Σ exposure: the annual loss rate (ratio of sums).
        public var lossRate: Double { exposureWan > 0 ? lossWan / exposureWan : .nan }
        /// Σ loss ÷ Σ defaults, 万元 per defaulted loan.
        public var lossPerDefaultWan: Double { defaults > 0 ? lossWan / Double(defaults) : .nan }
        /// Loss per default ÷ mean exposure per loan: the LGD on a loan of average size.
        public var impliedLGD: Double {
            guard defaults > 0, loans > 0, exposureWan > 0 else { return .nan }
            return lossPerDefaultWan / (exposureWan / Double(loans))
        }
    }

    /// Per cohort, nil when no year gives both columns.
    public func lossSummary(cohort: String) -> LossSummary? {
        var s = LossSummary(years: 0, exposureWan: 0, lossWan: 0, loans: 0, defaults: 0)
        for r in rows where r.cohort == cohort {
            guard let e = r.exposureWan, let l = r.lossWan, let d = r.defaults else { continue }
            s.years += 1
            s.exposureWan += e
            s.lossWan += l
            s.loans += r.loans
            s.defaults += d
        }
        return s.years > 0 ? s : nil
    }
}

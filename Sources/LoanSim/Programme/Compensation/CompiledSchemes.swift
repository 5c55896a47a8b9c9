import LoanSimFiles

/// The compensation rules' compile step: which scheme pays on which loans and at what ratio, and how
/// each scheme's claim is routed to its pools, as flat tables by cohort, bank, scheme and pool.
/// Pools of one scheme (same `scheme` name) share its claims by `share`; schemes pay in file order, and
/// without `stacking` only the first scheme covering a loan pays (a loss split names one pool share).
public struct CompiledSchemes: Sendable {
    /// Pool schemes (pools sharing one claim), in priority order, and each pool's scheme.
    public let count: Int
    public let poolScheme: [Int]
    /// `poolFactor[(c * banks + b) * pools + p]`: the share of scheme claims on cohort c's loans at bank b
    /// that pool p pays (0 when it does not cover them or its scheme is not the one that pays).
    public let poolFactor: [Double]
    /// `active[(c * banks + b) * schemes + s]`: scheme s compensates cohort c's loans at bank b.
    public let active: [Bool]
    /// `ratio[c * schemes + s]`: the ratio rules' base ratio; `fullUpTo[…]`: losses up to this are paid
    /// in full (−1: no such rule for the cohort).
    public let ratio: [Double]
    public let fullUpTo: [Double]
    /// `single[c * banks + b]`: the one scheme paying on these loans when the fast path applies (no IP,
    /// split or full-compensation rule, one scheme, public cap never binding); −1 otherwise, −2 when no
    /// pool pays (the bank bears the loss).
    public let single: [Int]
    /// Cap on one loan's claim, 万元; on what all schemes together pay on one loss, a share of it.
    public let claimCap: Double
    public let publicCap: Double?

    init(_ s: Scenario, perLoanLossSharing: Bool) {
        var schemeNames: [String] = []
        for p in s.pools where !schemeNames.contains(p.schemeName) { schemeNames.append(p.schemeName) }
        count = schemeNames.count
        poolScheme = s.pools.map { p in schemeNames.firstIndex(of: p.schemeName)! }
        let bc = s.banks.count, pc = s.pools.count, sc = schemeNames.count
        let cohortCount = s.cohorts.count
        var factor = [Double](repeating: 0, count: cohortCount * bc * pc)
        var active = [Bool](repeating: false, count: cohortCount * bc * sc)
        var ratio = [Double](repeating: 0, count: cohortCount * sc)
        var full = [Double](repeating: -1, count: cohortCount * sc)
        var single = [Int](repeating: -1, count: cohortCount * bc)
        for (c, cohort) in s.cohorts.enumerated() {
            for (k, scheme) in schemeNames.enumerated() {
                let rules = s.pools.first { $0.schemeName == scheme }?.compensation ?? s.programme.compensation
                ratio[c * sc + k] = cohort.lossSplit?.pool ?? s.programme.baseRatio(cohort, rules: rules)
                if cohort.lossSplit == nil, cohort.compensationRatio == nil, rules.fullCompensationApplies(cohort) {
                    full[c * sc + k] = rules.fullCompensation!.upToLoss
                }
            }
            for (b, bank) in s.banks.enumerated() {
                for (k, scheme) in schemeNames.enumerated() {
                    let members = s.pools.indices.filter { s.pools[$0].schemeName == scheme }
                    let covering = members.filter { s.pools[$0].coverage.covers(cohort: cohort) && s.pools[$0].coverage.covers(bank: bank.name) }
                    guard !covering.isEmpty else { continue }
                    // Without stacking only the first covering scheme pays; a loss split names one pool share.
                    let already = (0..<k).contains { active[(c * bc + b) * sc + $0] }
                    if already && (!s.programme.stacking || cohort.lossSplit != nil) { continue }
                    active[(c * bc + b) * sc + k] = true
                    for p in covering { factor[(c * bc + b) * pc + p] = s.pools[p].share }
                }
                let schemes = (0..<sc).filter { active[(c * bc + b) * sc + $0] }
                let plain = cohort.ipPledge == nil && cohort.lossSplit == nil
                if plain && schemes.isEmpty {
                    single[c * bc + b] = -2   // no pool pays: the bank bears the loss
                } else if plain && schemes.count == 1 {
                    let k = schemes[0]
                    let capOK = s.programme.publicCap.map { ratio[c * sc + k] <= $0 } ?? true
                    single[c * bc + b] = full[c * sc + k] < 0 && capOK && !perLoanLossSharing ? k : -1
                }
            }
        }
        poolFactor = factor
        self.active = active
        self.ratio = ratio
        fullUpTo = full
        self.single = single
        claimCap = s.programme.perLoanCap
        publicCap = s.programme.publicCap
    }
}

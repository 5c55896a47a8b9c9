import RiskModel

/// Which stream of a block's `RandomStreamSet` serves which purpose.
struct StreamLayout {
    let sectors: Int
    let macro = 0
    init(_ m: CompiledScenario) {
        sectors = m.sectors.count
        cohorts = m.cohorts.count
        hasParameters = m.parameterDraws != nil
        hasTape = m.tape != nil
        hasCopula = !m.copula.isGaussian
    }
    func sector(_ k: Int) -> Int { 1 + k }
    func defaults(_ c: Int) -> Int { 1 + sectors + 3 * c }
    func lending(_ c: Int) -> Int { 2 + sectors + 3 * c }
    func linkage(_ c: Int) -> Int { 3 + sectors + 3 * c }
    /// The stream that picks each path's posterior draw (present only with parameter uncertainty).
    var parameters: Int { 1 + sectors + 3 * cohorts }
    /// Each cohort's stream for who its fresh loans go to (first-time or returning borrowers), last.
    func reach(_ c: Int) -> Int { 1 + sectors + 3 * cohorts + (hasParameters ? 1 : 0) + c }
    let cohorts: Int
    let hasParameters: Bool
    /// The loan tape's stream (defaults, candidates, thinning, IP disposal), after every other.
    var tape: Int { 1 + sectors + 4 * cohorts + (hasParameters ? 1 : 0) }
    /// The t copula's mixing variable (one χ² draw per step), last of all.
    var copula: Int { tape + (hasTape ? 1 : 0) }
    let hasTape: Bool
    let hasCopula: Bool
    /// Each fund's stream (investments, tickets, its firms' latent variables, exits), after all the others.
    func fund(_ f: Int) -> Int { copula + (hasCopula ? 1 : 0) + f }

    /// Seeds for path `path` of a run with `master` seed, in layout order: every path starts its streams
    /// afresh, so a path that draws more or fewer numbers in one scenario than in another does not shift
    /// the next path's draws (common random numbers stay aligned path by path, and paths stay
    /// independent of each other).
    static func seeds(purposes: [UInt32], master: UInt32, path: UInt32) -> [UInt32] {
        purposes.map { StreamSeed.derive(master: master, block: path, purpose: $0) }
    }

    /// The purposes of a scenario's streams, in layout order.
    static func purposes(_ m: CompiledScenario) -> [UInt32] {
        var purposes = [StreamSeed.purpose("macro")]
        purposes += m.scenario.sectors.map { StreamSeed.purpose("sector/\($0.name)") }
        for c in m.cohorts { purposes += [c.defaultsPurpose, c.lendingPurpose, c.linkagePurpose] }
        if m.parameterDraws != nil { purposes.append(StreamSeed.purpose("parameters")) }
        purposes += m.cohorts.map(\.reachPurpose)
        if m.tape != nil { purposes.append(StreamSeed.purpose("tape/defaults")) }
        if !m.copula.isGaussian { purposes.append(StreamSeed.purpose("copula/mixing")) }
        purposes += m.funds.map(\.purpose)
        return purposes
    }
}

/// Whole-number splits of a count by shares.
enum Apportion {
    /// Largest-remainder split of `n` by `shares` (summing to 1): floors first, then one more to the
    /// largest fractional parts, ties to the lower index. Deterministic; sums to `n`.
    static func largestRemainder(_ n: Int, shares: [Double]) -> [Int] {
        var base = shares.map { Int((Double(n) * $0).rounded(.down)) }
        var left = n - base.reduce(0, +)
        let order = shares.indices.sorted {
            let fa = Double(n) * shares[$0] - Double(base[$0]), fb = Double(n) * shares[$1] - Double(base[$1])
            return fa != fb ? fa > fb : $0 < $1
        }
        var i = 0
        while left > 0 {
            base[order[i % order.count]] += 1
            left -= 1
            i += 1
        }
        return base
    }
}

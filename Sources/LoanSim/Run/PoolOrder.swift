import LoanSimFiles

/// Which pool gives way first, with two pools or more: for each pair (A, B), the probability that A
/// runs dry strictly before B (B later or never, within the horizon), and that both run dry in the
/// same step; each with its standard error (weighted with importance weights). The first pool to run
/// dry on each path: P(pool A is the first).
public struct PoolOrder: Sendable {
    public let names: [String]
    /// `before[a][b]`: P(a runs dry before b); the diagonal is P(a runs dry at all).
    public let before: [[Proportion]]
    /// `sameStep[a][b]`: P(a and b run dry in the same step).
    public let sameStep: [[Proportion]]
    /// P(pool a is among the first to run dry: no pool ran dry in an earlier step).
    public let first: [Proportion]

    static func of(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) -> PoolOrder? {
        let pools = model.poolNames
        guard pools.count > 1, table.count > 0 else { return nil }
        let step = pools.indices.map { table.column(.pool($0, .depletionStep)) }
        func dry(_ a: Int, _ i: Int) -> Bool { step[a][i] >= 0 }
        let before = pools.indices.map { a in
            pools.indices.map { b in
                w.proportion { i in dry(a, i) && (a == b || !dry(b, i) || step[a][i] < step[b][i]) }
            }
        }
        let same = pools.indices.map { a in pools.indices.map { b in w.proportion { i in dry(a, i) && dry(b, i) && step[a][i] == step[b][i] } } }
        let first = pools.indices.map { a in
            w.proportion { i in dry(a, i) && pools.indices.allSatisfy { b in !dry(b, i) || step[b][i] >= step[a][i] } }
        }
        return PoolOrder(names: pools, before: before, sameStep: same, first: first)
    }
}

import LoanSimFiles
import RiskModel

extension RunWriters {
    /// `summary.json` `contributions`: each part's Euler contribution (`RiskContribution.all`).
    static func contributions(_ s: RunSummary) -> SummaryFile.Contributions? {
        guard let first = s.contributions.first else { return nil }
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        func part(_ name: String, _ a: EulerAllocation, _ k: Int) -> SummaryFile.Contribution {
            SummaryFile.Contribution(name: name, mean: a.mean[k].value, meanSe: finite(a.mean[k].se), es99: a.tail[k].value, es99Se: finite(a.tail[k].se),
                                     dry: a.event.map { $0[k].value }, drySe: a.event.flatMap { finite($0[k].se) })
        }
        return SummaryFile.Contributions(
            unit: "万元",
            definition: "Euler allocation: mean = E[X_k]; es99 = E[X_k | the total in its worst ceil(1% of paths)] (weighted: the worst paths "
                + "holding 1% of the weight); dry = E[X_k | some pool ran dry]; se with the tail and dry sets held fixed; each total is the sum of its parts",
            tailPaths: first.allocation.tailPaths, dryPaths: first.allocation.eventPaths,
            figures: s.contributions.map { c in
                let a = c.allocation
                let total = SummaryFile.Contribution(name: "total", mean: a.meanTotal, meanSe: nil, es99: a.tailTotal, es99Se: nil,
                                                     dry: a.eventTotal, drySe: nil)
                return SummaryFile.Allocation(figure: c.figure.key, by: c.by, total: total,
                                              parts: c.partNames.indices.map { part(c.partNames[$0], a, $0) })
            })
    }

    /// `summary.json` `pool_order`: which pool gives way first (`PoolOrder`).
    static func poolOrder(_ s: RunSummary) -> SummaryFile.PoolOrderFile? {
        guard let o = s.poolOrder else { return nil }
        func finite(_ x: Double) -> Double { x.isFinite ? x : 0 }
        return SummaryFile.PoolOrderFile(
            definition: "before[a][b] = P(pool a runs dry strictly before pool b, b later or never within the horizon); the diagonal is P(a runs dry); "
                + "same_step[a][b] = P(both run dry in the same step); first[a] = P(no pool ran dry in an earlier step than a, and a ran dry)",
            pools: o.names, before: o.before.map { $0.map(\.p) }, beforeSe: o.before.map { $0.map { finite($0.se) } },
            sameStep: o.sameStep.map { $0.map(\.p) }, first: o.first.map(\.p), firstSe: o.first.map { finite($0.se) })
    }
}

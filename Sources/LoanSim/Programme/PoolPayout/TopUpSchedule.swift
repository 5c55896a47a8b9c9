import LoanSimFiles

/// The compile step of the pools' scheduled top-ups: what each pool receives at the start of each step
/// (top-ups of months in one step add up; months past the horizon are dropped).
public struct TopUpSchedule: Sendable {
    private let amounts: [Double]
    private let poolCount: Int

    init(_ pools: [PoolSpec], stepMonths d: Int, stepCount: Int, horizonMonths: Int) {
        poolCount = pools.count
        var a = [Double](repeating: 0, count: stepCount * pools.count)
        for (p, pool) in pools.enumerated() {
            for t in pool.topUps where t.month <= horizonMonths { a[((t.month - 1) / d) * pools.count + p] += t.amount }
        }
        amounts = a
    }

    /// Pool `pool`'s top-up at the start of step `step`, 万元.
    @inline(__always) func amount(step: Int, pool: Int) -> Double { amounts[step * poolCount + pool] }
}

/// Who drew on the pools on one path, by part of the book (cohorts, or output sectors): the parts
/// `RiskContribution` allocates the payouts and the banks' net loss over (docs/model.md §4).
///
/// While the path runs, the engine keeps each part's pool claims filed within the horizon per bank and pool,
/// the loss its banks keep before compensation (the loss less the guarantor's, insurer's and
/// appraiser's shares) and the IP recoveries returned to its banks within the horizon
/// (`AttributionSums`). At the path's end what each pool paid each bank is shared among the parts in
/// proportion to their claims on that pool at that bank (pro rata within a pool and bank: exact when every claim is
/// paid; when a pool runs short, a bank's unpaid claims are spread over its parts alike, whatever
/// their filing order), and each part's net loss is what it kept less its compensation and
/// recoveries. So on every path `Σ paid = poolPaid` and `Σ netLoss = bankNetLoss` (up to rounding; tested).
public struct PathAttribution: Sendable, Equatable, Codable {
    /// Per part: compensation its loans brought their banks, and their banks' net loss on them, 万元
    /// (empty where the scenario attributes none: `CompiledScenario.cohortParts`, `sectorParts`).
    public var paid: [Double] = []
    public var netLoss: [Double] = []
    public init() {}
}

/// The engine's running sums for one `PathAttribution`, in buffers it owns, emptied on every path.
/// Claims are kept per part, bank and pool, so that each pool's payments to a bank are shared over the
/// parts whose claims that pool holds (with several pools, one that pays in full and one that runs
/// short share nothing between them).
struct AttributionSums {
    let parts: Int
    let banks: Int
    let pools: Int
    /// `[(part × banks + bank) × pools + pool]`: pool claims filed within the horizon as routed.
    private let claims: UnsafeMutableBufferPointer<Double>
    /// `[part × banks + bank]`: the fast path's claims before routing, routed at the end by `routing`.
    private let unrouted: UnsafeMutableBufferPointer<Double>
    /// Per part: the loss kept before compensation, and the bank's IP recoveries within the horizon.
    private let kept: UnsafeMutableBufferPointer<Double>
    private let ipBank: UnsafeMutableBufferPointer<Double>
    /// `[(part × banks + bank) × pools + pool]`: the share of an unrouted claim each pool gets (empty: none kept unrouted).
    private let routing: [Double]

    init(parts: Int, banks: Int, pools: Int, routing: [Double] = [], memory: EngineMemory) {
        (self.parts, self.banks, self.pools) = (parts, banks, pools)
        claims = memory.buffer(parts * banks * pools, 0.0)
        unrouted = memory.buffer(routing.isEmpty ? 0 : parts * banks, 0.0)
        kept = memory.buffer(parts, 0.0)
        ipBank = memory.buffer(parts, 0.0)
        self.routing = routing
    }

    var isKept: Bool { parts > 0 }

    mutating func reset() {
        claims.update(repeating: 0)
        unrouted.update(repeating: 0)
        kept.update(repeating: 0)
        ipBank.update(repeating: 0)
    }

    /// Defaults of part `k` at `bank` whose claims are routed (`claim(p)` 万元 to pool p within the
    /// horizon), and `kept` 万元 of loss left with the bank before compensation.
    @inline(__always) func record(part k: Int, bank: Int, kept loss: Double, claim: (Int) -> Double) {
        let base = (k * banks + bank) * pools
        for p in 0..<pools { claims[base + p] += claim(p) }
        kept[k] += loss
    }

    /// The fast path's defaults of part `k` at `bank`: `claim` 万元 before routing (0 past the horizon).
    @inline(__always) func recordUnrouted(part k: Int, bank: Int, claim: Double, kept loss: Double) {
        unrouted[k * banks + bank] += claim
        kept[k] += loss
    }

    /// An IP recovery of `amount` 万元 returned to part `k`'s bank within the horizon.
    @inline(__always) func recordIPRecovery(part k: Int, _ amount: Double) { ipBank[k] += amount }

    /// The path's end: what each pool paid each bank (`paidToBank[pool][bank]`) shared over the parts by
    /// their claims on that pool at that bank, and the net losses.
    func close(paidToBank: [[Double]]) -> PathAttribution {
        var out = PathAttribution()
        guard isKept else { return out }
        out.paid = Array(repeating: 0, count: parts)
        func claim(_ k: Int, _ b: Int, _ p: Int) -> Double {
            let i = (k * banks + b) * pools + p
            return routing.isEmpty ? claims[i] : claims[i] + unrouted[k * banks + b] * routing[i]
        }
        for p in 0..<pools {
            for b in 0..<banks where paidToBank[p][b] != 0 {
                var filed = 0.0
                for k in 0..<parts { filed += claim(k, b, p) }
                guard filed > 0 else { continue }
                for k in 0..<parts { out.paid[k] += paidToBank[p][b] * (claim(k, b, p) / filed) }
            }
        }
        out.netLoss = (0..<parts).map { kept[$0] - out.paid[$0] - ipBank[$0] }
        return out
    }
}

extension CompiledScenario {
    /// The cohorts a run attributes the pools' payouts to: all, with two or more and a pool (else none).
    public var cohortParts: [String] { cohorts.count > 1 && !pools.isEmpty ? scenario.cohorts.map(\.name) : [] }
    /// The output sectors a run attributes to, then `noSectorPart` for loans of none: with one sector or more and a pool.
    public var sectorParts: [String] { !sectorNames.isEmpty && !pools.isEmpty ? sectorNames + [Self.noSectorPart] : [] }
    public static let noSectorPart = "(no sector)"

    /// Per cohort, bank and pool, the share of a fast-path loan's pool claim its routing files with
    /// the pool (`StepBookings` files the class's claim × its routing factors).
    var fastPathRouting: [Double] { Array(schemes.poolFactor) }
}

/// Who drew on the pools on one path, by part of the book (cohorts, or output sectors): the parts
/// `RiskContribution` allocates the payouts and the banks' net loss over (docs/model.md §4).
///
/// While the path runs, the engine keeps each part's pool claims filed within the horizon per bank,
/// the loss its banks keep before compensation (the loss less the guarantor's, insurer's and
/// appraiser's shares) and the IP recoveries returned to its banks within the horizon
/// (`AttributionSums`). At the path's end each bank's compensation received is shared among the parts
/// in proportion to their claims filed with it (pro rata within a bank: exact when every claim is
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
struct AttributionSums {
    let parts: Int
    let banks: Int
    /// `[part × banks + bank]`: pool claims filed within the horizon (the fast path's before routing,
    /// scaled by `routed` at the end); per part the loss kept before compensation and the bank's IP
    /// recoveries within the horizon.
    private let claims: UnsafeMutableBufferPointer<Double>
    private let kept: UnsafeMutableBufferPointer<Double>
    private let ipBank: UnsafeMutableBufferPointer<Double>
    /// `[part × banks + bank]`: the share of a claim recorded before routing that reaches a pool (1: recorded routed).
    private let routed: [Double]

    init(parts: Int, banks: Int, routed: [Double]? = nil, memory: EngineMemory) {
        (self.parts, self.banks) = (parts, banks)
        claims = memory.buffer(parts * banks, 0.0)
        kept = memory.buffer(parts, 0.0)
        ipBank = memory.buffer(parts, 0.0)
        self.routed = routed ?? Array(repeating: 1, count: parts * banks)
    }

    var isKept: Bool { parts > 0 }

    mutating func reset() {
        claims.update(repeating: 0)
        kept.update(repeating: 0)
        ipBank.update(repeating: 0)
    }

    /// Defaults of part `k` at `bank`: `claim` 万元 filed with the pools within the horizon (0 past
    /// it) and `kept` 万元 of loss left with the bank before compensation.
    @inline(__always) func record(part k: Int, bank: Int, claim: Double, kept loss: Double) {
        claims[k * banks + bank] += claim
        kept[k] += loss
    }

    /// An IP recovery of `amount` 万元 returned to part `k`'s bank within the horizon.
    @inline(__always) func recordIPRecovery(part k: Int, _ amount: Double) { ipBank[k] += amount }

    /// The path's end: each bank's `compensationPaid` shared over the parts by their claims, and the net losses.
    func close(compensationPaid: [Double]) -> PathAttribution {
        var out = PathAttribution()
        guard isKept else { return out }
        out.paid = Array(repeating: 0, count: parts)
        for b in 0..<banks where compensationPaid[b] != 0 {
            var filed = 0.0
            for k in 0..<parts { filed += claims[k * banks + b] * routed[k * banks + b] }
            guard filed > 0 else { continue }
            for k in 0..<parts { out.paid[k] += compensationPaid[b] * (claims[k * banks + b] * routed[k * banks + b] / filed) }
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

    /// Per cohort and bank, the share of a fast-path loan's pool claim its routing files with the pools
    /// (`StepBookings` files the class's claim × its routing factors); 1 where claims go the per-loan way.
    var fastPathRouting: [Double] {
        let banks = bankShares.count, pools = self.pools.count
        return (0..<cohorts.count * banks).map { cb in
            guard schemes.single[cb] != -1 else { return 1 }
            return (0..<pools).reduce(0) { $0 + schemes.poolFactor[cb * pools + $1] }
        }
    }
}

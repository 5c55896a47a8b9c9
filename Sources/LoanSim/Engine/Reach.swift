import RiskModel

/// Programme reach on one path: how many distinct firms of each type had a programme loan, out of how
/// many firms of that type there were (the cohorts' firms, eligible or not, and the new firms that
/// arrived). A fixed-size record, so a path's outcome needs no allocation for it.
public struct FirmCounts: Sendable, Equatable, Codable {
    public var hightech = 0.0
    public var techSME = 0.0
    public var startup = 0.0

    public init() {}

    public subscript(_ type: FirmType) -> Double {
        get {
            switch type {
            case .hightech: return hightech
            case .techSME: return techSME
            case .startup: return startup
            }
        }
        set {
            switch type {
            case .hightech: hightech = newValue
            case .techSME: techSME = newValue
            case .startup: startup = newValue
            }
        }
    }
}

/// Who the programme's loans went to, per cohort, on one path (docs/model.md §3.4): firms that never had
/// a programme loan (`untouched`, among the firms without one), and how a step's grants split into
/// renewals, first-time and returning borrowers. Fresh applicants are a uniform draw from the firms
/// without a loan, so the first-time firms among them are hypergeometric; the loans granted are a
/// uniform subset of the applicants (renewing firms are served first). The draws use the cohort's own
/// `reach` stream, so no other stream moves, and are skipped where the answer is certain.
struct ReachLedger {
    /// Per cohort: firms without a programme loan that never had one.
    let untouched: UnsafeMutableBufferPointer<Int>
    /// Per cohort × bank: this step's renewals among the allotments.
    let renewals: UnsafeMutableBufferPointer<Int>
    /// Per cohort: this step's fresh applicants, and the first-time firms among them.
    let applicants: UnsafeMutableBufferPointer<Int>
    let firstApplicants: UnsafeMutableBufferPointer<Int>

    init(cohorts: Int, banks: Int, memory: EngineMemory) {
        untouched = memory.buffer(cohorts, 0)
        renewals = memory.buffer(cohorts * banks, 0)
        applicants = memory.buffer(cohorts, 0)
        firstApplicants = memory.buffer(cohorts, 0)
    }

    mutating func clearStep() {
        for i in renewals.indices { renewals[i] = 0 }
        for c in applicants.indices {
            applicants[c] = 0
            firstApplicants[c] = 0
        }
    }

    /// `fresh` of cohort `c`'s `idle` firms apply: how many of them never had a programme loan.
    mutating func drawApplicants(_ fresh: Int, cohort c: Int, idle: Int, rng: StreamRef) {
        applicants[c] = fresh
        firstApplicants[c] = Self.sample(fresh, good: untouched[c], bad: idle - untouched[c], rng: rng)
    }

    /// Of `granted` loans to (cohort, bank) slot `slot`, how many are renewals (served first).
    mutating func takeRenewals(_ granted: Int, slot: Int) -> Int {
        let r = min(renewals[slot], granted)
        renewals[slot] -= r
        return r
    }

    /// First-time borrowers among `fresh` loans granted to cohort `c`: a uniform subset of the step's
    /// applicants; loans beyond them (allotments carried from earlier steps) go to other firms without a
    /// loan, `idle` of them after the grants.
    mutating func firstTime(_ fresh: Int, cohort c: Int, idleAfter idle: Int, rng: StreamRef) -> Int {
        let fromApplicants = min(fresh, applicants[c])
        var k = Self.sample(fromApplicants, good: firstApplicants[c], bad: applicants[c] - firstApplicants[c], rng: rng)
        let extra = fresh - fromApplicants
        if extra > 0 {
            let left = untouched[c] - firstApplicants[c]
            k += Self.sample(extra, good: left, bad: idle + extra - left, rng: rng)
        }
        untouched[c] -= k
        return k
    }

    /// Successes in `draws` draws without replacement from `good` + `bad` (no draw when it is certain).
    static func sample(_ draws: Int, good: Int, bad: Int, rng: StreamRef) -> Int {
        let g = max(0, good), b = max(0, bad), d = min(max(0, draws), g + b)
        if d == 0 || g == 0 { return 0 }
        if b == 0 { return d }
        return rng.hypergeometric(good: g, bad: b, draws: d)
    }
}

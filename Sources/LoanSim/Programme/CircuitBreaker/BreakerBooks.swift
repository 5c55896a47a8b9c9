/// The books the circuit breakers read (`breaker.cohorts`): book k is one distinct list of cohorts named
/// by a breaker (or by a reading of it), or the whole programme book for breakers without a list.
/// Compiled once per scenario; each cohort carries a mask of the books it is in, so that a default is
/// counted in each of them, and a bank's lending is suspended per book.
public struct BreakerBooks: Sendable {
    /// Number of books (0 without breakers; 1 for every scenario whose breakers name no cohorts).
    public let count: Int
    /// Per book: whether it is the whole programme book (tape and fund-backed loans included).
    public let whole: [Bool]
    /// Per cohort: bit k set when the cohort is in book k.
    public let cohortMask: [UInt32]
    /// The whole book's bits (tape and fund-backed loans count in these).
    public let wholeMask: UInt32
    /// Per breaker list (the scenario's, then each reading's), per breaker: its book.
    let bookOf: [[Int]]

    /// The most books a scenario may have (the width of a mask).
    public static let most = 32

    init(_ lists: [[BreakerSpec]], cohorts: [String]) {
        var books: [[String]] = []
        bookOf = lists.map { list in
            list.map { spec in
                if let k = books.firstIndex(of: spec.cohorts) { return k }
                books.append(spec.cohorts)
                return books.count - 1
            }
        }
        precondition(books.count <= Self.most, "more than \(Self.most) breaker books")   // the reader refuses more (checkBreakerBooks)
        count = books.count
        whole = books.map(\.isEmpty)
        var wholeMask: UInt32 = 0
        for (k, b) in books.enumerated() where b.isEmpty { wholeMask |= 1 << UInt32(k) }
        self.wholeMask = wholeMask
        cohortMask = cohorts.map { name in
            var mask: UInt32 = 0
            for (k, b) in books.enumerated() where b.isEmpty || b.contains(name) { mask |= 1 << UInt32(k) }
            return mask
        }
    }

    /// Whether cohort `c` is in book `k`.
    @inline(__always) func contains(cohort c: Int, book k: Int) -> Bool { cohortMask[c] & (1 << UInt32(k)) != 0 }
}

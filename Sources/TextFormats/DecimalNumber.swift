/// The one parser of numbers written as text — scenario values, history and tape cells, priors, bounds,
/// targets on the command line: decimal only (an optional sign, digits with at most one point, an
/// optional exponent) and finite. `0x10`, `0x1p3`, `1_000`, `inf`, `nan`, `.`, `1e` and `٣` are not
/// numbers here, though Swift's `Double(_:)` takes some of them; range checks stay with the caller,
/// who knows the position to name.
public enum DecimalNumber {
    public static func parse<S: StringProtocol>(_ text: S) -> Double? {
        guard isWellFormed(text), let v = Double(String(text)), v.isFinite else { return nil }
        return v
    }

    /// Whether `text` is written as a decimal number (whatever its size: `1e400` is well formed, and
    /// out of every range).
    public static func isWellFormed<S: StringProtocol>(_ text: S) -> Bool {
        let u = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            return i - start
        }
        if i < u.count, u[i] == 43 || u[i] == 45 { i += 1 }
        var mantissa = digits()
        if i < u.count, u[i] == 46 {
            i += 1
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if i < u.count, u[i] == 101 || u[i] == 69 {
            i += 1
            if i < u.count, u[i] == 43 || u[i] == 45 { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == u.count
    }
}

/// The one CSV reader of the project (RFC 4180 fields on one line): used for default histories, factor
/// paths and, in reports, the CSVs LoanSim writes (whose writer quotes fields with `,` or `"` and
/// doubles the quotes inside).
public enum CSVLine {
    /// The fields of `line` and the 1-based column where each starts. Quoted fields may contain `,`
    /// and `""` (one quote); an unterminated quote runs to the end of the line.
    public static func split(_ line: some StringProtocol) -> (fields: [String], starts: [Int]) {
        if let plain = splitPlain(line) { return plain }
        var fields: [String] = [], starts: [Int] = [1]
        var current = "", quoted = false
        var column = 1
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            current.append("\"")
                            column += 1
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(current)
                current = ""
                starts.append(column + 1)
            } else {
                current.append(ch)
            }
            column += 1
        }
        fields.append(current)
        return (fields, starts)
    }

    /// The same split for a line of ASCII without quotes (most lines of a tape), over its bytes: a byte
    /// is then a column. Nil for any other line.
    static func splitPlain(_ line: some StringProtocol) -> (fields: [String], starts: [Int])? {
        let bytes = line.utf8
        var fields: [String] = [], starts: [Int] = [1]
        var fieldStart = bytes.startIndex
        var column = 1
        for i in bytes.indices {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") || b >= 0x80 { return nil }
            if b == UInt8(ascii: ",") {
                fields.append(String(decoding: bytes[fieldStart..<i], as: UTF8.self))
                fieldStart = bytes.index(after: i)
                starts.append(column + 1)
            }
            column += 1
        }
        fields.append(String(decoding: bytes[fieldStart..<bytes.endIndex], as: UTF8.self))
        return (fields, starts)
    }

    /// Just the fields.
    public static func fields(_ line: some StringProtocol) -> [String] { split(line).fields }
}

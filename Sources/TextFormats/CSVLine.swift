/// The one CSV reader of the project (RFC 4180 fields on one line): used for default histories, factor
/// paths and, in reports, the CSVs LoanSim writes (whose writer quotes fields with `,` or `"` and
/// doubles the quotes inside).
public enum CSVLine {
    /// The fields of `line` and the 1-based column where each starts. Quoted fields may contain `,`
    /// and `""` (one quote); an unterminated quote runs to the end of the line.
    public static func split(_ line: some StringProtocol) -> (fields: [String], starts: [Int]) {
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

    /// Just the fields.
    public static func fields(_ line: some StringProtocol) -> [String] { split(line).fields }
}

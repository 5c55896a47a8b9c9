extension String {
    /// The lines of a text file, whatever its line endings (LF, CRLF or CR). Splitting on "\n" alone
    /// misses CRLF: "\r\n" is a single Character in Swift.
    public var fileLines: [Substring] {
        split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}

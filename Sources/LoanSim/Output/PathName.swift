/// A file name's folder, as `NSString.deletingLastPathComponent` gives it: "a/b" → "a", "a" → "",
/// "/a" → "/", "a/b/" → "a". Foundation's own crashes (illegal instruction) on a one-letter name such
/// as `--out o` or on "b/" (swift-corelibs-foundation on this toolchain), so every caller uses this.
public enum PathName {
    public static func parent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        var head = p[..<slash]
        while head.count > 1, head.hasSuffix("/") { head = head.dropLast() }
        return head.isEmpty ? "/" : String(head)
    }
}

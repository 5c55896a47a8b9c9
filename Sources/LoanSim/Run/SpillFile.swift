import Crypto
import Foundation

/// One spilled column or series step on disk: the format line `LOANSIM SPILL 1\n` (16 bytes), the
/// values in path order (native `Double`s or `Float`s), and the SHA-256 of the values (32 bytes). The
/// writer hashes as it appends; the reader hashes as it loads and checks the file's size, its format
/// line, its trailer and the digest the writer kept in memory, so a byte changed anywhere is refused.
enum SpillFile {
    static let magic = Array("LOANSIM SPILL 1\n".utf8)
    static let digestBytes = 32

    /// Creates the file with its format line (replacing any file of that name).
    static func create(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OutputError(text: "cannot write the spill file \(path): \(String(cString: strerror(errno)))", exitCode: 74) }
        defer { Glibc.close(fd) }
        try magic.withUnsafeBytes { try writeAll(fd, $0, path: path) }
    }

    /// Appends `values` to the file and to its running digest.
    static func append<T>(_ values: [T], to path: String, hasher: inout SHA256) throws {
        guard !values.isEmpty else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(text: "cannot write the spill file \(path): \(String(cString: strerror(errno)))", exitCode: 74) }
        defer { Glibc.close(fd) }
        try values.withUnsafeBytes { raw in
            hasher.update(bufferPointer: raw)
            try writeAll(fd, raw, path: path)
        }
    }

    /// Ends the file with its digest, which the caller keeps to check the file when it is read.
    static func finish(_ path: String, hasher: SHA256) throws -> [UInt8] {
        let digest = Array(hasher.finalize())
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(text: "cannot write the spill file \(path): \(String(cString: strerror(errno)))", exitCode: 74) }
        defer { Glibc.close(fd) }
        try digest.withUnsafeBytes { try writeAll(fd, $0, path: path) }
        return digest
    }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < raw.count {
            let n = write(fd, raw.baseAddress! + done, raw.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw OutputError(text: "cannot write \(path): \(String(cString: strerror(errno)))", exitCode: 74) }
            done += n
        }
    }

    /// The file's `count` values, or why they cannot be trusted (unreadable, another size, another format
    /// line, a digest that does not match).
    static func load<T>(_ path: String, count: Int, digest expected: [UInt8]) -> Result<[T], OutputError> {
        func damaged(_ why: String) -> Result<[T], OutputError> {
            .failure(OutputError(text: "the spill file \(path) \(why): the run's results on disk were changed while it ran; run it again", exitCode: 74))
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return damaged("cannot be read (\(String(cString: strerror(errno))))") }
        defer { Glibc.close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, Int(st.st_size) == magic.count + count * MemoryLayout<T>.stride + digestBytes else {
            return damaged("is not \(count) values long")
        }
        var head = [UInt8](repeating: 0, count: magic.count)
        var trailer = [UInt8](repeating: 0, count: digestBytes)
        var ok = head.withUnsafeMutableBytes { readAll(fd, $0) }
        var hasher = SHA256()
        let values = [T](unsafeUninitializedCapacity: count) { buf, n in
            let raw = UnsafeMutableRawBufferPointer(buf)
            ok = ok && readAll(fd, raw)
            if ok { hasher.update(bufferPointer: UnsafeRawBufferPointer(raw)) } else { raw.initializeMemory(as: UInt8.self, repeating: 0) }
            n = count
        }
        ok = ok && trailer.withUnsafeMutableBytes { readAll(fd, $0) }
        guard ok, head == magic else { return damaged("is not a LoanSim spill file of this format") }
        let digest = Array(hasher.finalize())
        guard digest == trailer, digest == expected else { return damaged("does not match the SHA-256 written with it") }
        return .success(values)
    }

    private static func readAll(_ fd: Int32, _ raw: UnsafeMutableRawBufferPointer) -> Bool {
        var done = 0
        while done < raw.count {
            let r = read(fd, raw.baseAddress! + done, raw.count - done)
            if r < 0 && errno == EINTR { continue }
            guard r > 0 else { return false }
            done += r
        }
        return true
    }
}

/// The first spill file found damaged while a summary read the table (reads cannot throw through
/// `OutcomeTable`): the run checks it before writing anything and fails naming the file.
final class SpillDamage: @unchecked Sendable {
    private let lock = NSLock()
    private var first: OutputError?

    func record(_ e: OutputError) { lock.withLock { if first == nil { first = e } } }
    func check() throws { if let e = lock.withLock({ first }) { throw e } }
}

import Foundation

/// An output folder held by this process from the start of a command to its end: checked, created if
/// need be, and locked (`.loansim.lock`, `flock`), so that a second command into the same folder fails
/// at once (exit 75) for as long as the first runs, not only while it writes. If the command created
/// the folder and ends without writing its result there (an error, a full disk, SIGINT or SIGTERM), the
/// lock and the folders it created are removed again (`rmdir`: never anything else in them), so a
/// refused command leaves the file system as it was.
public final class FolderClaim: @unchecked Sendable {
    private static let registry = NSLock()
    nonisolated(unsafe) private static var held: [String: FolderClaim] = [:]

    let directory: String
    let lockPath: String
    let lock: FolderLock
    /// Folders this claim created, deepest first.
    let created: [String]
    private(set) var written = false

    private init(directory: String, lockPath: String, lock: FolderLock, created: [String]) {
        (self.directory, self.lockPath, self.lock, self.created) = (directory, lockPath, lock, created)
    }

    /// Claims `directory` for this process (again: the same claim).
    @discardableResult
    public static func claim(_ directory: String) throws -> FolderClaim {
        let path = directory.isEmpty ? "." : directory
        try OutputDirectory.check(path)
        let key = canonical(path)
        if let c = registry.withLock({ held[key] }) { return c }
        var missing: [String] = []
        var p = path
        while !p.isEmpty, OutputDirectory.kind(of: p) == nil {
            missing.append(p)
            p = PathName.parent(p)
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw OutputError(text: "cannot create the folder \(directory): \(FileError.reason(error))")
        }
        for m in missing { TemporaryFiles.shared.rememberFolder(m) }
        let lockPath = (path as NSString).appendingPathComponent(AtomicFiles.lockName)
        if !missing.isEmpty { TemporaryFiles.shared.remember(lockPath) }
        let lock: FolderLock
        do { lock = try FolderLock(path, wait: false) } catch {
            removeCreated(lockPath: nil, folders: missing)   // a lock file there is another process's
            throw error
        }
        let claim = FolderClaim(directory: path, lockPath: lockPath, lock: lock, created: missing)
        registry.withLock { held[canonical(path)] = claim }
        return claim
    }

    /// The claim this process holds on `directory`, if any.
    static func existing(_ directory: String) -> FolderClaim? {
        registry.withLock { held[canonical(directory.isEmpty ? "." : directory)] }
    }

    /// A result set is in place: the folder stays, whatever happens next.
    func markWritten() {
        written = true
        TemporaryFiles.shared.forget(lockPath)
        for m in created { TemporaryFiles.shared.forgetFolder(m) }
    }

    /// Ends every claim of a command that failed: folders it created and left without a result are
    /// removed with their lock.
    public static func abandonAll() {
        let claims = registry.withLock { () -> [FolderClaim] in
            defer { held = [:] }
            return Array(held.values)
        }
        for c in claims where !c.written && !c.created.isEmpty {
            removeCreated(lockPath: c.lockPath, folders: c.created)
            c.lock.release()
        }
    }

    private static func removeCreated(lockPath: String?, folders: [String]) {
        if let lockPath {
            unlink(lockPath)
            TemporaryFiles.shared.forget(lockPath)
        }
        for f in folders {
            rmdir(f)
            TemporaryFiles.shared.forgetFolder(f)
        }
    }

    private static func canonical(_ path: String) -> String {
        guard let r = realpath(path, nil) else { return path }
        defer { free(r) }
        return String(cString: r)
    }
}

import Crypto
import Dispatch
import Foundation

/// Writes a set of files into a folder so that a reader never mistakes a mixture for a result set.
///
/// - A lock (`.loansim.lock`, `flock`) admits one writer per folder; a second fails at once, naming it.
/// - Every file goes to a hidden temporary file first (`.NAME.tmp-PID`); temporaries of dead processes
///   are swept at the next write, and SIGINT/SIGTERM remove this process's before it exits.
/// - A set of several files also gets `manifest.json` (each file's SHA-256 and size, and a set id):
///   the old manifest is removed before the first rename and the new one renamed in last, so a folder
///   whose files do not match its manifest, or that has none, is visibly not one complete set
///   (`ResultSetCheck` verifies it; `loansim report` refuses a mismatch).
/// - Only regular files or new paths are replaced: a rename over /dev/full or a FIFO would replace the
///   device itself.
public enum AtomicFiles {
    public static let manifestName = "manifest.json"
    static let lockName = ".loansim.lock"

    public static func write(_ files: [(name: String, contents: String)], into directory: String) throws {
        try write(data: files.map { (name: $0.name, data: Data($0.contents.utf8)) }, into: directory)
    }

    public static func write(data files: [(name: String, data: Data)], into directory: String) throws {
        try write(files.map { (name: $0.name, contents: .data($0.data)) }, into: directory)
    }

    /// What goes into one file of a set: bytes, or a file already written in full to a temporary path
    /// inside the folder (`temporaryPath(for:in:)`; a file too large to hold, such as a spilled run's paths.csv).
    public enum Contents {
        case data(Data)
        case prepared(path: String)
    }

    /// The temporary path this process writes `name` to inside `directory` before renaming it in place;
    /// registered for removal on SIGINT/SIGTERM.
    public static func temporaryPath(for name: String, in directory: String) -> String {
        let temp = (directory as NSString).appendingPathComponent(".\(name).tmp-\(getpid())")
        TemporaryFiles.shared.remember(temp)
        return temp
    }

    /// Refuses, before any work, a target in `directory` that exists and is not a regular file.
    public static func checkTargets(_ names: [String], in directory: String) throws {
        for name in names + [manifestName] {
            let final = (directory as NSString).appendingPathComponent(name)
            if let type = (try? FileManager.default.attributesOfItem(atPath: final))?[.type] as? FileAttributeType, type != .typeRegular {
                throw OutputError(text: "\(final) exists and is not a regular file; give a new path or a regular file")
            }
        }
    }

    public static func write(_ files: [(name: String, contents: Contents)], into directory: String) throws {
        let fm = FileManager.default
        try checkTargets(files.map(\.name), in: directory)
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(text: "cannot create the folder \(directory): \(FileError.reason(error))")
        }
        // The command's own claim on the folder (taken at its start), or a lock for this write alone.
        let claim = FolderClaim.existing(directory)
        let lock = claim == nil ? try FolderLock(directory) : nil
        defer { lock?.release() }
        sweepStaleTemporaries(in: directory)

        var temps: [(temp: String, final: String)] = []
        defer { for t in temps { TemporaryFiles.shared.forget(t.temp) } }
        do {
            var hashed: [(name: String, sha256: String, bytes: Int)] = []
            for f in files {
                let final = (directory as NSString).appendingPathComponent(f.name)
                switch f.contents {
                case .data(let data):
                    let temp = temporaryPath(for: f.name, in: directory)
                    temps.append((temp, final))
                    do {
                        try data.write(to: URL(fileURLWithPath: temp))
                    } catch {
                        throw OutputError(text: "cannot write \(final): \(FileError.reason(error))", exitCode: 74)
                    }
                    hashed.append((f.name, sha256(data), data.count))
                case .prepared(let temp):
                    temps.append((temp, final))
                    let (hash, bytes) = try sha256(file: temp)
                    hashed.append((f.name, hash, bytes))
                }
            }
            if files.count > 1 {
                let temp = temporaryPath(for: manifestName, in: directory)
                temps.append((temp, (directory as NSString).appendingPathComponent(manifestName)))
                do { try manifest(for: hashed).write(to: URL(fileURLWithPath: temp)) } catch {
                    throw OutputError(text: "cannot write \(temp): \(FileError.reason(error))", exitCode: 74)
                }
                unlink((directory as NSString).appendingPathComponent(manifestName))
            }
            for t in temps {
                guard rename(t.temp, t.final) == 0 else {
                    throw OutputError(text: "cannot write \(t.final): \(String(cString: strerror(errno)))", exitCode: 74)
                }
            }
            claim?.markWritten()
        } catch {
            for t in temps { unlink(t.temp) }
            throw error
        }
    }

    /// `{"set": id, "files": {name: {sha256, bytes}}}` for the files of one set; the id is the SHA-256
    /// of the files' names and hashes, so the same run writes the same manifest.
    static func manifest(for files: [(name: String, sha256: String, bytes: Int)]) -> Data {
        var entries: [String: JSONValue] = [:]
        var hashes: [String: String] = [:]
        for f in files {
            hashes[f.name] = f.sha256
            entries[f.name] = .object([("sha256", .string(f.sha256)), ("bytes", .integer(f.bytes))])
        }
        let names = files.map(\.name).sorted()
        let id = sha256(Data(names.map { "\($0) \(hashes[$0]!)\n" }.joined().utf8))
        return Data(JSONValue.object([("set", .string(id)), ("files", .object(names.map { ($0, entries[$0]!) }))]).rendered().utf8)
    }

    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// The SHA-256 and size of a file, read in 4 MB pieces.
    static func sha256(file path: String) throws -> (String, Int) {
        guard let h = FileHandle(forReadingAtPath: path) else { throw OutputError(text: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { try? h.close() }
        var hasher = SHA256()
        var bytes = 0
        while let chunk = try h.read(upToCount: 4 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            bytes += chunk.count
        }
        return (hasher.finalize().map { String(format: "%02x", $0) }.joined(), bytes)
    }

    /// Removes `.NAME.tmp-PID` files left by processes that no longer run (killed with SIGKILL, or a
    /// full disk).
    static func sweepStaleTemporaries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(".") {
            guard let r = name.range(of: ".tmp-", options: .backwards), let pid = Int32(name[r.upperBound...]) else { continue }
            if pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
            }
        }
    }
}

/// An exclusive, non-blocking `flock` on `FOLDER/.loansim.lock`, held while a set is written.
struct FolderLock {
    let fd: Int32

    /// Takes the folder's lock; with `wait`, waits up to 10 s for another writer to let it go.
    init(_ directory: String, wait: Bool = true) throws {
        let path = (directory as NSString).appendingPathComponent(AtomicFiles.lockName)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(text: "cannot create the lock \(path): \(String(cString: strerror(errno)))") }
        // A write without a claim on its folder (a shard, a report file) waits up to 10 s for another
        // writer's few milliseconds of renames (the N shards of a run finish together into one folder);
        // a folder held by a running command stays refused.
        var tries = 0
        let limit = wait ? 500 : 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard tries < limit else { tries = -1; break }
            usleep(20_000)
            tries += 1
        }
        guard tries >= 0 else {
            close(fd)
            throw OutputError(text: "another LoanSim process is writing to \(directory) (it holds \(path)); wait for it to finish or give another --out",
                              exitCode: 75)
        }
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

/// This process's temporary files, removed if SIGINT or SIGTERM arrives while they exist.
final class TemporaryFiles: @unchecked Sendable {
    static let shared = TemporaryFiles()
    private let lock = NSLock()
    private var paths: Set<String> = []
    /// Deepest first.
    private var folders: [String] = []
    private var sources: [DispatchSourceSignal] = []

    private init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [unowned self] in
                self.lock.lock()
                for p in self.paths { try? FileManager.default.removeItem(atPath: p) }
                for f in self.folders { rmdir(f) }
                // Exit the way the signal would have: 128 + its number.
                exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// A folder this process created and removes (`rmdir`: only if empty) on SIGINT or SIGTERM.
    func rememberFolder(_ path: String) { lock.withLock { folders.append(path) } }
    func forgetFolder(_ path: String) { lock.withLock { folders.removeAll { $0 == path } } }

    func remember(_ path: String) {
        lock.lock()
        paths.insert(path)
        lock.unlock()
    }

    func forget(_ path: String) {
        lock.lock()
        paths.remove(path)
        lock.unlock()
    }
}

import Foundation

/// A run's table spilled to disk, so that memory stays flat in the number of paths: every `PathColumn`
/// as a file of `Double`s and every series step as a file of `Float`s, in path order, inside a hidden
/// folder of the output directory (`.spill.tmp-PID`, removed when the run ends, on SIGINT/SIGTERM, or by
/// the next write into the folder if the process was killed). The summary loads one column at a time
/// (8 bytes per path) and computes exactly what it computes in memory: quantiles and ES by sorting the
/// whole column, so they stay exact.
public final class SpillWriter {
    public let directory: String
    let columns: [PathColumn]
    let seriesFiles: Int
    let perPath: Int
    let flushAt: Int
    private var buffers: [[Double]]
    private var seriesBuffers: [[Float]]
    private(set) var paths = 0
    private var buffered = 0
    private let pathsCSV: PathsCSVStream?

    /// A spill for a run of `model` inside `outDirectory`; with `pathsCSV`, the run's `paths.csv` is
    /// written as the blocks arrive, to a temporary file beside it.
    public init(model: CompiledScenario, outDirectory: String, tag: String, pathsCSV: PathsCSVStream?) throws {
        directory = (outDirectory as NSString).appendingPathComponent(".spill-\(tag).tmp-\(getpid())")
        TemporaryFiles.shared.remember(directory)
        try? FileManager.default.removeItem(atPath: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(text: "cannot create the spill folder \(directory): \(error.localizedDescription)")
        }
        columns = PathColumn.all(for: model)
        perPath = PathEngine.seriesLength(model)
        seriesFiles = perPath
        // About 64 MB of buffers whatever the number of columns, written in pieces of at least 1,024 values.
        flushAt = max(1024, (64 << 20) / (8 * (columns.count + perPath)))
        buffers = Array(repeating: [], count: columns.count)
        seriesBuffers = Array(repeating: [], count: perPath)
        self.pathsCSV = pathsCSV
    }

    /// Appends a block's paths (blocks must come in block order).
    func append(_ block: Simulation.BlockResult) throws {
        block.outcomes.withUnsafeBufferPointer { buf in
            for c in columns.indices {
                let read = columns[c].read
                for j in buf.indices { buffers[c].append(read(buf.baseAddress! + j)) }
            }
        }
        for i in 0..<block.outcomes.count {
            for k in 0..<perPath { seriesBuffers[k].append(block.series[i * perPath + k]) }
        }
        try pathsCSV?.append(block.outcomes, first: paths)
        paths += block.outcomes.count
        buffered += block.outcomes.count
        if buffered >= flushAt { try flush() }
    }

    /// Writes what is buffered and returns the table to read.
    public func finish() throws -> SpilledTable {
        try flush()
        try pathsCSV?.close()
        return SpilledTable(directory: directory, columns: columns.map(\.id), count: paths, steps: perPath / SeriesStore.names.count)
    }

    /// Removes the spill folder.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
        TemporaryFiles.shared.forget(directory)
    }

    private func flush() throws {
        buffered = 0
        for c in buffers.indices {
            try Self.append(buffers[c], to: SpilledTable.columnFile(directory, c))
            buffers[c].removeAll(keepingCapacity: true)
        }
        for k in seriesBuffers.indices {
            try Self.append(seriesBuffers[k], to: SpilledTable.seriesFile(directory, k))
            seriesBuffers[k].removeAll(keepingCapacity: true)
        }
    }

    static func append<T>(_ values: [T], to path: String) throws {
        guard !values.isEmpty else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OutputError(text: "cannot write the spill file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try values.withUnsafeBytes { raw in try writeAll(fd, raw, path: path) }
    }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < raw.count {
            let n = write(fd, raw.baseAddress! + done, raw.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw OutputError(text: "cannot write \(path): \(String(cString: strerror(errno)))") }
            done += n
        }
    }
}

/// The spilled columns of a run, read one at a time.
public struct SpilledTable: OutcomeTable {
    let directory: String
    let index: [ColumnID: Int]
    public let count: Int
    let steps: Int

    init(directory: String, columns: [ColumnID], count: Int, steps: Int) {
        self.directory = directory
        index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        self.count = count
        self.steps = steps
    }

    static func columnFile(_ directory: String, _ c: Int) -> String { (directory as NSString).appendingPathComponent("c\(c).f64") }
    static func seriesFile(_ directory: String, _ k: Int) -> String { (directory as NSString).appendingPathComponent("s\(k).f32") }

    public func hasColumn(_ id: ColumnID) -> Bool { index[id] != nil }

    public func column(_ id: ColumnID) -> [Double] {
        guard let c = index[id] else { preconditionFailure("no column \(id)") }
        return Self.load(Self.columnFile(directory, c), count: count)
    }

    /// The engine's series layout is `[series][step]` per path.
    public func series(_ series: Int, step: Int) -> [Float] {
        Self.load(Self.seriesFile(directory, series * steps + step), count: count)
    }

    /// The file's `count` values. The file was written by this process moments before; a short read
    /// means the disk lost it, which no result can survive.
    static func load<T>(_ path: String, count: Int) -> [T] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        precondition(fd >= 0, "cannot read the spill file \(path): \(String(cString: strerror(errno)))")
        defer { Glibc.close(fd) }
        return [T](unsafeUninitializedCapacity: count) { buf, n in
            let raw = UnsafeMutableRawBufferPointer(buf)
            var done = 0
            while done < raw.count {
                let r = read(fd, raw.baseAddress! + done, raw.count - done)
                if r < 0 && errno == EINTR { continue }
                precondition(r > 0, "the spill file \(path) is shorter than its \(count) values")
                done += r
            }
            n = count
        }
    }
}

/// `paths.csv` written block by block to its temporary file in the output folder.
public final class PathsCSVStream {
    let info: RunInfo
    let stepMonths: Int
    public let temporaryPath: String
    private var fd: Int32

    public init(info: RunInfo, stepMonths: Int, directory: String) throws {
        self.info = info
        self.stepMonths = stepMonths
        temporaryPath = AtomicFiles.temporaryPath(for: "paths.csv", in: directory)
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(text: "cannot write \(temporaryPath): \(String(cString: strerror(errno)))") }
        try write(RunWriters.pathsCSVHeader(info))
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    func append(_ outcomes: [PathOutcome], first: Int) throws {
        var out = ""
        out.reserveCapacity(outcomes.count * MetricDefinition.all.count * 12)
        RunWriters.appendPathRows(&out, outcomes, first: first, pools: info.poolNames.count, funds: info.fundNames.count, stepMonths: stepMonths,
                                  weighted: info.weighted)
        try write(out)
    }

    func close() throws {
        guard fd >= 0 else { return }
        let r = Glibc.close(fd)
        fd = -1
        guard r == 0 else { throw OutputError(text: "cannot write \(temporaryPath): \(String(cString: strerror(errno)))") }
    }

    private func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try SpillWriter.writeAll(fd, UnsafeRawBufferPointer($0), path: temporaryPath) }
    }
}

import Crypto
import Foundation

/// A run's table spilled to disk, so that memory stays flat in the number of paths: every `PathColumn`
/// as a file of `Double`s and every series step as a file of `Float`s, in path order, inside a hidden
/// folder of the output directory (`.spill.tmp-PID`, removed when the run ends, on SIGINT/SIGTERM, or by
/// the next write into the folder if the process was killed). The summary loads one column at a time
/// (8 bytes per path) and computes exactly what it computes in memory: quantiles and ES by sorting the
/// whole column, so they stay exact. Each file carries its format line and SHA-256 (`SpillFile`).
public final class SpillWriter {
    public let directory: String
    let columns: [PathColumn]
    let seriesFiles: Int
    let perPath: Int
    let flushAt: Int
    private var buffers: [[Double]]
    private var seriesBuffers: [[Float]]
    private var columnHashers: [SHA256]
    private var seriesHashers: [SHA256]
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
        columnHashers = Array(repeating: SHA256(), count: columns.count)
        seriesHashers = Array(repeating: SHA256(), count: perPath)
        self.pathsCSV = pathsCSV
        for c in columns.indices { try SpillFile.create(SpilledTable.columnFile(directory, c)) }
        for k in 0..<perPath { try SpillFile.create(SpilledTable.seriesFile(directory, k)) }
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
        let columnDigests = try columns.indices.map { try SpillFile.finish(SpilledTable.columnFile(directory, $0), hasher: columnHashers[$0]) }
        let seriesDigests = try (0..<perPath).map { try SpillFile.finish(SpilledTable.seriesFile(directory, $0), hasher: seriesHashers[$0]) }
        return SpilledTable(directory: directory, columns: columns.map(\.id), count: paths, steps: perPath / SeriesStore.names.count,
                            columnDigests: columnDigests, seriesDigests: seriesDigests)
    }

    /// Removes the spill folder.
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
        TemporaryFiles.shared.forget(directory)
    }

    private func flush() throws {
        buffered = 0
        for c in buffers.indices {
            try SpillFile.append(buffers[c], to: SpilledTable.columnFile(directory, c), hasher: &columnHashers[c])
            buffers[c].removeAll(keepingCapacity: true)
        }
        for k in seriesBuffers.indices {
            try SpillFile.append(seriesBuffers[k], to: SpilledTable.seriesFile(directory, k), hasher: &seriesHashers[k])
            seriesBuffers[k].removeAll(keepingCapacity: true)
        }
    }
}

/// The spilled columns of a run, read one at a time.
public struct SpilledTable: OutcomeTable {
    let directory: String
    let index: [ColumnID: Int]
    public let count: Int
    let steps: Int
    let columnDigests: [[UInt8]]
    let seriesDigests: [[UInt8]]
    let damage = SpillDamage()

    init(directory: String, columns: [ColumnID], count: Int, steps: Int, columnDigests: [[UInt8]], seriesDigests: [[UInt8]]) {
        self.directory = directory
        (self.columnDigests, self.seriesDigests) = (columnDigests, seriesDigests)
        index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        self.count = count
        self.steps = steps
    }

    static func columnFile(_ directory: String, _ c: Int) -> String { (directory as NSString).appendingPathComponent("c\(c).f64") }
    static func seriesFile(_ directory: String, _ k: Int) -> String { (directory as NSString).appendingPathComponent("s\(k).f32") }

    public func hasColumn(_ id: ColumnID) -> Bool { index[id] != nil }

    public func column(_ id: ColumnID) -> [Double] {
        guard let c = index[id] else { preconditionFailure("no column \(id)") }
        return load(Self.columnFile(directory, c), digest: columnDigests[c])
    }

    /// The engine's series layout is `[series][step]` per path.
    public func series(_ series: Int, step: Int) -> [Float] {
        let k = series * steps + step
        return load(Self.seriesFile(directory, k), digest: seriesDigests[k])
    }

    /// Throws if any file read so far was not as written (call after reading, before writing results).
    public func checkIntact() throws { try damage.check() }

    /// The file's `count` values; a damaged file is recorded for `checkIntact` and reads as zeros.
    private func load<T>(_ path: String, digest: [UInt8]) -> [T] {
        switch SpillFile.load(path, count: count, digest: digest) as Result<[T], OutputError> {
        case .success(let values): return values
        case .failure(let e):
            damage.record(e)
            return [T](unsafeUninitializedCapacity: count) { buf, n in
                UnsafeMutableRawBufferPointer(buf).initializeMemory(as: UInt8.self, repeating: 0)
                n = count
            }
        }
    }
}

import Foundation

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
        try text.withUTF8 { try SpillFile.writeAll(fd, UnsafeRawBufferPointer($0), path: temporaryPath) }
    }
}

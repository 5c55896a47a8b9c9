import Foundation

/// Reading a shard file back: the format line, the header's every field in its range, the payload's
/// size and SHA-256, then the payload's own agreement with the header. A flipped byte anywhere, a
/// header edited to say something else, or a file that is not a shard is refused naming the file and,
/// for a header field, the field.
extension RunShard {
    /// The most parts a run may be cut into (`--shard K/N`).
    public static let maxShards = 100_000

    public static func read(path: String) throws -> RunShard {
        func refuse(_ why: String, line: Int = 1, field: String = "", allowed: String? = nil) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: line, column: 1, keyPath: field, message: why,
                                         allowed: allowed ?? "a shard written by `loansim run --shard K/N` (LoanSim \(LoanSimVersion.string), \(magic))")])
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the file") }
        let bytes = [UInt8](data)
        let lines = bytes.split(separator: 10, maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, String(decoding: lines[0], as: UTF8.self) == magic else {
            let first = String(decoding: lines[0].prefix(40), as: UTF8.self)
            throw refuse(first.hasPrefix("LOANSIM SHARD ") ? "a shard of another format (\(first)): run the shards again with this version"
                                                          : "not a LoanSim shard")
        }
        let envelope: Envelope
        do { envelope = try JSONDecoder.snakeCase.decode(Envelope.self, from: Data(lines[1])) } catch { throw refuse("its header is damaged", line: 2) }
        let header = envelope.run
        guard header.version == LoanSimVersion.string else {
            throw refuse("written by loansim \(header.version), this is \(LoanSimVersion.string): run the shards again with this version", line: 2,
                         field: "run.version")
        }
        if let bad = header.outOfRange { throw refuse(bad.why, line: 2, field: "run." + bad.field, allowed: bad.allowed) }
        // Written in one canonical form: a line that decodes but is not that form was edited.
        guard let canonical = try? JSONEncoder.sortedSnakeCase.encode(envelope), canonical == Data(lines[1]) else {
            throw refuse("its header was edited (it is not in the form loansim writes)", line: 2)
        }
        let payload = Array(lines[2])
        guard envelope.payloadBytes == payload.count else {
            throw refuse("its data is \(payload.count) bytes where the header says \(envelope.payloadBytes): the file is cut short or padded", line: 3)
        }
        guard AtomicFiles.sha256(Data(payload)) == envelope.payloadSha256 else {
            throw refuse("its data does not match the SHA-256 its header records: the file is damaged", line: 3)
        }
        let shard: RunShard
        do { shard = try BinaryCoder.decode(RunShard.self, from: payload) } catch let e as BinaryCoderError {
            throw refuse("its data is damaged: \(e.description)", line: 3)
        }
        guard shard.header == header else { throw refuse("its two headers differ", line: 3) }
        if let why = shard.blocksDisagree { throw refuse(why, line: 3) }
        return shard
    }

    /// Why the blocks are not the ones the header names (each block once, in order, each the right size,
    /// the point-estimate twins beside them when the header says so), or nil.
    public var blocksDisagree: String? {
        let h = header
        let range = RunShard.blockRange(shard: h.shard, of: h.shards, paths: h.paths)
        guard blocks.map(\.block) == Array(range) else { return "its blocks are not blocks \(range.lowerBound)..<\(range.upperBound) of shard \(h.shard) of \(h.shards)" }
        func sized(_ b: Block) -> Bool {
            let n = b.outcomes.count
            return n == min(h.blockSize, h.paths - b.block * h.blockSize) && (n == 0 ? b.series.isEmpty : b.series.count % n == 0)
        }
        guard blocks.allSatisfy(sized) else { return "a block holds another number of paths than the run's \(h.paths) give it" }
        if h.pointEstimate {
            guard pointBlocks.map(\.block) == blocks.map(\.block), pointBlocks.allSatisfy(sized) else {
                return "its point-estimate blocks do not match its blocks"
            }
        } else if !pointBlocks.isEmpty {
            return "it holds point-estimate blocks its header does not announce"
        }
        return nil
    }
}

extension RunShard {
    /// The first figure that is not a finite number where the engine always gives one (only a fund's
    /// IRR may be undefined), naming its block and path, or nil.
    func undefinedFigure(_ columns: [PathColumn]) -> String? {
        for b in blocks + pointBlocks {
            let bad = b.outcomes.withUnsafeBufferPointer { buf in
                buf.indices.lazy.compactMap { j in columns.first { !$0.mayBeUndefined && !$0.read(buf.baseAddress! + j).isFinite }.map { (j, $0.id) } }.first
            }
            if let (j, id) = bad {
                let name: String
                if case .metric(let figure) = id { name = figure.key } else { name = "\(id)" }
                return "path \(b.block * header.blockSize + j + 1) (block \(b.block)) holds a figure that is not a number: \(name)"
            }
            if let k = b.series.firstIndex(where: { !$0.isFinite }) { return "block \(b.block)'s series hold a value that is not a number (at \(k))" }
        }
        return nil
    }
}

extension PathColumn {
    /// Whether the engine may leave this column undefined (NaN) on a path: a fund's IRR with no sign change.
    var mayBeUndefined: Bool {
        if case .fund(_, .irr) = id { return true }
        return false
    }
}

extension RunShard.Header {
    /// The first field outside its range, with the reason, or nil: every field is checked before any is
    /// used to size or index anything.
    public var outOfRange: (field: String, why: String, allowed: String)? {
        if scenarioFile.isEmpty || scenarioFile.utf8.count > 4096 || scenarioFile.contains(where: { $0.isNewline || $0 == "\0" }) {
            return ("scenario_file", "the scenario file's name is empty, too long or holds a line break", "a path of 1 to 4096 bytes on one line")
        }
        if scenarioSha256.count != 64 || !scenarioSha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            return ("scenario_sha256", "is not a SHA-256", "64 lower-case hex digits")
        }
        if !(1...Simulation.maxPaths).contains(paths) { return ("paths", "\(paths) is out of range", "1 to \(Simulation.maxPaths)") }
        if blockSize != Simulation.blockSize { return ("block_size", "\(blockSize) is not this version's block size", "\(Simulation.blockSize)") }
        if !(1...RunShard.maxShards).contains(shards) { return ("shards", "\(shards) is out of range", "1 to \(RunShard.maxShards)") }
        if !(1...shards).contains(shard) { return ("shard", "\(shard) is out of range", "1 to \(shards), the shards") }
        let range = RunShard.blockRange(shard: shard, of: shards, paths: paths)
        if blocks != range.boundsArray {
            return ("blocks", "\(blocks) are not shard \(shard) of \(shards)'s blocks", "[\(range.lowerBound), \(range.upperBound)]")
        }
        return nil
    }
}

import Foundation

extension Simulation {
    /// Runs `paths` paths and hands every block, in block order, to `spill` (blocks that finish early
    /// wait: at most `threads` are held). The numbers are those of `run`. Stops at the first write error.
    public static func runSpilled(_ model: CompiledScenario, paths: Int, seed: UInt32, threads: Int, spill: SpillWriter,
                                  progress: (@Sendable (Int) -> Void)? = nil) async throws -> SpilledTable {
        var pending: [Int: BlockResult] = [:]
        var next = 0
        var failure: Error?
        await forEachBlockWhile(model, blocks: 0..<blockCount(paths), paths: paths, seed: seed, threads: threads) { r, done in
            pending[r.block] = r
            while failure == nil, let b = pending.removeValue(forKey: next) {
                do { try spill.append(b) } catch { failure = error }
                next += 1
            }
            progress?(done)
            return failure == nil
        }
        if let failure { throw failure }
        return try spill.finish()
    }
}

extension RunSummary {
    /// The in-memory limit above which `run --spill auto` keeps the per-path results on disk (256 MB:
    /// B1 at 100,000 paths, about 2.8 KB a path in memory, peaks at 314 MB in memory and 91 MB spilled,
    /// and the spilled run is no slower, since the summary's columns are filled as blocks finish).
    public static let spillAbove = 256e6

    /// Runs the scenario with its per-path results spilled to disk (`SpillWriter`) and writes the run's
    /// files into `directory`: the same bytes as an in-memory run, in memory flat in the number of paths.
    public static func runSpilled(loaded: LoadedScenario, model: CompiledScenario, paths: Int, seed: UInt32, threads: Int,
                                  answers: RunAnswers.Options = RunAnswers.Options(), note: (String) -> Void = { _ in },
                                  to directory: String, progress: (@Sendable (Int) -> Void)? = nil,
                                  pointNote: (() -> Void)? = nil) async throws -> RunSummary {
        try AtomicFiles.checkTargets(["scenario.json", "summary.json", "paths.csv", "timeseries.csv"], in: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(text: "cannot create \(directory): \(error.localizedDescription)")
        }
        try checkDiskSpace(model: model, paths: paths, runs: loaded.scenario.drawsParameters ? 2 : 1, directory: directory)
        let info = RunInfo(loaded: loaded, paths: paths, seed: seed).weighting(model)
        let csv = try PathsCSVStream(info: info, stepMonths: model.stepMonths, directory: directory)
        var written = false
        defer { if !written { try? FileManager.default.removeItem(atPath: csv.temporaryPath) } }
        let spill = try SpillWriter(model: model, outDirectory: directory, tag: "run", pathsCSV: csv)
        defer { spill.remove() }
        let table = try await Simulation.runSpilled(model, paths: paths, seed: seed, threads: threads, spill: spill, progress: progress)
        var summary = RunSummary(info: info, model: model, table: table)
        // Read before the spill goes: the target's search and the drivers start from the run's depletion steps.
        let depletionSteps = table.column(.depletionStep)
        try table.checkIntact()
        spill.remove()
        if loaded.scenario.drawsParameters {
            pointNote?()
            let pointModel = CompiledScenario(loaded.scenario.atPointEstimate, importance: model.importance)
            let pointSpill = try SpillWriter(model: pointModel, outDirectory: directory, tag: "point", pathsCSV: nil)
            defer { pointSpill.remove() }
            let pointTable = try await Simulation.runSpilled(pointModel, paths: paths, seed: seed, threads: threads, spill: pointSpill)
            summary.atPointEstimate = PointEstimateRun(RunSummary(info: info, model: pointModel, table: pointTable))
            try pointTable.checkIntact()
        }
        let computed = try await RunAnswers.compute(loaded, model: model, depletionSteps: depletionSteps, seed: seed, threads: threads,
                                                    options: answers, note: note)
        (summary.target, summary.drivers) = (computed.target, computed.drivers)
        try RunWriters.write(summary, pathsCSV: csv, scenario: loaded.scenario, to: directory)
        written = true
        return summary
    }

    /// Refuses a spilled run the output folder's file system cannot hold, before it starts: the columns,
    /// the series and paths.csv (about 12 bytes per metric per path), +10%. `free` overrides the free
    /// space of the file system holding `directory` (or its nearest existing parent).
    public static func checkDiskSpace(model: CompiledScenario, paths: Int, runs: Int, directory: String, free: Double? = nil) throws {
        let perPath = 8 * PathColumn.all(for: model).count + 4 * PathEngine.seriesLength(model)
        let need = Double(paths) * Double(perPath + 12 * MetricDefinition.all.count) * Double(runs) * 1.1
        var existing = directory
        while !FileManager.default.fileExists(atPath: existing) && existing != "/" && !existing.isEmpty {
            existing = PathName.parent(existing)
        }
        let available = free ?? ((try? FileManager.default.attributesOfFileSystem(forPath: existing.isEmpty ? "." : existing))?[.systemFreeSize]
            as? NSNumber)?.doubleValue
        guard let available, available < need else { return }
        let fits = Int(available / (need / Double(paths)))
        throw OutputError(text: String(format: "--paths %d spilled to disk needs about %.1f GB in %@; its file system has %.1f GB free. "
                                       + "Give --out on a larger disk, or --paths %d or fewer.", paths, need / 1e9, directory, available / 1e9, fits),
                          exitCode: 64)
    }
}

import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// Every column the summary reads comes back from disk exactly as the in-memory table gives it.
@Suite struct SpillTableTests {
    @Test func everyColumnRoundTrips() async throws {
        let s = try scenario("""
            name: spill
            horizon_months: 24
            banks: [{name: A, share: 0.6}, {name: B, share: 0.4}]
            cohorts:
              - {name: a, firms: 300, pd: 0.05, rho: 0.15, loan_size: {median: 100, sigma: 0.5}, demand_per_year: 0.3}
              - {name: b, type: startup, firms: 200, pd: 0.08, rho: 0.1, loan_size: {median: 50, sigma: 0.6}}
            pool: {initial: 800, top_ups: [{month: 13, amount: 400}]}
            """)
        let model = CompiledScenario(s)
        let paths = 700   // three blocks, the last one short
        let memory = InMemoryTable(await Simulation.run(model, paths: paths, seed: 3, threads: 2), model: model)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)").path
        let spill = try SpillWriter(model: model, outDirectory: dir, tag: "t", pathsCSV: nil)
        defer { spill.remove() }
        let disk = try await Simulation.runSpilled(model, paths: paths, seed: 3, threads: 2, spill: spill)
        #expect(disk.count == paths)
        let columns = PathColumn.all(for: model)
        #expect(columns.count > MetricDefinition.all.count + 20)
        for c in columns {
            let a = memory.column(c.id), b = disk.column(c.id)
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(c.id)")
        }
        for s in SeriesStore.names.indices {
            for t in 0..<model.stepCount {
                #expect(memory.series(s, step: t) == disk.series(s, step: t), "series \(s) step \(t)")
            }
        }
        // A path's depletion and its pool's are whole steps (−1: never), stored exactly.
        #expect(disk.column(.depletionStep).allSatisfy { $0 >= -1 && $0 == $0.rounded() })
        spill.remove()
        #expect(!FileManager.default.fileExists(atPath: spill.directory))
    }

    /// Every spill file carries its format line and SHA-256: a byte flipped anywhere in one (the format
    /// line, a value, the trailer) or the file cut short is found when the summary reads it, and the run
    /// fails naming the file (exit 74) instead of summarising the wrong numbers.
    @Test func aDamagedSpillFileIsRefused() async throws {
        let model = CompiledScenario(try scenario("""
            name: spill
            horizon_months: 12
            cohorts: [{name: a, firms: 100, pd: 0.05, rho: 0.1, loan_size: {median: 100, sigma: 0.5}}]
            pool: {initial: 1000}
            """))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)").path
        let spill = try SpillWriter(model: model, outDirectory: dir, tag: "t", pathsCSV: nil)
        defer { spill.remove() }
        let table = try await Simulation.runSpilled(model, paths: 300, seed: 3, threads: 1, spill: spill)
        let file = SpilledTable.columnFile(spill.directory, 0)
        let intact = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(intact.count == 16 + 300 * 8 + 32 && intact.prefix(16) == Data("LOANSIM SPILL 1\n".utf8))
        let first = PathColumn.all(for: model)[0].id   // the column in c0.f64
        let good = table.column(first)
        try table.checkIntact()
        for at in [3, 16, 16 + 8 * 150 + 2, intact.count - 1] {
            var damaged = intact
            damaged[at] ^= 0x01
            try damaged.write(to: URL(fileURLWithPath: file))
            let fresh = Self.reread(model, spill: spill, table: table)
            _ = fresh.column(first)
            do {
                try fresh.checkIntact()
                Issue.record("byte \(at) flipped: not refused")
            } catch let e as OutputError {
                #expect(e.exitCode == 74 && e.text.contains(file), "\(e.text)")
            }
        }
        try intact.prefix(100).write(to: URL(fileURLWithPath: file))
        let cut = Self.reread(model, spill: spill, table: table)
        _ = cut.column(first)
        #expect(throws: OutputError.self) { try cut.checkIntact() }
        try intact.write(to: URL(fileURLWithPath: file))
        let restored = Self.reread(model, spill: spill, table: table)
        #expect(restored.column(first) == good)
        try restored.checkIntact()
    }

    /// The same files read by a table with no damage recorded yet.
    static func reread(_ model: CompiledScenario, spill: SpillWriter, table: SpilledTable) -> SpilledTable {
        SpilledTable(directory: table.directory, columns: PathColumn.all(for: model).map(\.id), count: table.count, steps: table.steps,
                     columnDigests: table.columnDigests, seriesDigests: table.seriesDigests)
    }

    /// A spilled run the disk cannot hold is refused before it starts (exit 64), with the need, the free
    /// space and a count that fits.
    @Test func aRunTooLargeForTheDiskIsRefused() throws {
        let model = CompiledScenario(try scenario("""
            name: disk
            horizon_months: 60
            cohorts: [{name: a, firms: 100, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0.5}}]
            pool: {initial: 1000}
            """))
        #expect(throws: Never.self) { try RunSummary.checkDiskSpace(model: model, paths: 1_000_000, runs: 1, directory: "/nowhere/x", free: 1e12) }
        do {
            try RunSummary.checkDiskSpace(model: model, paths: 1_000_000, runs: 1, directory: "/nowhere/x", free: 1e9)
            Issue.record("not refused")
        } catch let e as OutputError {
            #expect(e.exitCode == 64 && e.text.contains("needs about") && e.text.contains("1.0 GB free") && e.text.contains("--paths"), "\(e.text)")
        }
    }
}

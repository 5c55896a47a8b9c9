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

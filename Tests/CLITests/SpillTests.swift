import Foundation
import Testing

/// A run whose per-path results go to disk (`--spill always`, as `auto` does above 256 MB) writes the same
/// bytes as the run held in memory, leaves no spill behind, and cleans up when interrupted.
@Suite struct SpillTests {
    static let files = ["summary.json", "paths.csv", "timeseries.csv", "scenario.json", "manifest.json"]

    /// The calibrated baseline (its point-estimate twin is spilled too), three pools with funders, a loan
    /// tape with banks and sectors, a backcast with record checks, and the angel fund with its grants.
    @Test(arguments: ["zhengkedai-baseline", "zhengzhou-city-district-province", "bank-tape-example", "zhengzhou-backcast-2018-2025",
                      "zhengzhou-angel-fund-2024"])
    func spilledRunsWriteTheSameBytes(_ name: String) throws {
        let dir = try CLI.temporaryDirectory()
        let common = ["run", "scenarios/\(name).yaml", "--paths", "600", "--seed", "5", "--quiet", "--detail"]
        let memory = try CLI.run(common + ["--threads", "1", "--spill", "never", "--out", dir + "/memory"])
        let spilled = try CLI.run(common + ["--threads", "2", "--spill", "always", "--out", dir + "/spilled"])
        #expect(memory.status == 0 && spilled.status == 0, "\(memory.stderr)\(spilled.stderr)")
        #expect(memory.stdout == spilled.stdout.replacingOccurrences(of: dir + "/spilled", with: dir + "/memory"))
        for f in Self.files {
            let a = FileManager.default.contents(atPath: "\(dir)/memory/\(f)"), b = FileManager.default.contents(atPath: "\(dir)/spilled/\(f)")
            #expect(a != nil && a == b, "\(name): \(f) differs")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: dir + "/spilled").filter { $0.contains(".tmp-") }
        #expect(left.isEmpty, "left behind: \(left)")
    }

    /// SIGINT in the middle of a spilled run: exit 130, no result files, no spill folder, no temporary paths.csv.
    @Test func anInterruptedSpilledRunLeavesNothing() throws {
        let dir = try CLI.temporaryDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.binary)
        p.arguments = ["run", "scenarios/bench-b1.yaml", "--paths", "400000", "--threads", "1", "--spill", "always", "--out", dir, "--quiet"]
        p.currentDirectoryURL = CLI.root
        try p.run()
        // Wait until the spill has begun writing, then interrupt.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            if names.contains(where: { $0.hasPrefix(".spill") }) && names.contains(where: { $0.hasPrefix(".paths.csv.tmp-") }) { break }
            usleep(50_000)
        }
        usleep(300_000)
        p.interrupt()
        p.waitUntilExit()
        #expect(p.terminationStatus == 130)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(names.allSatisfy { $0 == ".loansim.lock" }, "left behind: \(names)")
    }
}

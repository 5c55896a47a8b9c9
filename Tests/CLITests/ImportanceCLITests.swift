import Foundation
import Testing

@Suite struct ImportanceCLITests {
    /// A weighted run: summary.json states the shift, target and variance-reduction factor; paths.csv
    /// carries each path's weight; the spilled run writes the same bytes.
    @Test func weightedRunsStateTheirShiftAndSpillAlike() throws {
        let dir = try CLI.temporaryDirectory()
        let common = ["run", "scenarios/zhengzhou-ip-pledge.yaml", "--paths", "600", "--seed", "2", "--importance", "0.8", "--quiet", "--detail"]
        let memory = try CLI.run(common + ["--spill", "never", "--out", dir + "/m"])
        let spilled = try CLI.run(common + ["--spill", "always", "--threads", "1", "--out", dir + "/s"])
        #expect(memory.status == 0 && spilled.status == 0, "\(memory.stderr)\(spilled.stderr)")
        #expect(memory.stdout.contains("Importance sampling") && memory.stdout.contains("variance reduction"), "\(memory.stdout)")
        for f in SpillTests.files {
            #expect(FileManager.default.contents(atPath: "\(dir)/m/\(f)") == FileManager.default.contents(atPath: "\(dir)/s/\(f)"), "\(f)")
        }
        let json = try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: dir + "/m/summary.json"))) as? [String: Any]
        let imp = try #require(json?["importance"] as? [String: Any])
        #expect(imp["shift"] as? Double == 0.8 && imp["target"] as? String == "depletion" && (imp["variance_reduction_factor"] as? Double) != nil)
        let csv = try String(contentsOfFile: dir + "/m/paths.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv[1].hasSuffix(",weight"))
        let weights = csv.dropFirst(2).compactMap { Double($0.split(separator: ",").last!) }
        #expect(weights.count == 600 && weights.allSatisfy { $0 > 0 } && Set(weights).count > 100)
    }

    @Test func badImportanceOptionsAreRefused() throws {
        for (args, text) in [(["--importance", "maybe"], "off, auto or a shift"), (["--importance=-1"], "off, auto or a shift"), (["--importance", "nan"], "off, auto or a shift"),
                             (["--importance", "auto", "--importance-target", "nosuch:q99"], "METRIC:qNNN"),
                             (["--importance", "auto", "--precision", "pool_paid=50"], "do not go together"),
                             (["--importance", "1", "--shard", "1/2"], "--shard")] {
            let r = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--paths", "10"] + args)
            #expect(r.status == 64 && r.stderr.contains(text), "\(args): \(r.stderr)")
        }
        let fixed = try CLI.run(["run", "scenarios/zhengkedai-adverse-path.yaml", "--paths", "10", "--importance", "auto"])
        #expect(fixed.status == 64 && fixed.stderr.contains("fixes the factor's path"), "\(fixed.stderr)")
    }
}

import Foundation
import Testing

/// One path is a valid run: `summary.json` is a whole summary that `report` reads (statistics one path
/// cannot give are null), never `{}`; compare refuses one path at the command line.
@Suite struct OnePathTests {
    @Test(arguments: [["scenarios/zhengkedai-baseline.yaml"], ["scenarios/zhengkedai-baseline.yaml", "--importance", "auto"],
                      ["scenarios/zhengzhou-angel-fund-2024.yaml"], ["scenarios/bank-tape-example.yaml"], ["scenarios/bench-b1.yaml"]])
    func onePathGivesAWholeSummary(_ args: [String]) throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["run"] + args + ["--paths", "1", "--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as? [String: Any]
        let metrics = try #require(json?["metrics"] as? [String: Any])
        #expect(metrics["pool_paid"] != nil && json?["depletion"] != nil && json?["paths"] as? Int == 1)
        let report = try CLI.run(["report", dir])
        #expect(report.status == 0, "\(report.stderr)")
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Studies whose answer is a standard error refuse one path at the command line (exit 64).
    @Test(arguments: [["compare", "scenarios/zhengkedai-baseline.yaml", "scenarios/policy-ratio-60.yaml"],
                      ["plan", "scenarios/zhengkedai-baseline.yaml", "--target", "depletion.year5<=0.05", "--vary", "pool.initial",
                       "--range", "0:50000"]])
    func studiesRefuseOnePath(_ args: [String]) throws {
        let r = try CLI.run(args + ["--paths", "1", "--quiet", "--out", try CLI.temporaryDirectory() + "/never"])
        #expect(r.status == 64 && r.stderr.contains("--paths must be at least 2"), "\(r.stderr)")
    }

    /// One path's sd and se are not a plausible 0: summary.json has null, stdout a dash.
    @Test func onePathHasNoStandardError() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "1", "--out", dir, "--detail"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as? [String: Any]
        let paid = try #require((json?["metrics"] as? [String: Any])?["pool_paid"] as? [String: Any])
        #expect(paid["se"] is NSNull && paid["sd"] is NSNull && paid["mean"] is Double)
        #expect(r.stdout.contains("±–"))
        try? FileManager.default.removeItem(atPath: dir)
    }
}

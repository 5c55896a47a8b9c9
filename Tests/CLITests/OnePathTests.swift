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

    @Test func compareRefusesOnePath() throws {
        let r = try CLI.run(["compare", "scenarios/zhengkedai-baseline.yaml", "scenarios/policy-ratio-60.yaml", "--paths", "1", "--quiet",
                             "--out", try CLI.temporaryDirectory()])
        #expect(r.status == 64 && r.stderr.contains("--paths must be at least 2"))
    }
}

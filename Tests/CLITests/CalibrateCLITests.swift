import Foundation
import Testing

/// `loansim calibrate` through the real binary: outputs, and every bad-input class refused with
/// `file:line:column: column: message (allowed: …)`, exit 65 and nothing written.
@Suite struct CalibrateCLITests {
    static let good = """
        year,cohort,loans,defaults
        2015,a,500,9
        2015,b,900,30
        2016,a,520,3
        2016,b,950,21
        2017,a,540,14
        2017,b,990,55
        2018,a,560,6
        2018,b,1000,27
        2019,a,600,0
        2019,b,1100,19
        2020,a,620,11
        2020,b,1150,40
        """

    func write(_ text: String) throws -> (file: String, out: String) {
        let dir = try CLI.temporaryDirectory()
        let file = dir + "/history.csv"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (file, dir + "/out")
    }

    @Test func writesCalibrationAndFragmentAndATable() throws {
        let (file, out) = try write(Self.good)
        let r = try CLI.run(["calibrate", file, "--out", out, "--draws", "500"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("ρ (asset correlation)") && r.stdout.contains("95% interval") && r.stdout.contains("posterior mean"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/calibration.json"))) as! [String: Any]
        let cohorts = json["cohorts"] as! [String: [String: Any]]
        let pd = cohorts["a"]!["pd"] as! [String: Any]
        for key in ["mle", "ci95", "posterior_mean", "posterior_q05", "posterior_q95"] { #expect(pd[key] != nil, "\(key)") }
        #expect((json["rho"] as! [String: Any])["ci95"] != nil)
        for key in ["loglik", "years", "prior", "method"] { #expect(json[key] != nil, "\(key)") }
        let fragment = try String(contentsOfFile: out + "/calibrated.yaml", encoding: .utf8)
        #expect(fragment.contains("posterior: calibration.json"))
        // Same seed, same file: same bytes.
        let again = try CLI.run(["calibrate", file, "--out", out + "2", "--draws", "500", "--quiet"])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/calibration.json")).count > 0)
        let a = try String(contentsOfFile: out + "/calibration.json", encoding: .utf8)
        let b = try String(contentsOfFile: out + "2/calibration.json", encoding: .utf8)
        #expect(a.replacingOccurrences(of: out, with: "") == b.replacingOccurrences(of: out + "2", with: ""))
    }

    /// `--condition-on` and `--breaker-variants` refuse a bad backcast or variants file with its place,
    /// exit 65, before the fit, and leave no output folder.
    @Test func badConditioningInputIsRefusedWithItsPlace() throws {
        let root = CLI.root.path
        let history = root + "/data/zhengzhou-history.csv", backcast = root + "/scenarios/zhengzhou-backcast-2018-2025.yaml"
        let dir = try CLI.temporaryDirectory()
        func refused(_ args: [String], _ says: [String]) throws {
            let out = dir + "/out-\(UUID().uuidString)"
            let r = try CLI.run(["calibrate", history, "--out", out, "--quiet"] + args)
            #expect(r.status == 65, "\(args): \(r.stderr)")
            for word in says { #expect(r.stderr.contains(word), "\(args): \(r.stderr)") }
            #expect(!FileManager.default.fileExists(atPath: out), "\(args): output folder left")
        }
        // The baseline checks no event of the rules: nothing to condition on.
        try refused(["--condition-on", root + "/scenarios/zhengkedai-baseline.yaml"], ["zhengkedai-baseline.yaml:1:1", "record", "nothing to condition on"])
        let variants = dir + "/variants.yaml"
        try "variants:\r\n  - {name: ok, set: {scope: programme}}\r\n  - {name: nan, set: {threshold: NaN}}\r\n".write(toFile: variants, atomically: true, encoding: .utf8)
        try refused(["--condition-on", backcast, "--breaker-variants", variants], ["variants.yaml:3:", "breaker.threshold", "'nan'", "allowed:"])
        try "variants: [{name: x, set: {scope: programme}}, {name: x".write(toFile: variants, atomically: true, encoding: .utf8)
        try refused(["--condition-on", backcast, "--breaker-variants", variants], ["variants.yaml:1:1", "not YAML"])
        try "variants:\n  - {name: a, set: {scope: programme}}\n  - {name: a, set: {check: year}}\n".write(toFile: variants, atomically: true, encoding: .utf8)
        try refused(["--condition-on", backcast, "--breaker-variants", variants], ["variants.yaml:3:", "given twice"])
        let usage = try CLI.run(["calibrate", history, "--out", dir + "/o", "--average-models"])
        #expect(usage.status == 64 && usage.stderr.contains("--average-models needs --breaker-variants"))
    }

    /// exposure_wan and loss_wan give the loss rate, the loss per default and the implied LGD (ratios of sums).
    @Test func lossColumnsAreSummarised() throws {
        let (file, out) = try write("year,cohort,loans,defaults,exposure_wan,loss_wan\n2020,a,100,2,40000,480\n2021,a,100,4,40000,1120\n2022,a,100,0,40000,0\n")
        let r = try CLI.run(["calibrate", file, "--out", out, "--draws", "200"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/calibration.json"))) as! [String: Any]
        let losses = ((json["cohorts"] as! [String: Any])["a"] as! [String: Any])["losses"] as! [String: Any]
        #expect(abs((losses["loss_rate"] as! Double) - 1600.0 / 120_000) < 1e-15)
        #expect(abs((losses["loss_per_default_wan"] as! Double) - 1600.0 / 6) < 1e-9)
        #expect(abs((losses["implied_lgd"] as! Double) - (1600.0 / 6) / 400) < 1e-12)
        #expect(r.stdout.contains("implied LGD"))
    }

    @Test func aShortHistoryFixesRhoWithAWarning() throws {
        let (file, out) = try write("year,cohort,loans,defaults\n2020,a,400,0\n2021,a,420,1\n")
        let r = try CLI.run(["calibrate", file, "--out", out, "--draws", "200"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("too short to identify ρ") && r.stdout.contains("fixed"))
    }

    @Test func zeroDefaultsAtRhoZeroGiveTheClosedFormBound() throws {
        let (file, out) = try write("year,cohort,loans,defaults\n2020,a,1000,0\n2021,a,1000,0\n2022,a,1000,0\n")
        let r = try CLI.run(["calibrate", file, "--out", out, "--fix-rho", "0", "--draws", "200"])
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/calibration.json"))) as! [String: Any]
        let pd = ((json["cohorts"] as! [String: Any])["a"] as! [String: Any])["pd"] as! [String: Any]
        let ci = pd["ci95"] as! [Double]
        #expect(abs(ci[1] - (1 - pow(0.05, 1.0 / 3000))) < 1e-12)
        #expect(pd["mle"] as! Double == 0)
    }

    @Test(arguments: [
        ("year,cohort,loans,defaults\n2020,a,100,101\n", 2, "defaults", "101 defaults among 100 loans"),
        ("year,cohort,loans,defaults\n2020,a,-5,0\n", 2, "loans", "out of range"),
        ("year,cohort,loans,defaults\n2020,a,100,2.5\n", 2, "defaults", "not a whole number"),
        ("year,cohort,loans,defaults\n2020,a,100,x\n", 2, "defaults", "not a number"),
        ("year,cohort,loans,defaults\n2020,a,100,2\n2021,a,100,2\n2020,a,50,1\n", 4, "year", "a second row for year 2020"),
        ("year,cohort,loans,defaults,colour\n2020,a,100,2,red\n", 1, "colour", "unknown column"),
        ("", 1, "", "the file is empty"),
        ("# only a comment\n", 1, "", "the file is empty"),
        ("year,cohort,loans\n2020,a,100\n", 1, "defaults", "required column is missing"),
        ("year,cohort,loans,defaults\n2020,a,100\n", 2, "loans", "3 fields on this line, 4 in the header"),
        ("year,cohort,loans,defaults\n2020,a,100,1\n2018-2020,a,,>=x\n", 3, "defaults", "not a bound"),
        ("year,cohort,loans,defaults\n2020,a,100,1\n2019-2022,a,,>=1\n", 3, "year", "reaches beyond the year rows"),
        ("year,cohort,loans,defaults\n1e3,a,100,1\n", 2, "year", "not a whole number"),
        ("year,cohort,loans,defaults\n2020,a,1e400,1\n", 2, "loans", "out of range"),
        ("year,cohort,loans,defaults\r\n2020,a,100,1\r\n2021,a,100,x\r\n", 3, "defaults", "not a number"),
        ("year,cohort,loans,defaults,exposure_wan,loss_wan\n2020,a,100,1,100,nan\n", 2, "loss_wan", "not an amount"),
        ("year,cohort,loans,defaults,exposure_wan,loss_wan\n2020,a,100,1,100,200\n", 2, "loss_wan", "exceeds exposure"),
    ])
    func badHistoriesAreRefused(text: String, line: Int, column: String, message: String) throws {
        let (file, out) = try write(text)
        let r = try CLI.run(["calibrate", file, "--out", out])
        #expect(r.status == 65, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("\(file):\(line):"), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        if !column.isEmpty { #expect(r.stderr.contains(": \(column): "), "\(r.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aNULByteAndAMissingFileAreRefused() throws {
        let (file, out) = try write("year,cohort,loans,defaults\n2020,a,100,\u{0}1\n")
        let r = try CLI.run(["calibrate", file, "--out", out])
        #expect(r.status == 65 && r.stderr.contains("NUL byte"))
        let missing = try CLI.run(["calibrate", "/nonexistent/history.csv"])
        #expect(missing.status == 65 && missing.stderr.contains("cannot read"))
    }

    @Test func badPriorsAndOptionsAreRefused() throws {
        let (file, out) = try write(Self.good)
        let prior = (file as NSString).deletingLastPathComponent + "/prior.yaml"
        try "pd: {a: 0, b: 1}\nrho: {a: 2}\n".write(toFile: prior, atomically: true, encoding: .utf8)
        let r = try CLI.run(["calibrate", file, "--prior", prior, "--out", out])
        #expect(r.status == 65)
        #expect(r.stderr.contains("prior.yaml:1:") && r.stderr.contains("pd.a") && r.stderr.contains("rho.b"), "\(r.stderr)")
        #expect(try CLI.run(["calibrate", file, "--fix-rho", "nan"]).status == 64)
        #expect(try CLI.run(["calibrate", file, "--fix-rho", "1"]).status == 64)
        #expect(try CLI.run(["calibrate", file, "--draws", "5"]).status == 64)
    }
}

import Foundation
import Testing

/// Runs the real `loansim` binary built next to the test bundle.
struct CLI {
    static let binary: String = {
        if let env = ProcessInfo.processInfo.environment["LOANSIM_BIN"] { return env }
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("loansim").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/loansim").path
    }()
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loansim-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `yaml` to a temporary file and validates it.
    static func validate(_ yaml: String) throws -> (Result, String) {
        let file = try temporaryDirectory() + "/scenario.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return (try run(["validate", file]), file)
    }
}

let minimal = """
    name: t
    horizon_months: 12
    cohorts:
      - {name: a, firms: 100, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0.5}}
    pool: {initial: 1000}
    """

@Suite(.serialized) struct BadInputTests {
    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let expected: String
        var testDescription: String { name }
        init(_ name: String, _ yaml: String, _ expected: String) {
            self.name = name
            self.yaml = yaml
            self.expected = expected
        }
    }

    static let cases: [BadCase] = {
        var c: [BadCase] = []
        c.append(BadCase("unknown key with a suggestion", minimal.replacingOccurrences(of: "horizon_months: 12", with: "horizon_month: 12"),
         "1:1: horizon_months: required key is missing|2:1: horizon_month: unknown key 'horizon_month'; did you mean 'horizon_months'?"))
        c.append(BadCase("wrong type", minimal.replacingOccurrences(of: "firms: 100", with: "firms: many"),
         "4:22: cohorts[0].firms: expected a whole number, found 'many' (allowed: 0 ≤ x ≤ 10000000)"))
        c.append(BadCase("PD outside (0,1)", minimal.replacingOccurrences(of: "pd: 0.02", with: "pd: 1.2"),
         "4:31: cohorts[0].pd: value 1.2 is out of range (allowed: 0 < x < 1)"))
        c.append(BadCase("PD of zero", minimal.replacingOccurrences(of: "pd: 0.02", with: "pd: 0"),
         "cohorts[0].pd: value 0 is out of range (allowed: 0 < x < 1)"))
        c.append(BadCase("loadings with no idiosyncratic part", minimal.replacingOccurrences(of: "rho: 0.1", with: "rho: 1"),
         "cohorts[0].rho: factor loadings leave no idiosyncratic risk: a² + b² = 1 (allowed: a² + b² < 1)"))
        c.append(BadCase("negative amount", minimal.replacingOccurrences(of: "initial: 1000", with: "initial: \"-1亿\""),
         "5:17: pool.initial: amount -1亿 (= -10000 万元) is out of range (allowed: x ≥ 0 万元"))
        c.append(BadCase("cap below zero", minimal + "\nprogramme: {per_loan_cap: -500}",
         "6:27: programme.per_loan_cap: amount -500 (= -500 万元) is out of range (allowed: x ≥ 0 万元"))
        c.append(BadCase("horizon of zero", minimal.replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 0"),
         "2:17: horizon_months: value 0 is out of range (allowed: 1 ≤ x ≤ 1200)"))
        c.append(BadCase("horizon not a whole number of steps", minimal.replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: 10\nstep: quarter"),
         "horizon_months: a horizon of 10 months is not a whole number of quarter steps (allowed: a multiple of 3)"))
        c.append(BadCase("more borrowers than firms", minimal.replacingOccurrences(of: "firms: 100,", with: "firms: 100, initial_borrowers: 101,"),
         "cohorts[0].initial_borrowers: 101 initial borrowers but only 100 firms (allowed: 0 ≤ x ≤ firms (100))"))
        c.append(BadCase("bank shares not summing to 1", minimal + "\nbanks: [{name: x, share: 0.5}, {name: y, share: 0.4}]",
         "6:8: banks: bank shares add up to 0.9, not 1 (allowed: shares that sum to 1)"))
        c.append(BadCase("term beyond the programme's maximum", minimal + "\nprogramme: {max_term_months: 6}",
         "cohorts[0].term_months: term of 12 months exceeds the programme's maximum of 6 (allowed: 1 ≤ x ≤ 6)"))
        c.append(BadCase("unknown enum value", minimal.replacingOccurrences(of: "initial: 1000", with: "initial: 1000, shortfall: fifoo"),
         "pool.shortfall: unknown value 'fifoo'; did you mean 'fifo'? (allowed: fifo, pro_rata, deny)"))
        c.append(BadCase("stress ending before it starts", minimal + "\nstresses: [{from_month: 6, to_month: 3, macro_shift: -1}]",
         "stresses[0].to_month: to_month 3 is before from_month 6"))
        c.append(BadCase("undefined sector", minimal.replacingOccurrences(of: "rho: 0.1", with: "rho: 0.1, sector: bio, sector_loading: 0.2"),
         "cohorts[0].sector: no sector named 'bio'"))
        c.append(BadCase("YAML syntax", "name: x\n  bad: [\n", "2:6: (top level): YAML syntax: mapping values are not allowed in this context"))
        c.append(BadCase("programme admitting no cohort", minimal + "\nprogramme: {eligibility: {types: [startup]}}",
         "programme.eligibility: the programme admits none of the cohorts"))
        return c
    }()

    /// Every class of bad input: exit 65, one line `file:line:column: key.path: message (allowed: …)`.
    @Test(arguments: cases)
    func rejected(_ bad: BadCase) throws {
        let (name, yaml, expected) = (bad.name, bad.yaml, bad.expected)
        let (r, file) = try CLI.validate(yaml)
        #expect(r.status == 65, "\(name): exit \(r.status)")
        for part in expected.split(separator: "|") {
            #expect(r.stderr.contains("\(file):\(part)") || r.stderr.contains(": \(part)") && r.stderr.contains(file),
                    "\(name): expected «\(part)» in:\n\(r.stderr)")
        }
        #expect(r.stdout.isEmpty)
    }

    @Test func goodFileValidates() throws {
        let (r, file) = try CLI.validate(minimal)
        #expect(r.status == 0)
        #expect(r.stdout.contains("\(file): ok"))
    }

    @Test func missingFileAndUsageErrors() throws {
        let missing = try CLI.run(["run", "/nonexistent/scenario.yaml"])
        #expect(missing.status == 65 && missing.stderr.contains("/nonexistent/scenario.yaml:1:1"))
        #expect(try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "0"]).status == 64)
        #expect(try CLI.run(["frobnicate"]).status == 64)
    }

    @Test func shippedScenariosValidate() throws {
        let r = try CLI.run(["validate", "scenarios/zhengkedai-baseline.yaml", "scenarios/bench-b1.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
    }
}

@Suite(.serialized) struct RunOutputTests {
    func runBaseline(threads: Int, into dir: String, detail: Bool = true) throws -> CLI.Result {
        try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--paths", "600", "--seed", "7",
                     "--threads", String(threads), "--out", dir, "--quiet"] + (detail ? ["--detail"] : []))
    }

    /// By default `run` prints the answer first: at most 20 lines of at most 100 columns (CJK counted
    /// twice), P(dry) by calendar year with its 95% half-width first; `--detail` prints every table.
    @Test func stdoutAnswersFirst() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try runBaseline(threads: 2, into: dir, detail: false)
        #expect(r.status == 0, "\(r.stderr)")
        // timeseries.csv names each step's calendar month, September 2025 to August 2030.
        let series = try String(contentsOfFile: dir + "/timeseries.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(series[0].hasPrefix("step,month,calendar_month,") && series[1].hasPrefix("1,1,2025-09,") && series.last!.hasPrefix("60,60,2030-08,"))
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        func width(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + (($0 >= 0 && (0x2E80...0xA4CF).contains($1.value) || (0xFF00...0xFF60).contains($1.value)) ? 2 : 1) } }
        #expect(lines.count <= 20, "\(lines.count) lines")
        for line in lines.dropLast() { #expect(width(line) <= 100, "\(line)") }
        #expect(lines[3].hasPrefix("P(the pool runs dry) by the end of each year") && lines[3].contains("2025 (Sep–Dec)"), "\(r.stdout)")
        #expect(r.stdout.contains("2030 (Jan–Aug)") && r.stdout.contains("Fiscal cost over 60 months") && r.stdout.contains("add --detail"))
        #expect(!r.stdout.contains("Gross principal loss"), "the full table only with --detail")
    }

    /// `--threads 1` and `--threads 2` give byte-identical files.
    @Test func outputsIdenticalAcrossThreadCounts() throws {
        let a = try CLI.temporaryDirectory(), b = try CLI.temporaryDirectory()
        let ra = try runBaseline(threads: 1, into: a), rb = try runBaseline(threads: 2, into: b)
        #expect(ra.status == 0 && rb.status == 0, "\(ra.stderr)\(rb.stderr)")
        for name in ["summary.json", "paths.csv", "timeseries.csv", "manifest.json"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
            let y = try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))
            #expect(!x.isEmpty && x == y, "\(name) differs")
        }
        let table = { (r: CLI.Result) in r.stdout.split(separator: "\n").filter { !$0.hasPrefix("wrote ") } }
        #expect(table(ra) == table(rb))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: a).filter { $0.hasPrefix(".") && $0 != ".loansim.lock" }
        #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")
    }

    /// `--timing` on a calibrated scenario shows the point-estimate run's time apart (inside the total);
    /// a scenario without parameter uncertainty has none to show.
    @Test func timingShowsThePointEstimateRun() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--paths", "200", "--out", dir, "--quiet", "--timing"])
        #expect(r.status == 0)
        let line = r.stderr.split(separator: "\n").first { $0.hasPrefix("timing: ") }.map(String.init) ?? ""
        let pattern = #/timing: 200 paths in ([0-9.]+) s simulated \([0-9]+ paths/s\), ([0-9.]+) s the same paths at the point estimate, ([0-9.]+) s total/#
        let m = try #require(line.firstMatch(of: pattern), "\(line)")
        #expect(Double(m.1)! + Double(m.2)! <= Double(m.3)! + 0.01)
        let b1 = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "20", "--out", try CLI.temporaryDirectory(), "--quiet", "--timing"])
        #expect(b1.status == 0 && b1.stderr.contains(" s simulated (") && !b1.stderr.contains("point estimate"))
    }

    /// summary.json records what identifies the run and every headline metric with its statistics.
    @Test func summaryJSONHasRequiredFields() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try runBaseline(threads: 2, into: dir)
        #expect(r.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as! [String: Any]
        let scenario = json["scenario"] as! [String: Any]
        #expect(scenario["name"] as? String == "郑科贷 baseline (calibrated to the 2018–2025 record)")
        // The calibrated baseline draws (PD, ρ) per path and also reports the run at the point estimate.
        let pu = json["parameter_uncertainty"] as! [String: Any]
        #expect(pu["parameters_drawn_per_path"] as? Bool == true && (pu["draws"] as? Int ?? 0) > 0)
        let point = pu["point_estimate"] as! [String: Any]
        #expect(((point["depletion"] as! [String: Any])["by_year"] as! [Double]).count == 6)
        #expect(r.stdout.contains("at the point estimate") && r.stdout.contains("including parameter uncertainty"))
        let digest = try CLI.run(["validate", "scenarios/zhengkedai-baseline.yaml"]).stdout
        #expect(digest.contains(scenario["sha256"] as! String))
        #expect((scenario["sha256"] as! String).count == 64)
        #expect(json["seed"] as? Int == 7 && json["paths"] as? Int == 600)
        #expect(json["generator"] as? String == "gsl_rng_taus2")
        #expect((json["version"] as? String)?.isEmpty == false)
        let metrics = json["metrics"] as! [String: [String: Any]]
        for key in ["gross_loss", "pool_paid", "bank_net_loss", "unpaid_claims", "pool_balance_end", "defaults"] {
            for stat in ["mean", "se", "sd", "q50", "q90", "q95", "q99", "q999", "es99"] {
                #expect(metrics[key]?[stat] is Double || metrics[key]?[stat] is Int, "\(key).\(stat)")
            }
        }
        let depletion = json["depletion"] as! [String: Any]
        let byYear = depletion["by_year"] as! [Double]
        // By calendar year from September 2025: 2025 (Sep–Dec), 2026 … 2029, 2030 (Jan–Aug).
        #expect(byYear.count == 6)
        let calendar = json["calendar_years"] as! [[String: Any]]
        #expect(calendar.first?["from"] as? String == "2025-09" && calendar.first?["to"] as? String == "2025-12")
        #expect(calendar.last?["calendar_year"] as? Int == 2030 && calendar.last?["to"] as? String == "2030-08")
        #expect(zip(byYear, byYear.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(byYear.last == depletion["probability"] as? Double)
        // paths.csv: header comment with the seed and hash, one row per path.
        let csv = try String(contentsOfFile: dir + "/paths.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv[0].contains("seed 7") && csv[0].contains(scenario["sha256"] as! String))
        #expect(csv.count == 2 + 600)
        let ts = try String(contentsOfFile: dir + "/timeseries.csv", encoding: .utf8).split(separator: "\n")
        #expect(ts.count == 2 + 60 && ts[1].hasPrefix("step,month,calendar_month,pool_balance_wan_mean,pool_balance_wan_q05"))
        // stdout: a readable table with units.
        #expect(r.stdout.contains("Pool paid") && r.stdout.contains("万元") && r.stdout.contains("P(pool depleted by the horizon)"))
    }

    /// Nothing is written half-way: an output path that cannot be a directory fails with exit 73, names
    /// the path and the reason, and leaves no file behind.
    @Test func unwritableOutputFailsCleanly() throws {
        let dir = try CLI.temporaryDirectory()
        let blocker = dir + "/not-a-dir"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let r = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "10", "--out", blocker + "/out", "--quiet"])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("loansim: error: cannot create \(blocker)/out: \(blocker) is a file, not a folder"), "\(r.stderr)")
        let onFile = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "10", "--out", blocker, "--quiet"])
        #expect(onFile.status == 73 && onFile.stderr.contains("cannot write into \(blocker): it is a file, not a folder"), "\(onFile.stderr)")
        // A folder the file system refuses at the write (proc: no entries can be made there) is said in
        // words with the system's reason, not as Foundation's debug description.
        let proc = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "10", "--out", "/proc/loansim-test", "--quiet"])
        #expect(proc.status == 73 && proc.stderr.contains("/proc/loansim-test") && !proc.stderr.contains("Domain="), "\(proc.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["not-a-dir"])
    }

    /// The output folder is checked before any work: a run of 10^8 paths (which would be refused for its
    /// disk space, or take hours) and every command that writes a folder stop at once on a bad `--out`.
    @Test func badOutputIsRefusedBeforeTheWork() throws {
        let dir = try CLI.temporaryDirectory()
        let blocker = dir + "/not-a-dir"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        let out = ["--out", blocker + "/out", "--quiet"]
        let commands: [[String]] = [
            ["run", "scenarios/bench-b1.yaml", "--paths", "100000000"],
            ["compare", "scenarios/bench-b1.yaml", "scenarios/bench-b1.yaml", "--paths", "100000000"],
            ["sweep", "scenarios/bench-b1.yaml", "--set", "pool.initial=1,2", "--paths", "100000000"],
            ["stress", "scenarios/bench-b1.yaml", "--target", "depletion.probability>=0.8", "--paths", "100000000"],
            ["plan", "scenarios/bench-b1.yaml", "--target", "depletion.year5<=0.2", "--vary", "pool.initial", "--range", "0:800000",
             "--paths", "100000000"],
            ["calibrate", "data/zhengzhou-history.csv"],
        ]
        for args in commands {
            let r = try CLI.run(args + out)
            #expect(r.status == 73 && r.stderr.contains("\(blocker) is a file, not a folder"), "\(args[0]): exit \(r.status) \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["not-a-dir"])
    }
}

@Suite(.serialized) struct StudyCommandTests {
    /// `--metric` chooses what compare pairs; a metric it cannot pair, or a misspelt one, is refused
    /// before any run (exit 64, nothing written), with what is allowed.
    @Test func compareTakesChosenMetrics() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["compare", "scenarios/zhengkedai-baseline.yaml", "scenarios/policy-pool-doubled.yaml", "--paths", "200",
                             "--metric", "fiscal_cost", "--metric", "depletion.year3", "--metric", "fiscal_cost.mean",
                             "--metric", "pool_paid/defaults", "--metric", "pool_paid/linkage_invested", "--out", dir + "/c"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("P(pool depleted by the end of year 3)") && r.stdout.contains("Fiscal cost") && !r.stdout.contains("Gross principal loss"))
        #expect(r.stdout.contains("Pool paid per default") && r.stdout.contains("万元/loan"))
        #expect(r.stderr.contains("no row pool_paid/linkage_invested: the mean of linkage_invested is zero in [0]"), "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/c/compare.json"))) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        #expect(rows.map { $0["metric"] as? String } == ["fiscal_cost.mean", "depletion.year3", "pool_paid/defaults"])
        #expect(rows.map { $0["label_zh"] as? String } == ["财政成本", "第3年末前资金池耗尽概率", "每笔违约资金池代偿"])
        #expect(rows.map { $0["unit"] as? String } == ["万元", "probability", "万元/loan"])
        let ratio = try CLI.run(["compare", "scenarios/bench-b1.yaml", "scenarios/bench-b1.yaml", "--paths", "100000000",
                                 "--metric", "depletion/defaults", "--out", dir + "/p", "--quiet"])
        #expect(ratio.status == 64 && ratio.stderr.contains("divides means of metrics"), "\(ratio.stderr)")
        let q99 = try CLI.run(["compare", "scenarios/bench-b1.yaml", "scenarios/bench-b1.yaml", "--paths", "100000000",
                               "--metric", "pool_paid.q99", "--out", dir + "/q", "--quiet"])
        #expect(q99.status == 64 && q99.stderr.contains("not q99") && q99.stderr.contains("depletion.yearN"), "\(q99.stderr)")
        let typo = try CLI.run(["compare", "scenarios/bench-b1.yaml", "scenarios/bench-b1.yaml", "--metric", "fiscal_cots", "--out", dir + "/t"])
        #expect(typo.status == 64 && typo.stderr.contains("did you mean 'fiscal_cost'"), "\(typo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/q") && !FileManager.default.fileExists(atPath: dir + "/t")
                && !FileManager.default.fileExists(atPath: dir + "/p"))
    }

    @Test func compareWritesPairedDifferences() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["compare", "scenarios/zhengkedai-baseline.yaml", "scenarios/policy-ratio-60.yaml",
                             "--paths", "300", "--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("CRN narrowing") && r.stdout.contains("Pool paid"))
        // A change in a probability is in percentage points with its sign, never a bare "%".
        let depletion = r.stdout.split(separator: "\n").filter { $0.contains("[1]") && $0.contains("pp") }
        #expect(!depletion.isEmpty && r.stdout.contains("percentage points"), "\(r.stdout)")
        let signed = try NSRegularExpression(pattern: "[+-][0-9]+\\.[0-9]{2} pp")
        for line in depletion {
            let text = String(line)
            #expect(signed.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) == 3, "\(text)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/compare.json"))) as! [String: Any]
        let rows = json["rows"] as! [[String: Any]]
        let gross = rows.first { $0["metric"] as? String == "gross_loss.mean" }!
        let diff = (gross["differences_vs_first"] as! [[String: Any]])[0]
        #expect(diff["mean"] as? Double == 0 || diff["mean"] as? Int == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/scenario-1/summary.json"))
        #expect(try String(contentsOfFile: dir + "/compare.csv", encoding: .utf8).hasPrefix("# loansim"))
    }

    @Test func sweepWritesOneRowPerGridPoint() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["sweep", "scenarios/zhengkedai-baseline.yaml", "--set", "programme.compensation.credit=60%,80%",
                             "--set", "pool.initial=1亿,2亿", "--paths", "256", "--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: dir + "/sweep.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 + 4)
        #expect(lines[1].hasPrefix("programme.compensation.credit,pool.initial,gross_loss_wan,gross_loss_wan_se"))
        #expect(lines[2].hasPrefix("60%,1亿,"))
        // Four points and ten figures: the table on stdout has a row per figure and a column per point.
        #expect(r.stdout.contains("  [4] programme.compensation.credit=80%, pool.initial=2亿")
                && r.stdout.contains("\nFiscal cost per distinct firm financed  万元/firm"), "\(r.stdout)")
        let bad = try CLI.run(["sweep", "scenarios/zhengkedai-baseline.yaml", "--set", "programme.nonsense=1", "--paths", "10", "--quiet"])
        #expect(bad.status == 65 && bad.stderr.contains("--set programme.nonsense"))
        #expect(try CLI.run(["sweep", "scenarios/zhengkedai-baseline.yaml"]).status == 64)
    }

    /// `sweep --metric` takes any statistic, `depletion.yearN` and ratios of means; each column's metric,
    /// unit and label are in sweep.json. A ratio a point does not define (no linkage: nothing invested)
    /// has empty cells and null; a repeated figure is one column; a probability in a ratio is refused
    /// before any run. A point's fiscal cost per firm is the plain run's (summary.json), digit for digit.
    @Test func sweepTakesChosenFiguresAndNamesTheirUnits() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["sweep", "scenarios/zhengkedai-baseline.yaml", "--set", "pool.initial=1亿,2亿", "--paths", "200", "--seed", "4",
                             "--metric", "pool_paid.q99", "--metric", "depletion.year2", "--metric", "fiscal_cost/distinct_firms_financed",
                             "--metric", "pool_paid/linkage_invested", "--metric", "fiscal_cost/distinct_firms_financed", "--out", dir + "/s", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: dir + "/s/sweep.csv", encoding: .utf8).split(separator: "\n")
        #expect(lines[1] == "pool.initial,pool_paid_q99_wan,pool_paid_q99_wan_se,p_depleted_year2,p_depleted_year2_se,"
                + "fiscal_cost_per_distinct_firms_financed,fiscal_cost_per_distinct_firms_financed_se,"
                + "pool_paid_per_linkage_invested,pool_paid_per_linkage_invested_se")
        #expect(lines[2].hasPrefix("1亿,") && lines[2].hasSuffix(",,"))
        #expect(r.stderr.contains("pool_paid/linkage_invested is not defined at 2 of 2 points"), "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/s/sweep.json"))) as! [String: Any]
        let columns = json["columns"] as! [[String: Any]]
        #expect(columns.map { $0["unit"] as? String } == ["万元", "probability", "万元/firm", "ratio"])
        #expect(columns.map { $0["metric"] as? String } == ["pool_paid.q99", "depletion.year2", "fiscal_cost/distinct_firms_financed",
                                                            "pool_paid/linkage_invested"])
        let points = json["points"] as! [[String: Any]]
        let second = points[1]["estimates"] as! [Any]
        #expect(second[3] is NSNull && (points[1]["values"] as? [String]) == ["2亿"])
        let perFirm = (second[2] as! [String: Any])["value"] as! Double
        try "extends: \(CLI.root.path)/scenarios/zhengkedai-baseline.yaml\npool: {initial: 2亿}\n".write(toFile: dir + "/two.yaml", atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", dir + "/two.yaml", "--paths", "200", "--seed", "4", "--out", dir + "/run", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/run/summary.json"))) as! [String: Any]
        let economics = summary["economics"] as! [String: Any]
        #expect((economics["fiscal_cost_per_firm"] as! [String: Any])["value"] as? Double == perFirm)
        let bad = try CLI.run(["sweep", "scenarios/zhengkedai-baseline.yaml", "--set", "pool.initial=1亿,2亿", "--paths", "100000000",
                               "--metric", "depletion.year2/defaults", "--out", dir + "/bad", "--quiet"])
        #expect(bad.status == 64 && bad.stderr.contains("divides means of metrics"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/bad"))
    }

    /// On a quarterly scenario, stress's `depletion.year1` is year 1 of that scenario: its evaluation at
    /// no shock equals the plain run's P(depleted by the end of year 1) on the same seed and paths (it was
    /// read in months, i.e. year 3, before 0.2.1). A year past the horizon is refused before any run.
    @Test func stressReadsYearTargetsInTheScenariosSteps() throws {
        let dir = try CLI.temporaryDirectory()
        let quarterly = dir + "/b1-quarterly.yaml"
        try "extends: \(CLI.root.path)/scenarios/bench-b1.yaml\nname: B1 quarterly\nstep: quarter\n".write(toFile: quarterly, atomically: true, encoding: .utf8)
        let run = try CLI.run(["run", quarterly, "--paths", "400", "--seed", "5", "--out", dir + "/run", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/run/summary.json"))) as! [String: Any]
        let year1 = ((summary["depletion"] as! [String: Any])["by_year"] as! [Double])[0]
        let stress = try CLI.run(["stress", quarterly, "--target", "depletion.year1>=0.9", "--paths", "400", "--seed", "5", "--out", dir + "/s", "--quiet"])
        #expect(stress.status == 0, "\(stress.stderr)")
        let file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/s/stress.json"))) as! [String: Any]
        let first = (file["evaluations"] as! [[String: Any]])[0]
        #expect(first["value"] as? Double == 0 && first["estimate"] as? Double == year1, "\(first) vs \(year1)")
        let beyond = try CLI.run(["stress", quarterly, "--target", "depletion.year6>=0.5", "--paths", "100000000", "--out", dir + "/b", "--quiet"])
        #expect(beyond.status == 64 && beyond.stderr.contains("depletion.year1 … depletion.year5"), "\(beyond.stderr)")
    }

    @Test func stressFindsAShockAndRejectsBadTargets() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["stress", "scenarios/zhengkedai-baseline.yaml", "--target", "depletion.probability>=0.8",
                             "--paths", "512", "--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("smallest shock meeting the target: macro.shift = -"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/stress.json"))) as! [String: Any]
        #expect((json["shock"] as? Double ?? 0) < 0 && (json["shock_se"] as? Double ?? 0) > 0)
        let bad = try CLI.run(["stress", "scenarios/zhengkedai-baseline.yaml", "--target", "pool_payd.mean>=1"])
        #expect(bad.status == 64 && bad.stderr.contains("did you mean 'pool_paid'"))
    }

    @Test func theExampleTapeValidatesAndRuns() throws {
        let r = try CLI.run(["validate", "scenarios/bank-tape-example.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3000 loans live at 2025-09") && r.stdout.contains("by bank:") && r.stdout.contains("ip_pledge"))
        let dir = try CLI.temporaryDirectory()
        let run = try CLI.run(["run", "scenarios/bank-tape-example.yaml", "--paths", "64", "--out", dir, "--detail"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("By sector:") && run.stdout.contains("biomedicine") && run.stdout.contains("By bank"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as! [String: Any]
        let sectors = (json["by_sector"] as? [[String: Any]])?.compactMap { $0["sector"] as? String }
        #expect(sectors == ["electronics", "software", "biomedicine", "new-materials", "equipment"])
        // A tape type without a rules cohort is refused, naming the key.
        let child = dir + "/child.yaml"
        try "extends: \(CLI.root.path)/scenarios/bank-tape-example.yaml\nbook: {rules: {ip_pledge: techsme-credit}}\n"
            .write(toFile: child, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["run", child, "--paths", "8", "--out", dir + "/bad"])
        #expect(bad.status == 65 && bad.stderr.contains("book.rules.ip_pledge: cohort 'techsme-credit' has no ip_pledge rules"), "\(bad.stderr)")
    }

    @Test func stressVariesAnyKeyPath() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["stress", "scenarios/zhengkedai-baseline.yaml", "--target", "depletion.year5>=0.5", "--vary", "pool.initial",
                             "--limit", "0", "--paths", "256", "--out", dir, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("varying: pool.initial from 9100 toward 0") && r.stdout.contains("smallest shock meeting the target: pool.initial = "))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/stress.json"))) as! [String: Any]
        #expect(json["vary"] as? String == "pool.initial")
        let shock = try #require(json["shock"] as? Double)
        #expect(shock > 0 && shock < 9100)
        let noLimit = try CLI.run(["stress", "scenarios/zhengkedai-baseline.yaml", "--target", "depletion.year5>=0.5", "--vary", "pool.initial"])
        #expect(noLimit.status == 64 && noLimit.stderr.contains("needs --limit"))
        let unset = try CLI.run(["stress", "scenarios/zhengkedai-baseline.yaml", "--target", "depletion.year5>=0.5", "--vary", "programme.compensation.ip_pledge",
                                 "--limit", "1", "--paths", "64"])
        #expect(unset.status == 64 && unset.stderr.contains("--from"), "\(unset.stderr)")
        let unknown = try CLI.run(["stress", "scenarios/zhengkedai-baseline.yaml", "--target", "depletion.year5>=0.5", "--vary", "pool.intial",
                                   "--from", "1", "--limit", "0", "--paths", "64"])
        #expect(unknown.status == 65 && unknown.stderr.contains("pool.intial"), "\(unknown.stderr)")
    }

    @Test func precisionStopsAtTheTarget() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--precision", "pool_paid=150", "--max-paths", "20000",
                             "--out", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("precision: pool_paid.mean standard error") && r.stderr.contains("met"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as! [String: Any]
        let se = ((json["metrics"] as! [String: Any])["pool_paid"] as! [String: Any])["se"] as! Double
        #expect(se <= 150)
    }
}

/// `loansim plan` through the real binary: the answer, its checks and plan.json.
@Suite struct PlanCommandTests {
    @Test func planFindsAndChecksTheCapital() throws {
        let out = try CLI.temporaryDirectory() + "/plan"
        let r = try CLI.run(["plan", "scenarios/bench-b1.yaml", "--target", "depletion.year5<=0.2", "--vary", "pool.initial",
                             "--range", "0:800000", "--paths", "256", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("smallest pool.initial meeting the target:") && r.stdout.contains("at 95% of it"), "\(r.stdout)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/plan.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let answer = try #require((json["answer"] as? NSNumber)?.doubleValue)
        // B1 starts with 200,000万 and is depleted by year 5 on about a third of paths: more is needed.
        #expect(answer > 200_000 && answer < 800_000)
        #expect((json["checks"] as? [[String: Any]])?.count == 2 && json["vary"] as? String == "pool.initial")
        // The amount to add: the answer less the scenario's own 200,000万.
        #expect((json["current"] as? NSNumber)?.doubleValue == 200_000)
        #expect(abs(((json["change"] as? NSNumber)?.doubleValue ?? .nan) - (answer - 200_000)) < 1e-6)
        #expect(r.stdout.contains("the scenario has pool.initial = 200,000: add "), "\(r.stdout)")
    }
}

/// `run --shard K/N` and `loansim merge`: the parts of a run joined give the single run's files byte
/// for byte; missing, repeated or foreign shards and a changed scenario are refused (exit 65).
@Suite struct ShardTests {
    /// The city's funds travel in the shards: two shards of the angel-fund scenario merge into its run.
    @Test func fundShardsMergeIntoTheSameBytes() throws {
        let dir = try CLI.temporaryDirectory()
        let common = ["run", "scenarios/zhengzhou-angel-fund-2024.yaml", "--paths", "600", "--quiet"]
        #expect(try CLI.run(common + ["--threads", "2", "--out", dir + "/one"]).status == 0)
        for k in 1...2 { #expect(try CLI.run(common + ["--shard", "\(k)/2", "--out", dir + "/parts"]).status == 0) }
        let merged = try CLI.run(["merge", dir + "/parts/shard-1-of-2.bin", dir + "/parts/shard-2-of-2.bin", "--out", dir + "/merged"])
        #expect(merged.status == 0, "\(merged.stderr)")
        for f in ["summary.json", "paths.csv", "timeseries.csv", "scenario.json"] {
            let a = FileManager.default.contents(atPath: dir + "/one/" + f), b = FileManager.default.contents(atPath: dir + "/merged/" + f)
            #expect(a != nil && a == b, "\(f) differs")
        }
    }

    @Test func shardsMergeIntoTheSameBytes() throws {
        let dir = try CLI.temporaryDirectory()
        // The calibrated baseline: its point-estimate twin run travels in the shards too.
        let one = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--paths", "700", "--threads", "2", "--out", dir + "/one", "--quiet"])
        #expect(one.status == 0, "\(one.stderr)")
        for k in 1...3 {
            let r = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--paths", "700", "--threads", "1", "--shard", "\(k)/3", "--out", dir + "/parts"])
            #expect(r.status == 0 && r.stdout.contains("shard-\(k)-of-3.bin"), "\(r.stderr)")
        }
        let parts = (1...3).reversed().map { dir + "/parts/shard-\($0)-of-3.bin" }
        let merged = try CLI.run(["merge"] + parts + ["--out", dir + "/merged"])
        #expect(merged.status == 0, "\(merged.stderr)")
        for f in ["summary.json", "paths.csv", "timeseries.csv", "scenario.json", "manifest.json"] {
            let a = FileManager.default.contents(atPath: dir + "/one/" + f), b = FileManager.default.contents(atPath: dir + "/merged/" + f)
            #expect(a != nil && a == b, "\(f) differs")
        }
        let missing = try CLI.run(["merge", parts[0], parts[2], "--out", dir + "/m2"])
        #expect(missing.status == 65 && missing.stderr.contains("shards 2 of 3 are missing"), "\(missing.stderr)")
        let twice = try CLI.run(["merge", parts[0], parts[0], parts[1], "--out", dir + "/m3"])
        #expect(twice.status == 65 && twice.stderr.contains("shard 3 of 3 is also"), "\(twice.stderr)")
        let other = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--paths", "700", "--seed", "9", "--shard", "2/3", "--out", dir + "/other"])
        #expect(other.status == 0)
        let foreign = try CLI.run(["merge", parts[0], dir + "/other/shard-2-of-3.bin", parts[2], "--out", dir + "/m4"])
        #expect(foreign.status == 65 && foreign.stderr.contains("belongs to another run"), "\(foreign.stderr)")
        // A damaged shard: cut short.
        let data = try #require(FileManager.default.contents(atPath: parts[1]))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: dir + "/cut.bin"))
        let cut = try CLI.run(["merge", parts[0], dir + "/cut.bin", parts[2], "--out", dir + "/m5"])
        #expect(cut.status == 65 && cut.stderr.contains("cut.bin:3:1") && cut.stderr.contains("cut short"), "\(cut.stderr)")
        // The scenario given where the shards' relative name does not reach: the same bytes out; a changed
        // scenario is refused.
        try FileManager.default.copyItem(atPath: CLI.root.path + "/scenarios", toPath: dir + "/elsewhere")
        let moved = try CLI.run(["merge"] + parts + ["--out", dir + "/m6", "--scenario", dir + "/elsewhere/zhengkedai-baseline.yaml"])
        #expect(moved.status == 0, "\(moved.stderr)")
        // The numbers are the same bytes; summary.json names the calibration file where merge read it.
        for f in ["paths.csv", "timeseries.csv"] {
            #expect(FileManager.default.contents(atPath: dir + "/m6/" + f) == FileManager.default.contents(atPath: dir + "/one/" + f), "\(f)")
        }
        let included = dir + "/elsewhere/calibration/zhengzhou/calibrated.yaml"
        try (String(contentsOfFile: included, encoding: .utf8) + "\n# edited\n").write(toFile: included, atomically: true, encoding: .utf8)
        let changed = try CLI.run(["merge"] + parts + ["--out", dir + "/m7", "--scenario", dir + "/elsewhere/zhengkedai-baseline.yaml"])
        #expect(changed.status == 65 && changed.stderr.contains("changed since the shards were run"), "\(changed.stderr)")
        let bad = try CLI.run(["run", "scenarios/zhengkedai-baseline.yaml", "--shard", "4/3"])
        #expect(bad.status == 64 && bad.stderr.contains("1 ≤ K ≤ N"))
    }
}

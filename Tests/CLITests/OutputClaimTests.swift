import Foundation
import Testing

/// The README's promises about the output folder (issue 31): the lock is held for the whole command, so
/// a second command into the same folder fails at once however early it comes; a command that fails
/// leaves no folder it created; the history writer's YAML reads back; a plan from another scenario is
/// not shown as a run's answer.
@Suite struct OutputClaimTests {
    /// A second run started while the first is still simulating (not yet writing) fails at once with
    /// exit 75, every time; the first then finishes normally.
    @Test func aSecondRunIntoTheSameFolderFailsAtOnce() throws {
        let dir = try CLI.temporaryDirectory() + "/out"
        for _ in 0..<3 {
            try? FileManager.default.removeItem(atPath: dir)
            let first = Process()
            first.executableURL = URL(fileURLWithPath: CLI.binary)
            first.arguments = ["run", "scenarios/bench-b1.yaml", "--paths", "40000", "--out", dir, "--quiet"]
            first.currentDirectoryURL = CLI.root
            first.standardOutput = FileHandle.nullDevice
            let firstErr = Pipe()
            first.standardError = firstErr
            try first.run()
            // Wait until the first has claimed the folder (its lock exists), then stop it there, so that it
            // is certainly still running (simulating, not writing) while the second starts. The wait blocks
            // its thread (usleep): a Task.sleep may resume late when the suite's other tests hold the
            // cooperative threads, by which time the first run may have finished.
            // The lock file appears a moment before it is locked (open, then flock): stopped in between, the
            // first would hold nothing. So it is stopped, and kept stopped only once the lock is held — tried
            // from here while it is stopped, and let go at once when it was free.
            var waited = 0, held = false
            while !held && first.isRunning && waited < 30_000 {
                if FileManager.default.fileExists(atPath: dir + "/.loansim.lock") {
                    kill(first.processIdentifier, SIGSTOP)
                    let fd = open(dir + "/.loansim.lock", O_RDONLY)
                    if fd >= 0 {
                        held = flock(fd, LOCK_EX | LOCK_NB) != 0
                        if !held { flock(fd, LOCK_UN) }
                        close(fd)
                    }
                    if !held { kill(first.processIdentifier, SIGCONT) }
                }
                if !held {
                    usleep(2_000)
                    waited += 1
                }
            }
            let claimed = held && first.isRunning
            let second = claimed ? try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "50", "--out", dir, "--quiet"]) : nil
            kill(first.processIdentifier, SIGCONT)
            first.waitUntilExit()
            let firstStderr = String(decoding: firstErr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            try #require(claimed, "the first run ended (exit \(first.terminationStatus)) before it could be held: \(firstStderr.prefix(300))")
            #expect(second?.status == 75 && second?.stderr.contains("another LoanSim process is writing to") == true, "\(second?.stderr ?? "")")
            #expect(first.terminationStatus == 0, "\(firstStderr.prefix(300))")
            #expect(FileManager.default.fileExists(atPath: dir + "/summary.json"))
        }
    }

    /// The shards of a run share one folder (a Slurm array, a Kubernetes indexed Job): a shard locks it
    /// only while it writes its own file, so shards running at the same time all succeed.
    @Test func shardsRunningTogetherShareTheirFolder() async throws {
        let dir = try CLI.temporaryDirectory() + "/shards"
        let first = Process()
        first.executableURL = URL(fileURLWithPath: CLI.binary)
        first.arguments = ["run", "scenarios/bench-b1.yaml", "--paths", "30000", "--shard", "1/2", "--out", dir, "--quiet"]
        first.currentDirectoryURL = CLI.root
        first.standardOutput = FileHandle.nullDevice
        try first.run()
        let second = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "30000", "--shard", "2/2", "--out", dir, "--quiet"])
        first.waitUntilExit()
        #expect(second.status == 0 && first.terminationStatus == 0, "\(second.stderr)")
        let merged = try CLI.run(["merge", dir + "/shard-1-of-2.bin", dir + "/shard-2-of-2.bin", "--out", dir + "/merged"])
        #expect(merged.status == 0, "\(merged.stderr)")
    }

    /// A command refused after it claimed its folder (here: plan's value out of the key's range, found
    /// at the first evaluation) leaves neither the folder nor its parents behind.
    @Test func aFailedCommandLeavesNoFolder() throws {
        let top = try CLI.temporaryDirectory() + "/new"
        let r = try CLI.run(["plan", "scenarios/bench-b1.yaml", "--target", "depletion.probability<=0.05", "--vary", "pool.initial",
                             "--range", "0:1e300", "--paths", "50", "--out", top + "/a/b"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: top), "left \(top) behind")
        // An existing folder is left as it was, lock file aside.
        let existing = try CLI.temporaryDirectory()
        let again = try CLI.run(["plan", "scenarios/bench-b1.yaml", "--target", "depletion.probability<=0.05", "--vary", "pool.initial",
                                 "--range", "0:1e300", "--paths", "50", "--out", existing])
        #expect(again.status == 65)
        #expect(try FileManager.default.contentsOfDirectory(atPath: existing).allSatisfy { $0 == ".loansim.lock" })
    }

    /// Names holding line breaks of any kind (a cohort named with U+2028, a history file whose name
    /// holds a newline) stay inside calibrated.yaml's comments: the fragment loads in a scenario.
    @Test func calibratedYAMLReadsBackWhateverTheNames() throws {
        let dir = try CLI.temporaryDirectory()
        let history = dir + "/odd\nname.csv"
        let cohort = "hightech\u{2028}credit"
        try "year,cohort,loans,defaults\n2019,\(cohort),400,8\n2020,\(cohort),420,12\n2021,\(cohort),450,9\n"
            .write(toFile: history, atomically: true, encoding: .utf8)
        let r = try CLI.run(["calibrate", history, "--out", dir + "/cal", "--quiet", "--draws", "200"])
        #expect(r.status == 0, "\(r.stderr)")
        let fragment = try String(contentsOfFile: dir + "/cal/calibrated.yaml", encoding: .utf8)
        #expect(!fragment.contains("\u{2028}") && fragment.contains("\\u{2028}") && fragment.contains("odd\\u{a}name.csv"))
        let scenario = """
            name: t
            horizon_months: 12
            cohorts:
              - {name: a, firms: 100, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0.5}}
            pool: {initial: 1000}
            calibration:
              include: cal/calibrated.yaml
              cohorts: {a: {from: "hightech\\u2028credit"}}
            """
        try scenario.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let v = try CLI.run(["validate", dir + "/s.yaml"])
        #expect(v.status == 0, "\(v.stderr)")
    }

    /// A problem with a key the scenario writes inline beside `include:` is named in the scenario, at
    /// its own line, not in the included calibrated.yaml.
    @Test func inlineCalibrationKeysAreNamedInTheScenario() throws {
        let dir = try CLI.temporaryDirectory()
        try FileManager.default.copyItem(atPath: CLI.root.path + "/scenarios/calibration", toPath: dir + "/calibration")
        var text = try String(contentsOfFile: CLI.root.path + "/scenarios/zhengkedai-baseline.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "  include: calibration/zhengzhou/calibrated.yaml\n",
                                         with: "  include: calibration/zhengzhou/calibrated.yaml\n  point: bogus\n")
        try text.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex(of: "  point: bogus")! + 1
        let r = try CLI.run(["validate", dir + "/s.yaml"])
        #expect(r.status == 65 && r.stderr.contains("\(dir)/s.yaml:\(line):") && r.stderr.contains("calibration.point"), "\(r.stderr)")
        #expect(!r.stderr.contains("calibrated.yaml:"), "\(r.stderr)")
    }

    /// `report --plan` states a plan only with a run of the same scenario.
    @Test func aPlanOfAnotherScenarioIsRefused() throws {
        let dir = try CLI.temporaryDirectory()
        let run = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "300", "--out", dir + "/run", "--quiet"])
        #expect(run.status == 0)
        let plan = try CLI.run(["plan", "scenarios/policy-pool-doubled.yaml", "--target", "depletion.probability<=0.5", "--vary", "pool.initial",
                                "--range", "0:100000", "--paths", "256", "--out", dir + "/plan", "--quiet"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let r = try CLI.run(["report", dir + "/run", "--plan", dir + "/plan/plan.json", "--out", dir + "/r.html"])
        #expect(r.status == 65 && r.stderr.contains("scenario.sha256") && r.stderr.contains("policy-pool-doubled"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/r.html"))
        // Its own scenario's plan is accepted.
        let own = try CLI.run(["plan", "scenarios/bench-b1.yaml", "--target", "depletion.probability<=0.5", "--vary", "pool.initial",
                               "--range", "0:100000", "--paths", "256", "--out", dir + "/own", "--quiet"])
        #expect(own.status == 0, "\(own.stderr)")
        let ok = try CLI.run(["report", dir + "/run", "--plan", dir + "/own/plan.json", "--out", dir + "/r.html"])
        #expect(ok.status == 0, "\(ok.stderr)")
    }
}

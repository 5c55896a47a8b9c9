import Foundation
import Testing

/// Defects a careful tester found (issue 11), each reproduced through the real binary.
@Suite struct HostileInputTests {
    /// A run folder to tamper with.
    func runFolder() throws -> String {
        let dir = try CLI.temporaryDirectory() + "/run"
        let r = try CLI.run(["run", "scenarios/zhengkedai-adverse-assumptions.yaml", "--paths", "300", "--out", dir, "--quiet"])
        #expect(r.status == 0)
        return dir
    }

    func replace(_ file: String, _ transform: (String) -> String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try transform(text).write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// `report` used to crash (signal 4) on a null term, ±1.7e308 losses or a month that is not a number.
    @Test func reportSurvivesTamperedFiles() throws {
        let dir = try runFolder()
        let scenarioJSON = try String(contentsOfFile: dir + "/scenario.json", encoding: .utf8)
        try replace(dir + "/scenario.json") { $0.replacingOccurrences(of: "\"term_months\" : 12", with: "\"term_months\" : null") }
        try replace(dir + "/paths.csv") { text in
            var lines = text.components(separatedBy: "\n")
            for i in [2, 3] where i < lines.count {
                var cells = lines[i].components(separatedBy: ",")
                cells[1] = i == 2 ? "1.7e308" : "-1.7e308"
                lines[i] = cells.joined(separator: ",")
            }
            return lines.joined(separator: "\n")
        }
        try replace(dir + "/timeseries.csv") { text in
            var lines = text.components(separatedBy: "\n")
            var cells = lines[3].components(separatedBy: ",")
            cells[1] = "x"
            lines[3] = cells.joined(separator: ",")
            return lines.joined(separator: "\n")
        }
        // The manifest no longer matches: the folder is refused as not one result set, naming a file.
        let refused = try CLI.run(["report", dir])
        #expect(refused.status == 65 && refused.stderr.contains("does not match") && refused.stderr.contains("manifest.json"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/report.zh.html"))
        // Without a manifest (hand-assembled, or from an older version): a null where scenario.json's schema
        // wants a number is named with its field; numbers out of range in the CSVs are survived.
        try FileManager.default.removeItem(atPath: dir + "/manifest.json")
        let null = try CLI.run(["report", dir])
        #expect(null.status == 65 && null.stderr.contains("scenario.json: field cohorts[0].term_months: expected Int, found null"), "\(null.stderr)")
        try scenarioJSON.write(toFile: dir + "/scenario.json", atomically: true, encoding: .utf8)
        for lang in ["zh", "en"] {
            let r = try CLI.run(["report", dir, "--lang", lang])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir + "/report.\(lang).html"))
        }
    }

    @Test func precisionWithNoPathBudgetIsAUsageError() throws {
        let r = try CLI.run(["run", "scenarios/bench-b1.yaml", "--precision", "pool_paid=1", "--max-paths", "0", "--quiet"])
        #expect(r.status == 64 && r.stderr.contains("--max-paths"))
        #expect(try CLI.run(["run", "scenarios/bench-b1.yaml", "--precision", "pool_paid=inf", "--quiet"]).status == 64)
    }

    @Test(arguments: [["--tolerance", "nan"], ["--limit", "nan"], ["--tolerance", "-1"]])
    func stressRefusesMeaninglessNumbers(extra: [String]) throws {
        let r = try CLI.run(["stress", "scenarios/zhengkedai-adverse-assumptions.yaml", "--target", "depletion.probability>=0.9"] + extra)
        #expect(r.status == 64, "\(r.stderr)")
    }

    @Test func stressRefusesANaNTarget() throws {
        let r = try CLI.run(["stress", "scenarios/zhengkedai-adverse-assumptions.yaml", "--target", "depletion.probability>=nan"])
        #expect(r.status == 64 && r.stderr.contains("not a number"))
    }

    @Test(arguments: ["1e308亿", "1e308", "1e13"])
    func absurdAmountsAreRefused(amount: String) throws {
        let (r, _) = try CLI.validate(minimal.replacingOccurrences(of: "pool: {initial: 1000}", with: "pool: {initial: \"\(amount)\"}"))
        #expect(r.status == 65 && r.stderr.contains("pool.initial") && r.stderr.contains("at most 1e12"), "\(r.stderr)")
    }

    /// A factor-path CSV saved with CRLF line endings reads like the LF one.
    @Test func factorPathWithCRLFIsRead() throws {
        let dir = try CLI.temporaryDirectory()
        let csv = (["step,z"] + (1...12).map { "\($0),-0.5" }).joined(separator: "\r\n") + "\r\n"
        try csv.write(toFile: dir + "/z.csv", atomically: true, encoding: .utf8)
        let yaml = minimal + "\nmacro: {path_file: z.csv}\n"
        try yaml.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["validate", dir + "/s.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// A legitimate 9-deep extends chain loads; a loop is named as one.
    @Test func longExtendsChainsLoadAndLoopsAreNamed() throws {
        let dir = try CLI.temporaryDirectory()
        try minimal.write(toFile: dir + "/s0.yaml", atomically: true, encoding: .utf8)
        for k in 1...9 { try "extends: s\(k - 1).yaml\nname: s\(k)\n".write(toFile: dir + "/s\(k).yaml", atomically: true, encoding: .utf8) }
        let ok = try CLI.run(["validate", dir + "/s9.yaml"])
        #expect(ok.status == 0, "\(ok.stderr)")
        try "extends: b.yaml\nname: a\n".write(toFile: dir + "/a.yaml", atomically: true, encoding: .utf8)
        try "extends: a.yaml\nname: b\n".write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let loop = try CLI.run(["validate", dir + "/a.yaml"])
        #expect(loop.status == 65 && loop.stderr.contains("extends loop: a.yaml → b.yaml → a.yaml"), "\(loop.stderr)")
    }

    /// A duplicate key and a NUL byte are reported where they are, without echoing the file.
    @Test func duplicateKeysAndNULBytesArePlaced() throws {
        let (dup, file) = try CLI.validate(minimal + "\nname: again\n")
        #expect(dup.status == 65 && dup.stderr.contains("key given twice") && dup.stderr.contains("name"), "\(dup.stderr)")
        #expect(!dup.stderr.contains("1:1: (top level)") && !dup.stderr.contains("horizon_months: 12"), "\(dup.stderr)")
        try (minimal + "\n# a NUL \u{0} here\n").write(toFile: file, atomically: true, encoding: .utf8)
        let nul = try CLI.run(["validate", file])
        #expect(nul.status == 65 && nul.stderr.contains("NUL byte") && nul.stderr.contains(":6:9:"), "\(nul.stderr)")
    }

    /// A list where a number belongs is one error, not also "required key is missing".
    @Test func aListForANumberIsOneError() throws {
        let (r, _) = try CLI.validate(minimal.replacingOccurrences(of: "horizon_months: 12", with: "horizon_months: [24]"))
        #expect(r.status == 65 && r.stderr.contains("horizon_months: expected a whole number, found a list"), "\(r.stderr)")
        #expect(!r.stderr.contains("required key is missing"), "\(r.stderr)")
    }

    @Test(arguments: ["1e12", "1e300"])
    func absurdEntryCountsAreRefused(count: String) throws {
        let yaml = minimal.replacingOccurrences(of: "loan_size: {median: 100, sigma: 0.5}}", with: "loan_size: {median: 100, sigma: 0.5}, new_firms_per_year: \(count)}")
        let (r, _) = try CLI.validate(yaml)
        #expect(r.status == 65 && r.stderr.contains("new_firms_per_year") && r.stderr.contains("1000000"), "\(r.stderr)")
    }

    /// Thousands of unknown keys: at most 50 problems printed, then a count; a huge file is refused unread.
    @Test func manyErrorsAreCappedAndHugeFilesRefused() throws {
        let keys = (0..<500).map { "unknown_key_\($0): 1" }.joined(separator: "\n")
        let (r, file) = try CLI.validate(minimal + "\n" + keys + "\n")
        #expect(r.status == 65)
        #expect(r.stderr.split(separator: "\n").count == 51 && r.stderr.contains("… and 450 more problems"), "\(r.stderr.suffix(200))")
        try String(repeating: "# padding line of a file far too large to be a scenario\n", count: 90_000).write(toFile: file, atomically: true, encoding: .utf8)
        let big = try CLI.run(["validate", file])
        #expect(big.status == 65 && big.stderr.contains("too large"), "\(big.stderr)")
    }

    /// A result set is one run's: a second writer to a locked folder fails at once (exit 75) and
    /// changes nothing; temporaries left by a killed process are swept by the next write; a file
    /// swapped in from another run is caught by the manifest.
    @Test func resultSetsAreWrittenAsOneSet() throws {
        let dir = try runFolder()
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let summary = try String(contentsOfFile: dir + "/summary.json", encoding: .utf8)
        let fd = open(dir + "/.loansim.lock", O_RDWR)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        let second = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "300", "--out", dir, "--quiet"])
        #expect(second.status == 75 && second.stderr.contains("another LoanSim process is writing to"), "\(second.stderr)")
        #expect(try String(contentsOfFile: dir + "/summary.json", encoding: .utf8) == summary)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == before)
        flock(fd, LOCK_UN)
        close(fd)

        // A dead process's temporary (pid 2^22 + 1 is above Linux's maximum) is swept; a live one's stays.
        let stale = dir + "/.paths.csv.tmp-4194305", live = dir + "/.paths.csv.tmp-1"
        try "half".write(toFile: stale, atomically: false, encoding: .utf8)
        try "other".write(toFile: live, atomically: false, encoding: .utf8)
        let third = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "300", "--out", dir, "--quiet"])
        #expect(third.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale) && FileManager.default.fileExists(atPath: live))
        try FileManager.default.removeItem(atPath: live)

        // paths.csv from the earlier run beside the new summary: refused.
        let other = try runFolder()
        try FileManager.default.removeItem(atPath: dir + "/paths.csv")
        try FileManager.default.copyItem(atPath: other + "/paths.csv", toPath: dir + "/paths.csv")
        let r = try CLI.run(["report", dir])
        #expect(r.status == 65 && r.stderr.contains("paths.csv does not match"), "\(r.stderr)")
    }

    /// A report aimed at a FIFO (or a device) is refused and the FIFO is left as it was.
    @Test func outputsReplaceOnlyRegularFiles() throws {
        let dir = try runFolder()
        let fifo = (dir as NSString).deletingLastPathComponent + "/pipe.html"
        #expect(mkfifo(fifo, 0o644) == 0)
        let r = try CLI.run(["report", dir, "--out", fifo])
        #expect(r.status != 0 && r.stderr.contains("not a regular file"), "\(r.stderr)")
        let type = try FileManager.default.attributesOfItem(atPath: fifo)[.type] as? FileAttributeType
        #expect(type != nil && type != FileAttributeType.typeRegular)  // still the FIFO, not replaced by the HTML
    }

    /// The documented maximum of paths used to abort in the allocator (48.8 GB); now it is refused up
    /// front with the estimate, the limit and a count that fits, and nothing is written.
    @Test func runsThatCannotFitAreRefusedUpFront() throws {
        let out = try CLI.temporaryDirectory() + "/never"
        let r = try CLI.run(["run", "scenarios/bench-b1.yaml", "--paths", "100000000", "--spill", "never", "--out", out, "--quiet"])
        #expect(r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("needs about") && r.stderr.contains("GB") && r.stderr.contains("--paths"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

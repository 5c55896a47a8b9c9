import Foundation
import Testing

/// Damaged shards for `loansim merge` (issue 31): a byte flipped anywhere in the file, the JSON header
/// edited alone, and forgeries that edit both header copies and recompute the checksum, so that only
/// the range checks stand between a file and the engine. Shards carry this version's number, so the
/// cases are made at test time by `scripts/hostile-shards.py` from a fresh pair; each must exit 65,
/// name the damaged file (and its line, or the header field), and create nothing.
@Suite struct HostileShardTests {
    static let scenario = """
        name: hostile-shards
        horizon_months: 24
        seed: 7
        pool: {initial: 10000}
        cohorts:
          - {name: a, firms: 500, pd: 0.03, rho: 0.1, lgd: 0.6, term_months: 12, loan_size: {median: 200, sigma: 0.8}}
        """

    @Test func everyDamagedShardIsRefusedNamingItsPlace() throws {
        let dir = try CLI.temporaryDirectory()
        try Self.scenario.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        for k in 1...2 {
            let r = try CLI.run(["run", dir + "/s.yaml", "--paths", "600", "--shard", "\(k)/2", "--out", dir + "/good", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let good1 = dir + "/good/shard-1-of-2.bin", good2 = dir + "/good/shard-2-of-2.bin"
        let intact = try CLI.run(["merge", good1, good2, "--out", dir + "/intact"])
        #expect(intact.status == 0, "\(intact.stderr)")

        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", CLI.root.appendingPathComponent("scripts/hostile-shards.py").path, good1, dir + "/damaged"]
        let pipe = Pipe()
        generator.standardOutput = pipe
        try generator.run()
        let listing = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        generator.waitUntilExit()
        #expect(generator.terminationStatus == 0)
        let cases = listing.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(cases.count >= 50, "the generator made \(cases.count) cases")
        #expect(cases.filter { $0[0].hasPrefix("shard/flip-") }.count >= 24)
        for c in cases {
            try #require(c.count == 4)
            let (id, file, code, expected) = (c[0], c[1], Int32(c[2]), c[3].replacingOccurrences(of: "{f}", with: c[1]))
            let out = dir + "/out-" + id.replacingOccurrences(of: "/", with: "-")
            let r = try CLI.run(["merge", file, good2, "--out", out])
            #expect(r.status == code, "\(id): exit \(r.status), \(r.stderr.prefix(300))")
            #expect(r.stderr.contains(file + ":"), "\(id): the damaged file is not named: \(r.stderr.prefix(300))")
            #expect(r.stderr.contains(expected), "\(id): stderr lacks '\(expected)': \(r.stderr.prefix(300))")
            #expect(!r.stderr.contains("root:"), "\(id): echoed another file's content")
            #expect(!FileManager.default.fileExists(atPath: out), "\(id): wrote \(out)")
        }
    }
}

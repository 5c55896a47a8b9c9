import Foundation
import Testing

/// The hostile-input corpus (Tests/Fixtures/hostile, made by scripts/hostile-corpus.py): bad scenarios,
/// default histories, command lines and run folders, each run through the real binary. Every case must
/// exit with its code, put the expected position (FILE:LINE:COLUMN) or words on stderr, and create
/// nothing at its output path.
@Suite struct HostileCorpusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        let arguments: String
        let exit: Int32
        let expected: String
        var testDescription: String { id }

        /// The fixture a case reads: scenarios/NAME.yaml, histories/NAME.csv or runs/NAME.
        var fixture: String {
            let parts = id.split(separator: "/", maxSplits: 1).map(String.init)
            let base = "Tests/Fixtures/hostile"
            switch parts[0] {
            case "scenario": return "\(base)/scenarios/\(parts[1]).yaml"
            case "history": return "\(base)/histories/\(parts[1]).csv"
            case "run": return "\(base)/runs/\(parts[1])"
            default: return ""
            }
        }
    }

    static let cases: [Case] = {
        let file = CLI.root.appendingPathComponent("Tests/Fixtures/hostile/expectations.tsv").path
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, let code = Int32(f[2]) else { return nil }
            return Case(id: f[0], arguments: f[1], exit: code, expected: f[3])
        }
    }()

    @Test func theCorpusIsComplete() {
        #expect(Self.cases.count >= 100)
        #expect(Set(Self.cases.map(\.id)).count == Self.cases.count)
        for c in Self.cases where !c.fixture.isEmpty && !c.id.hasSuffix("nonexistent") {
            #expect(FileManager.default.fileExists(atPath: CLI.root.appendingPathComponent(c.fixture).path), "\(c.id)")
        }
    }

    @Test(arguments: cases)
    func refusedWithItsPlaceAndNothingWritten(_ c: Case) throws {
        let out = try CLI.temporaryDirectory() + "/out"
        // Arguments are separated by spaces; fixtures and outputs have none.
        let args = c.arguments.split(separator: " ").map { $0.replacingOccurrences(of: "{f}", with: c.fixture).replacingOccurrences(of: "{out}", with: out) }
        let r = try CLI.run(args)
        #expect(r.status == c.exit, "\(c.id): exit \(r.status), stderr: \(r.stderr.prefix(300))")
        let expected = c.expected.replacingOccurrences(of: "{f}", with: c.fixture)
        #expect(r.stderr.contains(expected), "\(c.id): stderr lacks '\(expected)': \(r.stderr.prefix(300))")
        #expect(!FileManager.default.fileExists(atPath: out), "\(c.id): wrote \(out)")
    }
}

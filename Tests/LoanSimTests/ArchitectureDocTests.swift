import Foundation
import Testing
@testable import LoanSim

/// docs/architecture.md stays true: its list of the step's phases is the engine's order, and the
/// engine's state stays in named parts.
@Suite struct ArchitectureDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The numbered list under "The step's phases": "N. `name` — …".
    @Test func phaseListIsTheEngineOrder() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## The step's phases").dropFirst().first?
            .components(separatedBy: "\n## ").first)
        let listed = section.split(separator: "\n").compactMap { line -> String? in
            guard line.first?.isNumber == true, let open = line.firstIndex(of: "`") else { return nil }
            let rest = line[line.index(after: open)...]
            return rest.firstIndex(of: "`").map { String(rest[..<$0]) }
        }
        #expect(listed == StepPhase.allCases.map(\.rawValue))
    }

    /// A scenario runs only the phases it uses, in order.
    @Test func aScenarioRunsItsOwnPhases() {
        #expect(StepPhase.active(tape: false, funds: false, breakers: false) == StepPhase.allCases.filter {
            ![.tapeDefaults, .funds, .breakers].contains($0)
        })
        #expect(StepPhase.active(tape: true, funds: true, breakers: true) == StepPhase.allCases)
    }

    /// `PathEngine` keeps at most 25 stored properties (its state lives in named parts).
    @Test func engineStateStaysInNamedParts() throws {
        let source = try String(contentsOf: Self.root.appendingPathComponent("Sources/LoanSim/Engine/PathEngine.swift"), encoding: .utf8)
        let body = try #require(source.components(separatedBy: "struct PathEngine: ~Copyable {").dropFirst().first?
            .components(separatedBy: "    init(model:").first)
        let stored = body.split(separator: "\n").filter { $0.hasPrefix("    let ") || $0.hasPrefix("    var ") }
        #expect(stored.count >= 10 && stored.count <= 25, "\(stored.count) stored properties")
    }
}

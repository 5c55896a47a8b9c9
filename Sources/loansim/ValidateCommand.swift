import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport

extension LoanSimCommand {
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a scenario file without running it.")

        @Argument(help: "Scenario YAML file(s).")
        var scenarios: [String]

        func run() async throws {
            try await withExitCodes {
                for file in scenarios {
                    let loaded = try ScenarioLoader.load(path: file)
                    let s = loaded.scenario
                    let ineligible = s.cohorts.filter { !s.programme.eligibility.admits($0) }.map(\.name)
                    print("\(file): ok — \(s.name); \(s.cohorts.count) cohorts, \(s.banks.count) banks, "
                          + "\(s.horizonMonths) months in \(s.step.rawValue)ly steps; sha256 \(loaded.sha256)")
                    if let book = s.book { print(TapeSummary(book, banks: s.banks).text) }
                    if !ineligible.isEmpty {
                        print("\(file): note — outside the programme's eligibility, these cohorts get no loans: \(ineligible.joined(separator: ", "))")
                    }
                }
            }
        }
    }
}

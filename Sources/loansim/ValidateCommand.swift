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
                    try Drivers.checkRanges(path: file)
                    let s = loaded.scenario
                    let ineligible = s.cohorts.filter { !s.programme.eligibility.admits($0) }.map(\.name)
                    print("\(file): ok — \(s.name); \(s.cohorts.count) cohorts, \(s.banks.count) banks, "
                          + "\(s.horizonMonths) months in \(s.step.rawValue)ly steps; sha256 \(loaded.sha256)")
                    if let book = s.book { print(TapeSummary(book, banks: s.banks).text) }
                    let ranges = try AssumptionRanges.read(path: file)
                    if !ranges.isEmpty {
                        print("\(file): \(ranges.count) assumptions with a documented range (run's tornado): "
                              + ranges.map { "\($0.keyPath) \($0.low)..\($0.high)" }.joined(separator: ", "))
                    }
                    if let t = s.target {
                        print("\(file): target — P(the pool runs dry by the end of \(t.by)) ≤ \(t.pDepleted); the top-up goes into \(t.pool) in month \(t.topUpMonth)")
                    }
                    if !ineligible.isEmpty {
                        print("\(file): note — outside the programme's eligibility, these cohorts get no loans: \(ineligible.joined(separator: ", "))")
                    }
                }
            }
        }
    }
}

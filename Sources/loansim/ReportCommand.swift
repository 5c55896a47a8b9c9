import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport

/// Report languages and reverse-stress shocks are parsed by ArgumentParser, which lists their values.
extension ReportLanguage: ExpressibleByArgument {}

extension LoanSimCommand {
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a self-contained HTML report (charts in Chinese or English) from a run, compare or sweep directory.")

        @Argument(help: "A directory written by loansim run, compare or sweep.")
        var directory: String

        @Option(help: "Language: zh (Chinese, 亿元/万元) or en.")
        var lang: ReportLanguage = .zh

        @Option(help: "Output file (default: DIRECTORY/report.<lang>.html).")
        var out: String?

        @Option(help: "A plan.json from `loansim plan` on the same scenario: its answer (the capital or top-up needed for a target) opens the report.")
        var plan: String?

        func run() async throws {
            try await withExitCodes {
                let path = try writeReport(directory: directory, lang: lang, to: out, plan: plan)
                print("wrote \(path)")
            }
        }
    }
}

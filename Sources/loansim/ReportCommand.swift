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

        @Option(help: "Also write the run's Excel workbook (answer, budget by year and funder, banks, record checks, drivers, every figure; in --lang) to this .xlsx file.")
        var xlsx: String?

        func validate() throws {
            if let xlsx, !xlsx.lowercased().hasSuffix(".xlsx") {
                throw ValidationError("--xlsx \(xlsx): give a file name ending in .xlsx (Excel opens a workbook by its extension)")
            }
        }

        func run() async throws {
            try await withExitCodes {
                let input = try loadReport(directory, plan: plan)
                if xlsx != nil, case .run = input {} else if xlsx != nil {
                    throw ValidationError("--xlsx: \(directory) holds a comparison or sweep; the workbook is written from a run folder (one with summary.json)")
                }
                let path = try writeReport(input, directory: directory, lang: lang, to: out)
                print("wrote \(path)")
                if let xlsx {
                    try writeWorkbook(input, lang: lang, to: xlsx)
                    print("wrote \(xlsx)")
                }
            }
        }
    }
}

import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

/// `loansim`: Monte Carlo simulator of sci-tech loan programmes and their risk-compensation pool.
@main
struct LoanSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loansim",
        abstract: "Monte Carlo simulator of sci-tech loan programmes (郑科贷) and their risk-compensation pool.",
        discussion: """
        Exit codes: 0 ok, 64 usage error, 65 bad scenario data, 73 an output that cannot be
        created, 74 another file system failure, 75 the output folder busy, 1 internal failure.
        Money is in 万元 (10,000 CNY) throughout.
        """,
        version: LoanSimVersion.string,
        subcommands: [Run.self, Validate.self, Calibrate.self, Compare.self, Sweep.self, Stress.self, PlanCommand.self, ReportCommand.self, Merge.self]
    )
}

/// Options shared by commands that simulate.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Number of Monte Carlo paths (default: the scenario's `paths`).")
    var paths: Int?

    @Option(help: "Master seed, 0…4294967295 (default: the scenario's `seed`).")
    var seed: UInt32?

    @Option(help: "Concurrent tasks (default: the number of cores). Results do not depend on it.")
    var threads: Int?

    @Flag(help: "No progress or timing on stderr.")
    var quiet = false

    func validate() throws {
        if let paths, paths < 1 || paths > Simulation.maxPaths { throw ValidationError("--paths must be between 1 and \(Simulation.maxPaths)") }
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256") }
    }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}

/// `--report` and `--lang` on commands that write results.
struct ReportOptions: ParsableArguments {
    @Flag(help: "Also write an HTML report (report.<lang>.html) into the output directory.")
    var report = false

    @Option(help: "Report language: zh (Chinese, 亿元/万元) or en.")
    var lang: ReportLanguage = .zh

    @Flag(help: "Print every table on stdout (by default: the answer first, at most 20 lines of 100 columns).")
    var detail = false

    /// Writes the report for `directory` if asked; returns its path.
    @discardableResult
    func write(for directory: String) throws -> String? {
        guard report else { return nil }
        return try writeReport(directory: directory, lang: lang, to: nil)
    }
}

func writeReport(directory: String, lang: ReportLanguage, to file: String?, plan: String? = nil) throws -> String {
    try writeReport(try loadReport(directory, plan: plan), directory: directory, lang: lang, to: file)
}

/// A run, compare or sweep folder (and a plan for a run) read for a report; a folder that cannot be read
/// is bad input data: exit 65, like a bad scenario.
func loadReport(_ directory: String, plan: String?) throws -> ReportInput {
    do { return try ReportInput.load(directory, plan: plan) } catch let e as ReportError {
        FileHandle.standardError.write(Data("loansim: error: \(e.description)\n".utf8))
        throw ExitCode(65)
    }
}

func writeReport(_ input: ReportInput, directory: String, lang: ReportLanguage, to file: String?) throws -> String {
    let name = file ?? (directory as NSString).appendingPathComponent("report.\(lang.rawValue).html")
    try OutputDirectory.check(file: name)
    let folder = PathName.parent(name)
    try AtomicFiles.write([((name as NSString).lastPathComponent, Report.html(input, lang: lang))], into: folder.isEmpty ? "." : folder)
    return name
}

/// The run's Excel workbook at `file`: libxlsxwriter writes it to a temporary file in the target folder,
/// renamed into place once whole (a failure leaves nothing behind).
func writeWorkbook(_ input: ReportInput, lang: ReportLanguage, to file: String) throws {
    try OutputDirectory.check(file: file)
    let parent = PathName.parent(file), folder = parent.isEmpty ? "." : parent, name = (file as NSString).lastPathComponent
    try AtomicFiles.checkTargets([name], in: folder)
    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
        throw OutputError(text: "cannot create the folder \(folder): \(FileError.reason(error))")
    }
    let temp = AtomicFiles.temporaryPath(for: name, in: folder)
    do {
        try Workbook.write(input, lang: lang, to: temp)
        try AtomicFiles.write([(name: name, contents: .prepared(path: temp))], into: folder)
    } catch let e as ReportError {
        unlink(temp)
        throw OutputError(text: e.text, exitCode: 74)
    } catch {
        unlink(temp)
        throw error
    }
}


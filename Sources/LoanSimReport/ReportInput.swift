import Foundation
import LoanSimFiles
import TextFormats

/// What a report is made from: the files `loansim run`, `compare` or `sweep` wrote. Reports read only
/// these files; they know nothing of the engine.
public enum ReportInput {
    case run(RunFiles)
    case compare(CompareFiles)
    case sweep(SweepFiles)

    /// Reads `directory` (and a `plan.json` to state with a run), deciding the kind from the files present.
    public static func load(_ directory: String, plan: String? = nil) throws -> ReportInput {
        let input = try load(directory)
        guard let plan else { return input }
        guard case .run(var files) = input else { throw ReportError(text: "--plan \(plan): the plan's answer goes with a run folder, not a comparison or sweep") }
        let answer = try decodeFile(PlanFile.self, plan, reads: "the plan's answer")
        try answer.check(against: files.summary, file: plan, directory: directory)
        files.plan = answer
        return .run(files)
    }

    /// Reads `directory`, deciding the kind from the files present.
    public static func load(_ directory: String) throws -> ReportInput {
        let fm = FileManager.default
        func has(_ name: String) -> Bool { fm.fileExists(atPath: directory + "/" + name) }
        try ResultSetCheck.verify(directory)
        if has("compare.json") { return .compare(try CompareFiles(directory)) }
        if has("sweep.csv") { return .sweep(try SweepFiles(directory)) }
        if has("summary.json") { return .run(try RunFiles(directory)) }
        throw ReportError(text: "\(directory): no summary.json, compare.json or sweep.csv; give a directory written by loansim run, compare or sweep")
    }
}

extension PlanFile {
    /// A plan is this run's answer only if it searched the same scenario (its SHA-256, after includes)
    /// with the same version; anything else would open the report with another scenario's figure.
    func check(against run: SummaryFile, file: String, directory: String) throws {
        if scenario.sha256 != run.scenario.sha256 {
            throw ReportError(text: "--plan \(file): scenario.sha256: the plan is of \(scenario.file) (\(scenario.name), sha256 \(scenario.sha256.prefix(12))…), "
                              + "the run in \(directory) of \(run.scenario.file) (\(run.scenario.name), sha256 \(run.scenario.sha256.prefix(12))…) "
                              + "(allowed: a plan.json from `loansim plan` on the run's own scenario)")
        }
        if version != run.version {
            throw ReportError(text: "--plan \(file): version: the plan was made by loansim \(version), the run by \(run.version) "
                              + "(allowed: a plan and a run of the same version)")
        }
    }
}

public struct ReportError: Error, CustomStringConvertible {
    public let text: String
    public var description: String { text }
}

func readJSON(_ path: String) throws -> [String: Any] {
    guard let data = FileManager.default.contents(atPath: path) else { throw ReportError(text: "\(path): cannot read it") }
    guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
        throw ReportError(text: "\(path): not a JSON object (the file is damaged or not LoanSim's); run again")
    }
    return object
}

/// A file LoanSim wrote, decoded with its schema; a damaged or foreign file is named with the field at fault.
func decodeFile<T: Decodable>(_ type: T.Type, _ path: String, reads what: String) throws -> T {
    guard let data = FileManager.default.contents(atPath: path) else { throw ReportError(text: "\(path): cannot read it") }
    return try decode(type, data, path, reads: what)
}

func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ path: String, reads what: String) throws -> T {
    do { return try OutputCoding.decode(type, from: data, file: path) } catch let e as OutputFileError {
        throw ReportError(text: e.description + "; the report reads \(what) from this file: run again")
    }
}

extension SummaryFile.Stats {
    /// The statistics by their summary.json names.
    var fields: [String: Double] {
        ["mean": mean, "se": se, "sd": sd, "q01": q01, "q05": q05, "q50": q50, "q90": q90, "q95": q95, "q99": q99, "q999": q999,
         "es99": es99, "min": min, "max": max]
    }
}

/// A CSV written by loansim: a `#` provenance line, a header, numeric (or empty) cells.
struct CSVTable {
    let provenance: String
    let columns: [String]
    let rows: [[String]]

    init(provenance: String, columns: [String], rows: [[String]]) {
        self.provenance = provenance
        self.columns = columns
        self.rows = rows
    }

    init(_ path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ReportError(text: "\(path): cannot read it") }
        var lines = text.fileLines.filter { !$0.isEmpty }.map(String.init)
        provenance = lines.first?.hasPrefix("#") == true ? String(lines.removeFirst().dropFirst(2)) : ""
        guard !lines.isEmpty else { throw ReportError(text: "\(path): no header") }
        columns = Self.cells(lines.removeFirst())
        rows = lines.map(Self.cells)
    }

    static func cells(_ line: String) -> [String] { CSVLine.fields(line) }

    /// A figure's column of paths.csv, another of its columns, a column of timeseries.csv.
    func values(_ figure: Figure) -> [Double] { values(named: figure.pathsColumn) }
    func values(_ column: PathsColumn) -> [Double] { values(named: column.rawValue) }
    func values(_ column: TimeseriesColumn) -> [Double] { values(named: column.name) }

    private func values(named name: String) -> [Double] {
        guard let i = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0.count > i ? Double($0[i]) ?? .nan : .nan }
    }
}

public struct RunFiles {
    let directory: String
    var summary: SummaryFile
    /// `scenario.json`, decoded; nil when the folder has none.
    let scenario: ScenarioFile?
    let timeseries: CSVTable
    let paths: CSVTable
    /// A `loansim plan` answer to state on the first screen (`report --plan FILE`).
    var plan: PlanFile?

    /// Files already read (tests restate a scenario without a run).
    init(directory: String, summary: SummaryFile, scenario: ScenarioFile?) {
        self.directory = directory
        self.summary = summary
        self.scenario = scenario
        timeseries = CSVTable(provenance: "", columns: [], rows: [])
        paths = timeseries
    }

    init(_ directory: String) throws {
        self.directory = directory
        timeseries = try CSVTable(directory + "/timeseries.csv")
        paths = try CSVTable(directory + "/paths.csv")
        summary = try decodeFile(SummaryFile.self, directory + "/summary.json", reads: "its results")
        let scenarioPath = directory + "/scenario.json"
        if let data = FileManager.default.contents(atPath: scenarioPath) {
            scenario = try decode(ScenarioFile.self, data, scenarioPath, reads: "the scenario")
        } else {
            scenario = nil
        }
    }

    var name: String { summary.scenario.name }
    /// A metric's statistics by name (`mean`, `se`, `q95`, …); empty when the run has no such metric.
    func metric(_ figure: Figure) -> [String: Double] { summary.metrics[figure.key]?.fields ?? [:] }
    var depletion: SummaryFile.Depletion { summary.depletion }
}

public struct CompareFiles {
    let directory: String
    let compare: CompareFile
    let runs: [RunFiles]

    init(_ directory: String) throws {
        self.directory = directory
        compare = try decodeFile(CompareFile.self, directory + "/compare.json", reads: "the comparison")
        for (k, row) in compare.rows.enumerated() where row.scenarios.count != compare.scenarios.count
            || row.differencesVsFirst.count != compare.scenarios.count - 1 {
            throw ReportError(text: "\(directory)/compare.json: field rows[\(k)]: \(row.scenarios.count) estimates and "
                              + "\(row.differencesVsFirst.count) differences for \(compare.scenarios.count) scenarios; run again")
        }
        runs = try compare.scenarios.indices.map { try RunFiles(directory + "/scenario-\($0)") }
    }
}

public struct SweepFiles {
    let directory: String
    let table: CSVTable
    let columns: SweepColumns
    /// Each metric column's metric, unit and label (`sweep.json`; absent from sweeps of 0.2.1 and earlier).
    let described: [String: SweepFile.Column]
    let file: SweepFile?

    init(_ directory: String) throws {
        self.directory = directory
        table = try CSVTable(directory + "/sweep.csv")
        guard let columns = SweepColumns(header: table.columns), !columns.keys.isEmpty else {
            throw ReportError(text: "\(directory)/sweep.csv: line 2: the header is not key columns then metric pairs (NAME, NAME_se); run again")
        }
        self.columns = columns
        let jsonPath = directory + "/sweep.json"
        guard FileManager.default.fileExists(atPath: jsonPath) else {
            (described, file) = ([:], nil)
            return
        }
        let file = try decodeFile(SweepFile.self, jsonPath, reads: "the sweep")
        self.file = file
        guard file.columns.map(\.column) == columns.metrics, file.keys == columns.keys else {
            throw ReportError(text: "\(jsonPath): its columns (\((file.keys + file.columns.map(\.column)).joined(separator: ", "))) are not "
                              + "sweep.csv's (\((columns.keys + columns.metrics).joined(separator: ", "))); run again")
        }
        described = Dictionary(file.columns.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The paths per grid point (`sweep.json`; 0 when unknown: a sweep of 0.2.1 or earlier).
    var paths: Int { file?.paths ?? 0 }

    /// A metric column's unit: as `sweep.json` states it, else from its name.
    func unit(of column: String) -> String { described[column]?.unit ?? SweepColumns.unit(of: column) }
}

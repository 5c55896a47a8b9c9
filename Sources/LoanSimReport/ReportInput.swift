import Foundation
import LoanSimFiles
import TextFormats

/// What a report is made from: the files `loansim run`, `compare` or `sweep` wrote. Reports read only
/// these files; they know nothing of the engine.
public enum ReportInput {
    case run(RunFiles)
    case compare(CompareFiles)
    case sweep(SweepFiles)

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

    func column(_ name: String) -> [Double] {
        guard let i = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0.count > i ? Double($0[i]) ?? .nan : .nan }
    }
}

public struct RunFiles {
    let directory: String
    let summary: [String: Any]
    /// `scenario.json`, decoded; nil when the folder has none.
    let scenario: ScenarioFile?
    let timeseries: CSVTable
    let paths: CSVTable

    /// Files already read (tests restate a scenario without a run).
    init(directory: String, summary: [String: Any], scenario: ScenarioFile?) {
        self.directory = directory
        self.summary = summary
        self.scenario = scenario
        timeseries = CSVTable(provenance: "", columns: [], rows: [])
        paths = timeseries
    }

    init(_ directory: String) throws {
        self.directory = directory
        summary = try readJSON(directory + "/summary.json")
        let scenarioPath = directory + "/scenario.json"
        if let data = FileManager.default.contents(atPath: scenarioPath) {
            do { scenario = try OutputCoding.decode(ScenarioFile.self, from: data, file: scenarioPath) } catch let e as OutputFileError {
                throw ReportError(text: e.description + "; the report restates the scenario from this file: run again")
            }
        } else {
            scenario = nil
        }
        timeseries = try CSVTable(directory + "/timeseries.csv")
        paths = try CSVTable(directory + "/paths.csv")
    }

    var scenarioInfo: [String: Any] { summary["scenario"] as? [String: Any] ?? [:] }
    var name: String { scenarioInfo["name"] as? String ?? "?" }
    func metric(_ key: String) -> [String: Double] {
        ((summary["metrics"] as? [String: Any])?[key] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
    var depletion: [String: Any] { summary["depletion"] as? [String: Any] ?? [:] }
}

public struct CompareFiles {
    let directory: String
    let compare: [String: Any]
    let runs: [RunFiles]

    init(_ directory: String) throws {
        self.directory = directory
        compare = try readJSON(directory + "/compare.json")
        let n = (compare["scenarios"] as? [Any])?.count ?? 0
        runs = try (0..<n).map { try RunFiles(directory + "/scenario-\($0)") }
    }
}

public struct SweepFiles {
    let directory: String
    let table: CSVTable
    init(_ directory: String) throws {
        self.directory = directory
        table = try CSVTable(directory + "/sweep.csv")
    }
}

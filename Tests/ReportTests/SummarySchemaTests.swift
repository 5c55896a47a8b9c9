import Foundation
import LoanSim
import LoanSimFiles
@testable import LoanSimReport
import Testing

extension SummaryFile {
    /// A summary with nothing in it (tests that restate a scenario without a run).
    static let blank = SummaryFile(
        scenario: .init(name: "", file: "", sha256: ""), seed: 0, paths: 0, generator: "", version: "", horizonMonths: 0, step: "",
        sampling: "", blockSize: 0, moneyUnit: "万元", metrics: [:], depletion: .init(probability: 0, se: 0, byYear: [], byYearSe: nil),
        pools: [:], budgetByYear: .init(unit: "万元", definition: "", years: [], funders: []), parties: [:],
        breakers: .init(pSuspendedByYearAnyBank: [], pSuspendedByYear: [:]),
        economics: .init(pLinkageBeatsLending: nil, pLinkageBeatsLendingSe: nil, linkageCoverOfCreditLosses: nil, lendingPerPoolCapital: nil,
                         lendingPerFiscalCost: nil, fiscalCostPerFirmWan: nil, bankNetIncomeByBank: [:]), reach: nil,
        definitions: [:], parameterUncertainty: nil, predictiveCheck: nil)
}

/// summary.json has one schema (`SummaryFile`), used by the writer and by the report.
@Suite struct SummarySchemaTests {
    /// Decoding what a run wrote and encoding it again gives the same bytes, for scenarios that fill
    /// every optional section: several pools with funders, breakers, calibration, a record, linkage.
    @Test(arguments: ["zhengzhou-city-district-province", "zhengkedai-baseline", "zhengzhou-backcast-2018-2025",
                      "bank-zhengkedai-linkage", "henan-kejidai-2025"])
    func summaryRoundTrips(_ name: String) async throws {
        let dir = try await runDirectory(name)
        let path = dir + "/summary.json"
        let data = try #require(FileManager.default.contents(atPath: path))
        let decoded = try OutputCoding.decode(SummaryFile.self, from: data, file: path)
        #expect(try OutputCoding.encode(decoded) == String(decoding: data, as: UTF8.self))
        #expect(decoded.scenario.name.isEmpty == false)
        #expect(decoded.budgetByYear.years.count * 12 >= decoded.horizonMonths)
        if name == "zhengzhou-city-district-province" { #expect(decoded.pools.count > 1 && decoded.pools.values.contains { !$0.funders.isEmpty }) }
        if name == "zhengzhou-backcast-2018-2025" { #expect(decoded.predictiveCheck?.isEmpty == false) }
        if name == "zhengkedai-baseline" { #expect(decoded.parameterUncertainty?.cohorts.isEmpty == false) }
        if name == "bank-zhengkedai-linkage" { #expect(decoded.economics.pLinkageBeatsLending != nil) }
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// A value that is not finite is written as null and read back as NaN; a missing or mistyped field
    /// is named in the error.
    @Test func nonFiniteStatsAndBadFields() throws {
        let s = SummaryFile.Stats(unit: "万元", mean: .nan, se: .infinity, sd: 1, q01: 0, q05: 0, q50: 0, q90: 0, q95: 0, q99: 0, q999: 0,
                                  es99: 0, min: 0, max: 0)
        let text = try OutputCoding.encode(s)
        #expect(text.contains("\"mean\" : null") && text.contains("\"se\" : null"))
        let back = try OutputCoding.decode(SummaryFile.Stats.self, from: Data(text.utf8), file: "s.json")
        #expect(back.mean.isNaN && back.se.isNaN && back.sd == 1)
        let bad = text.replacingOccurrences(of: "\"sd\" : 1", with: "\"sd\" : \"x\"")
        #expect(throws: OutputFileError.self) { try OutputCoding.decode(SummaryFile.Stats.self, from: Data(bad.utf8), file: "s.json") }
        do {
            _ = try OutputCoding.decode(SummaryFile.self, from: Data("{\"seed\": 1}".utf8), file: "run/summary.json")
        } catch let e as OutputFileError {
            #expect(e.description.hasPrefix("run/summary.json: field "))
        }
    }
}

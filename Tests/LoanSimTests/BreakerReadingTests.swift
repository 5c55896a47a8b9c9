import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// A whole-record posterior averaged over the breaker's readings (`calibrate --average-models`): each
/// path draws its reading with its parameters, and runs exactly as the scenario with that reading written.
@Suite struct BreakerReadingTests {
    /// A calibration.json whose record_conditioned draws carry readings `readings` (0: as written; 1: a
    /// 99% threshold; 2: programme scope), PDs alternating 2% and 6%.
    func directory(readings: [Int]) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("loansim-br-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        let n = readings.count
        let pd = (0..<n).map { $0 % 2 == 0 ? "0.02" : "0.06" }.joined(separator: ", ")
        let rho = Array(repeating: "0.12", count: n).joined(separator: ", ")
        let est = "{\"mle\": 0.04, \"posterior_mean\": 0.04, \"posterior_median\": 0.04}"
        let json = """
        {"kind": "calibration", "cohorts": {"a": {"pd": \(est)}}, "rho": {"mle": 0.12, "posterior_mean": 0.12, "posterior_median": 0.12},
         "posterior_draws": {"rho": [\(rho)], "pd": {"a": [\(pd)]}},
         "record_conditioned": {"cohorts": {"a": {"pd": \(est)}}, "rho": {"mle": 0.12, "posterior_mean": 0.12, "posterior_median": 0.12},
           "breaker_variants": [{"name": "as written", "breaker_settings": {}}, {"name": "never", "name_zh": "从不", "breaker_settings": {"threshold": "99%"}},
                                {"name": "programme", "breaker_settings": {"scope": "programme"}}],
           "posterior_draws": {"rho": [\(rho)], "pd": {"a": [\(pd)]}, "breaker_variant": [\(readings.map(String.init).joined(separator: ", "))]}}}
        """
        try json.write(toFile: d + "/calibration.json", atomically: true, encoding: .utf8)
        return d
    }

    func scenario(_ dir: String, breaker: String = "{threshold: 0.04, window_months: 12}") throws -> Scenario {
        try """
        name: readings
        horizon_months: 24
        banks: [{name: x, share: 0.5}, {name: y, share: 0.5}]
        cohorts:
          - {name: a, firms: 1500, initial_borrowers: 400, pd: 0.03, rho: 0.12, loan_size: {median: 200, sigma: 0.5}, term_months: 12, renewal_probability: 0.5, demand_per_year: 0.05}
        pool: {initial: 2000, interest_rate: 0.01}
        breaker: \(breaker)
        calibration: {posterior: calibration.json, posterior_block: record_conditioned}
        """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: dir + "/s.yaml").scenario
    }

    /// Every path equals, exactly, the same path of the run whose draws all take its reading.
    @Test func eachPathRunsUnderItsReading() throws {
        let mixed = try scenario(try directory(readings: (0..<40).map { $0 % 3 }))
        #expect(mixed.breakerVariants.count == 3 && mixed.breakerVariants[1][0].threshold == 0.99 && mixed.breakerVariants[2][0].scope == .programme)
        #expect(mixed.calibration?.variants.map(\.nameZh) == ["as written", "从不", "programme"])
        let paths = 2 * Simulation.blockSize
        let a = simulate(mixed, paths: paths, seed: 8)
        let pure = try (0..<3).map { v in simulate(try scenario(try directory(readings: Array(repeating: v, count: 40))), paths: paths, seed: 8) }
        var used = Set<Int>()
        for i in 0..<paths {
            let reading = a.outcomes[i].parameterDraw % 3
            used.insert(reading)
            #expect(a.outcomes[i] == pure[reading].outcomes[i], "path \(i), reading \(reading)")
        }
        #expect(used == [0, 1, 2])
        // A 99% threshold never acts; the same reading written in the file gives the same paths.
        #expect(pure[1].outcomes.allSatisfy { $0.breakerTrips == 0 } && pure[0].outcomes.contains { $0.breakerTrips > 0 })
        let written = simulate(try scenario(try directory(readings: Array(repeating: 0, count: 40)), breaker: "{threshold: 0.99, window_months: 12}"),
                               paths: paths, seed: 8)
        #expect(written.outcomes == pure[1].outcomes)
    }

    /// The point-estimate run keeps the rule as written; in a list of breakers the readings are of the
    /// first, the others stay as written; a scenario without a breaker has none to read and runs without.
    @Test func readingsNeedOneBreaker() throws {
        let dir = try directory(readings: [1, 1])
        #expect(try scenario(dir).atPointEstimate.drawsParameters == false)
        let none = try scenario(dir, breaker: "null")
        #expect(none.breakers.isEmpty && none.breakerVariants.isEmpty && none.drawsParameters)
        #expect(simulate(none, paths: 300, seed: 2).outcomes.allSatisfy { $0.breakerTrips == 0 })
        let list = try scenario(dir, breaker: "null\nbreakers: [{threshold: 0.04}, {threshold: 0.08, metric: annual_loss_rate}]")
        #expect(list.breakerVariants.count == 3 && list.breakerVariants.allSatisfy { $0.count == 2 && $0[1] == list.breakers[1] })
        #expect(list.breakerVariants.map { $0[0].threshold } == [0.04, 0.99, 0.04] && list.breakerVariants[2][0].scope == .programme)
    }
}

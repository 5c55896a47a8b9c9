import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// What drives the answer (Drivers): the ranges a scenario documents beside its `[assumption]` tags,
/// the tornado's paired changes, and the posterior draws the parameter quantiles run at.
@Suite struct DriversTests {
    static let yaml = """
        name: drivers
        horizon_months: 24
        seed: 5
        cohorts:
          - name: a
            firms: 4000
            initial_borrowers: 400
            pd: 4%
            rho: 0.15
            loan_size: {median: 100, sigma: 0}
            lgd: 60%                # [assumption] range: 40%..80%; unsecured
            term_months: 12
        programme: {claim_lag_months: 0, compensation: {credit: 0.8}}
        pool:
          initial: 1500             # [assumption] range: 1000 to 3000
          interest_rate: 1%         # [assumption] no range here
        # [assumption] range: 1..2 — a comment line of its own documents nothing
        """

    static func file(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("drivers-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        return dir + "/s.yaml"
    }

    @Test func rangesAreReadBesideTheirValues() throws {
        let ranges = try AssumptionRanges.read(path: try Self.file(Self.yaml))
        #expect(ranges.map(\.keyPath) == ["cohorts[a].lgd", "pool.initial"])
        #expect(ranges.map(\.low) == ["40%", "1000"] && ranges.map(\.high) == ["80%", "3000"] && ranges.map(\.line) == [11, 15])
        #expect(ranges.map(\.value) == ["60%", "1500"])
        // A range on a flow mapping's line names several values: refused at its line.
        let flow = Self.yaml.replacingOccurrences(of: "programme: {claim_lag_months: 0, compensation: {credit: 0.8}}",
                                                  with: "programme: {claim_lag_months: 0, compensation: {credit: 0.8}}   # [assumption] range: 1..3")
        #expect {
            try AssumptionRanges.read(path: try Self.file(flow))
        } throws: { error in
            (error as? ScenarioError)?.issues.first.map { $0.line == 13 && $0.message.contains("2 values") } ?? false
        }
    }

    /// Each end's change is the paired mean difference against the scenario as given, exactly; a larger
    /// pool runs dry less often, a higher LGD more; the larger swing comes first.
    @Test func theTornadoIsPairedOnCommonRandomNumbers() async throws {
        let path = try Self.file(Self.yaml)
        gslStartUp()
        let loaded = try ScenarioLoader.load(path: path)
        let result = await Simulation.run(CompiledScenario(loaded.scenario), paths: 3000, seed: 5, threads: 2)
        let d = try #require(try await Drivers.answer(path: path, loaded: loaded, result: result, seed: 5, threads: 2))
        #expect(d.paths == 2000 && d.metric == "depletion.month24" && d.quantiles.isEmpty)
        let selector = try MetricSelector("depletion.month24", stepMonths: 1)
        func p(_ overrides: [ScenarioOverride]) async throws -> [Double] {
            await Simulation.run(CompiledScenario(try ScenarioLoader.load(path: path, overrides: overrides).scenario), paths: 2000, seed: 5, threads: 1)
                .outcomes.map(selector.value)
        }
        let base = try await p([])
        for input in d.inputs {
            let low = try await p([ScenarioOverride(keyPath: input.range.keyPath, value: input.range.low)])
            #expect(input.low.estimate == low.reduce(0, +) / 2000)
            #expect(abs(input.low.change - zip(low, base).map { $0 - $1 }.reduce(0, +) / 2000) < 1e-15)
            #expect(input.low.changeSe >= 0 && input.low.changeSe < 0.02)
        }
        let pool = try #require(d.inputs.first { $0.range.keyPath == "pool.initial" })
        let lgd = try #require(d.inputs.first { $0.range.keyPath == "cohorts[a].lgd" })
        #expect(pool.low.change > 0 && pool.high.change < 0 && lgd.low.change < 0 && lgd.high.change > 0)
        #expect(d.inputs[0].swing >= d.inputs[1].swing)
        #expect(d.monteCarlo.estimate == result.outcomes.map(selector.value).reduce(0, +) / 3000)
    }

    @Test func anEndTheKeyRefusesIsRefusedAtTheTag() async throws {
        let path = try Self.file(Self.yaml.replacingOccurrences(of: "range: 40%..80%", with: "range: 40%..180%"))
        gslStartUp()
        let loaded = try ScenarioLoader.load(path: path)
        let result = Simulation.runSerial(CompiledScenario(loaded.scenario), paths: 100, seed: 5)
        await #expect {
            try await Drivers.answer(path: path, loaded: loaded, result: result, seed: 5, threads: 1)
        } throws: { error in
            (error as? ScenarioError)?.issues.first.map { $0.line == 11 && $0.keyPath == "cohorts[a].lgd" && $0.message.contains("180%") } ?? false
        }
    }

    /// A posterior draw's scenario carries that draw's PD for every calibrated cohort and its ρ, and draws nothing per path.
    @Test func aDrawsScenario() throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario
        let c = try #require(s.calibration)
        let j = c.drawCount / 3
        let at = s.atDraw(j)
        #expect(!at.drawsParameters)
        for (k, m) in c.cohorts.enumerated() {
            #expect(at.cohorts[m.cohort].pd == c.pdDraws[k][j] && at.cohorts[m.cohort].macroLoading == c.rhoDraws[j].squareRoot())
        }
    }
}

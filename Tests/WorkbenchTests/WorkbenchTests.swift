import Foundation
import LoanSim
import RiskModel
import Testing
@testable import LoanSimWorkbench

/// The workbench's model: levers read off the scenario's tags, a what-if as a scenario file whose
/// `set:` gives the same scenario as `--set`, its answer the comparison `compare` writes, refusals at
/// the file's place, cancellation and the busy limit.
@Suite(.serialized) struct WorkbenchTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let baseline = root.appendingPathComponent("scenarios/zhengkedai-baseline.yaml").path

    func bench(paths: Int = 512, maxRunning: Int = 2, maxQueued: Int = 4) throws -> (Workbench, String) {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("workbench-\(UUID())").path
        return (try Workbench(scenarioFiles: [Self.baseline], options: .init(paths: paths, seed: 7, threads: 2, outDirectory: out,
                                                                              maxRunning: maxRunning, maxQueued: maxQueued)), out)
    }

    func finished(_ job: Job) async -> JobStatus {
        var s = job.snapshot
        while ![.done, .failed, .cancelled].contains(s.state) { s = await job.wait(after: s.version) }
        return s
    }

    /// The baseline's levers: the credit ratio as a fact at 80%, the claim lag's documented range, the
    /// top-up pair, and no lever for the seed.
    @Test func leversComeFromTheScenariosTags() throws {
        let (b, out) = try bench()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let levers = try b.levers(0, lang: .en)
        let credit = try #require(levers.first { $0.key == "programme.compensation.credit" })
        #expect(credit.number == 80 && credit.unit == "%" && credit.tag == "fact" && credit.label == "Compensation ratio, credit loans")
        let lag = try #require(levers.first { $0.key == "programme.claim_lag_months" })
        #expect(lag.tag == "assumption" && lag.low == 1 && lag.high == 6)
        let lgd = try #require(levers.first { $0.key == "cohorts[hightech-credit].lgd" })
        #expect(lgd.low == 55 && lgd.high == 85, "a range written in % reads in %, without rounding noise")
        #expect(levers.contains { $0.key == TopUp.amountKey } && !levers.contains { $0.key == "seed" })
        let zh = try b.levers(0, lang: .zh)
        #expect(zh.first { $0.key == "cohorts[hightech-credit].lgd" }?.label.contains("hightech-credit") == false, "a cohort by its Chinese label")
    }

    /// The breaker's definition is a choice lever where the scenario states one rule: a word outside
    /// its options is refused, one of them runs as that reading.
    @Test func breakerDefinitionIsAChoice() throws {
        let path = Self.root.appendingPathComponent("scenarios/zhengkedai-adverse-assumptions.yaml").path
        let loaded = try ScenarioLoader.load(path: path)
        let levers = try LeverCatalogue.levers(path: path, scenario: loaded.scenario, lang: .en)
        let scope = try #require(levers.first { $0.key == "breaker.scope" })
        #expect(scope.options == ["bank", "programme"] && scope.value == "bank")
        #expect(throws: WhatIfError.self) { try WhatIf(base: path, set: ["breaker.scope": "city"], levers: levers) }
        let w = try WhatIf(base: path, set: ["breaker.scope": "programme", "breaker.check": "quarter"], levers: levers)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("choice-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try w.yaml(savedIn: dir, baseName: "x", horizonMonths: loaded.scenario.horizonMonths).write(toFile: dir + "/w.yaml", atomically: true, encoding: .utf8)
        let b = try #require(try ScenarioLoader.load(path: dir + "/w.yaml").scenario.breaker)
        #expect(b.scope == .programme && b.check == .quarter)
        // The baseline averages over the breaker's readings: no definition lever there.
        let baseline = try ScenarioLoader.load(path: Self.baseline)
        #expect(try !LeverCatalogue.levers(path: Self.baseline, scenario: baseline.scenario, lang: .en).contains { $0.key == "breaker.scope" })
    }

    /// A what-if file's `set:` gives the scenario `--set` gives (same tree, same numbers), and a value
    /// out of range is refused at its line in the what-if file.
    @Test func setSectionEqualsOverrides() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("setsection-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let w = try WhatIf(base: Self.baseline, set: ["programme.compensation.credit": "60%", "cohorts[techsme-credit].lgd": "65%",
                                                      TopUp.amountKey: "3000万", TopUp.monthKey: "13"],
                           levers: try bench().0.levers(0, lang: .en))
        let file = dir + "/whatif.yaml"
        try w.yaml(savedIn: dir, baseName: "base", horizonMonths: 60).write(toFile: file, atomically: true, encoding: .utf8)
        let viaSet = try ScenarioLoader.load(path: file).scenario
        var viaOverrides = try ScenarioLoader.load(path: Self.baseline, overrides: [
            .init(keyPath: "programme.compensation.credit", value: "60%"), .init(keyPath: "cohorts[techsme-credit].lgd", value: "65%"),
        ]).scenario
        viaOverrides.name = viaSet.name
        #expect(viaSet.cohorts.map(\.lgd) == viaOverrides.cohorts.map(\.lgd))
        #expect(viaSet.pools[0].topUps.count == 1 && viaSet.pools[0].topUps[0].month == 13 && viaSet.pools[0].topUps[0].amount == 3000)
        gslStartUp()
        viaOverrides.pools = viaSet.pools
        let a = Simulation.runSerial(CompiledScenario(viaSet), paths: 256, seed: 3).outcomes.map(\.poolPaid)
        let b = Simulation.runSerial(CompiledScenario(viaOverrides), paths: 256, seed: 3).outcomes.map(\.poolPaid)
        #expect(a == b, "the same scenario, the same numbers")
        try (try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "'60%'", with: "'160%'"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(path: file)
            Issue.record("160% accepted")
        } catch let e as ScenarioError {
            #expect(e.issues.contains { $0.file == file && $0.line == 7 && $0.keyPath == "programme.compensation.credit" }, "\(e.issues)")
        }
    }

    /// A what-if's answer is the comparison of base and what-if on the same seed and paths: its
    /// headline equals the paired difference computed from the two runs here, and a refused what-if
    /// leaves no folder.
    @Test func answerIsThePairedComparison() async throws {
        let (b, out) = try bench()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let job = try b.submit(scenario: 0, set: ["programme.compensation.credit": "60%"], lang: .en, supersedes: nil)
        let s = await finished(job)
        #expect(s.state == .done && s.done == 512)
        let h = try #require(s.answer?.headline)
        let base = try ScenarioLoader.load(path: Self.baseline)
        let what = try ScenarioLoader.load(path: job.folder + "/whatif.yaml")
        let x = await Simulation.run(CompiledScenario(base.scenario), paths: 512, seed: 7, threads: 1).outcomes
        let y = await Simulation.run(CompiledScenario(what.scenario), paths: 512, seed: 7, threads: 1).outcomes
        let c = try Comparison(names: ["a", "b"], outcomes: [x, y], stepMonths: 1)
        let row = try #require(c.rows.first { $0.metric.description == "depletion.probability" })
        #expect(h.change == row.differences[0].mean && h.se == row.differences[0].se && h.change < 0)
        #expect(FileManager.default.fileExists(atPath: job.folder + "/compare.json"))
        let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(throws: WhatIfError.self) { try b.submit(scenario: 0, set: ["programme.compensation.credit": "160%"], lang: .en, supersedes: nil) }
        #expect(throws: WhatIfError.self) { try b.submit(scenario: 0, set: ["name": "x"], lang: .en, supersedes: nil) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == before, "a refused what-if writes nothing")
    }

    /// A superseded what-if stops and writes no comparison; beyond the running and waiting limits a
    /// what-if is refused as busy.
    @Test func supersededStopsAndBusyRefuses() async throws {
        let (b, out) = try bench(paths: 20_000, maxRunning: 1, maxQueued: 1)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let first = try b.submit(scenario: 0, set: ["programme.compensation.credit": "61%"], lang: .en, supersedes: nil)
        _ = try b.submit(scenario: 0, set: ["programme.compensation.credit": "62%"], lang: .en, supersedes: nil)
        #expect(throws: BusyError.self) { try b.submit(scenario: 0, set: ["programme.compensation.credit": "63%"], lang: .en, supersedes: nil) }
        let third = try b.submit(scenario: 0, set: ["programme.compensation.credit": "64%"], lang: .en, supersedes: first.id)
        #expect(await finished(first).state == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: first.folder + "/compare.json"))
        #expect(await finished(third).state == .done)
    }
}

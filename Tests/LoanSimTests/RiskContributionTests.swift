import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// Who draws the pool down: each bank's and each cohort's Euler contribution in the run's summary adds
/// up to the figure's own mean and ES99, and does not depend on the thread count.
@Suite struct RiskContributionTests {
    @Test func banksAddUpToTheFiguresMeanAndES99() async throws {
        let loaded = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-adverse-assumptions.yaml")
        let model = CompiledScenario(loaded.scenario)
        var files: [SummaryFile] = []
        for threads in [1, 2] {
            let info = RunInfo(loaded: loaded, paths: 1500, seed: 3)
            let s = RunSummary(info: info, model: model, result: await Simulation.run(model, paths: 1500, seed: 3, threads: threads))
            files.append(RunWriters.summaryFile(s))
        }
        #expect(files[0].contributions == files[1].contributions, "the thread count changes nothing")
        let c = try #require(files[0].contributions)
        #expect(c.tailPaths == 15 && c.dryPaths > 0)
        #expect(c.figures.map(\.figure) == ["pool_paid", "bank_net_loss", "pool_paid", "bank_net_loss"])
        #expect(c.figures.map(\.by) == ["bank", "bank", "cohort", "cohort"])
        let cohorts = model.cohorts.indices.filter { model.cohorts[$0].eligible }.map { loaded.scenario.cohorts[$0].name }
        #expect(cohorts.count >= 2 && cohorts.count < loaded.scenario.cohorts.count, "the scenario has an ineligible cohort")
        for a in c.figures {
            let metric = try #require(files[0].metrics[a.figure])
            // Parts no path draws on (an ineligible cohort) are left out.
            #expect(a.parts.map(\.name) == (a.by == "bank" ? loaded.scenario.banks.map(\.name) : cohorts))
            #expect(a.total.mean == a.parts.reduce(0) { $0 + $1.mean } && a.total.es99 == a.parts.reduce(0) { $0 + $1.es99 })
            #expect(abs(a.total.mean - metric.mean) <= 1e-9 * abs(metric.mean), "\(a.figure): \(a.total.mean) vs \(metric.mean)")
            #expect(abs(a.total.es99 - metric.es99) <= 1e-9 * abs(metric.es99), "\(a.figure): \(a.total.es99) vs \(metric.es99)")
            // A bank's share of the tail is of the order of its share of the lending.
            #expect(a.parts.allSatisfy { $0.es99 >= 0 && ($0.es99Se ?? 0) >= 0 })
        }
    }
}

import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// Which pool gives way first: the pairwise probabilities agree with the pools' own depletion, and
/// P(a before b) + P(b before a) + P(same step) = P(a or b runs dry), on the four-pool scenario.
@Suite struct PoolOrderTests {
    @Test func pairwiseOrderAddsUp() async throws {
        let loaded = try ScenarioLoader.load(path: scenariosDirectory + "/zhengzhou-city-district-province.yaml")
        let model = CompiledScenario(loaded.scenario)
        let r = await Simulation.run(model, paths: 1024, seed: 5, threads: 2)
        let s = RunSummary(info: RunInfo(loaded: loaded, paths: 1024, seed: 5), model: model, result: r)
        let o = try #require(s.poolOrder)
        #expect(o.names == model.poolNames && o.names.count == 4)
        var anyDry = 0
        for a in o.names.indices {
            #expect(o.before[a][a].p == s.pools[a].depletion.p, "the diagonal is the pool's own P(dry)")
            for b in o.names.indices where b != a {
                let either = Double(r.outcomes.filter { $0.pools[a].depletionStep >= 0 || $0.pools[b].depletionStep >= 0 }.count) / 1024
                #expect(abs(o.before[a][b].p + o.before[b][a].p + o.sameStep[a][b].p - either) < 1e-12)
                #expect(o.sameStep[a][b] == o.sameStep[b][a])
            }
        }
        anyDry = r.outcomes.filter { o in o.pools.contains { $0.depletionStep >= 0 } }.count
        #expect(anyDry > 0, "some pool ran dry, so the order says something")
        // Some pool is among the first on every path where any ran dry.
        #expect(o.first.reduce(0) { $0 + $1.p } >= Double(anyDry) / 1024 - 1e-12)
        #expect(RunWriters.summaryFile(s).poolOrder?.pools == o.names)
    }
}

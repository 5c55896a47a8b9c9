import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim
@testable import RiskModel

/// Importance sampling through the whole run: a zero shift is the plain run, weighted estimates agree
/// with plain runs of 20× the paths, and the shift is chosen the same way whatever the thread count.
@Suite struct ImportanceRunTests {
    /// 400 firms, ρ 0.2, a pool that runs dry on about 1.7% of paths within two years.
    static let yaml = """
        name: importance
        horizon_months: 24
        macro: {phi: 0.9}
        cohorts:
          - {name: a, firms: 400, pd: 0.03, rho: 0.2, loan_size: {median: 100, sigma: 0.5}, compensation_ratio: 0.5}
        pool: {initial: 4000}
        """

    func summary(_ model: CompiledScenario, paths: Int, seed: UInt32, threads: Int = 2) async -> RunSummary {
        let info = RunInfo(loaded: LoadedScenario(scenario: model.scenario, file: "t.yaml", sha256: "0"), paths: paths, seed: seed)
        return RunSummary(info: info, model: model, result: await Simulation.run(model, paths: paths, seed: seed, threads: threads))
    }

    @Test func aZeroShiftIsThePlainRun() async throws {
        let s = try scenario(Self.yaml)
        let plain = await summary(CompiledScenario(s), paths: 700, seed: 4)
        let zero = await summary(CompiledScenario(s, importance: ImportanceDesign(theta: 0, scenario: s, target: .depletion)), paths: 700, seed: 4)
        var a = RunWriters.summaryFile(plain), b = RunWriters.summaryFile(zero)
        #expect(a.importance == nil && b.importance?.shift == 0 && abs((b.importance?.varianceReductionFactor ?? 0) - 1) < 1e-9)
        b.importance = nil
        a.scenario = b.scenario
        #expect(a == b)
        #expect(RunWriters.timeseriesCSV(plain) == RunWriters.timeseriesCSV(zero))
    }

    @Test func weightedEstimatesAgreeWithPlainRunsOfTwentyTimesThePaths() async throws {
        let s = try scenario(Self.yaml)
        let design = await ImportanceSampling.chooseShift(s, target: .depletion, seed: 8, threads: 2)
        #expect(design.shift.theta > 0.3 && design.shift.shifts.reduce(0, +) < 0, "a shift towards bad states: \(design.shift.shifts)")
        let weighted = await summary(CompiledScenario(s, importance: design), paths: 1_500, seed: 8)
        let plain = await summary(CompiledScenario(s), paths: 30_000, seed: 9)
        func agree(_ a: Double, _ sa: Double, _ b: Double, _ sb: Double, _ what: String) {
            #expect(abs(a - b) <= 4 * (sa * sa + sb * sb).squareRoot(), "\(what): \(a) ± \(sa) against \(b) ± \(sb)")
        }
        agree(weighted.depletion.p, weighted.depletion.se, plain.depletion.p, plain.depletion.se, "P(depleted)")
        for y in 0..<2 {
            agree(weighted.depletionByYear[y].p, weighted.depletionByYear[y].se, plain.depletionByYear[y].p, plain.depletionByYear[y].se, "year \(y + 1)")
        }
        for key in [Figure.poolPaid, .grossLoss, .bankNetLoss] {
            let w = try #require(weighted.metric(key)), p = try #require(plain.metric(key))
            agree(w.mean, w.se, p.mean, p.se, key.key)
        }
        // The 99% quantile of gross loss, with each estimator's own standard error.
        let target = ImportanceSampling.result(.quantile(metric: .grossLoss, level: 0.99),
                                               table: InMemoryTable(await Simulation.run(CompiledScenario(s, importance: design), paths: 1_500, seed: 8, threads: 2),
                                                                    model: CompiledScenario(s, importance: design)), pilotPaths: 0)
        let plainLosses = InMemoryTable(await Simulation.run(CompiledScenario(s), paths: 30_000, seed: 9, threads: 2), model: CompiledScenario(s)).metric(.grossLoss).sorted()
        agree(target.estimate, target.se, SampleSummary.quantile(sorted: plainLosses, 0.99),
              SampleSummary.quantileStandardError(sorted: plainLosses, 0.99), "gross loss q99")
        // What the weights bought: the weighted P(depleted) is more precise than a plain run of as many paths.
        let vrf = try #require(weighted.importanceTarget?.varianceReduction)
        #expect(vrf > 1.5, "variance reduction \(vrf)")
        #expect(weighted.importance!.effectiveSize < 1_500)
    }

    /// A shift far past the event (θ = 3.5, where nearly every shifted path runs the pool dry): the
    /// defensive mixture keeps a tenth of the paths plain, so no weight exceeds 10 and the body is still
    /// sampled. P(depleted) and the means agree with a plain run of 20× the paths; a figure that is the
    /// same on every path (the year-2 top-up) is exact. Without the mixture the same run's P(depleted)
    /// read 0.556 ± 0.036 on B1 against 0.343 (and 0.309 ± 0.047 with the plain unnormalised means).
    @Test func anOvershootingShiftStaysUnbiased() async throws {
        let s = try scenario(Self.yaml.replacingOccurrences(of: "pool: {initial: 4000}", with: "pool: {initial: 3500, top_ups: [{month: 13, amount: 500}]}"))
        let design = ImportanceDesign(theta: 3.5, scenario: s, target: .depletion)
        #expect(design.plainShare == ImportanceDesign.defensiveShare)
        let result = await Simulation.run(CompiledScenario(s, importance: design), paths: 1_500, seed: 5, threads: 2)
        let weights = result.outcomes.map(\.weight)
        #expect(weights.allSatisfy { $0 > 0 && $0 <= 1 / ImportanceDesign.defensiveShare + 1e-9 })
        let shifted = result.outcomes.filter { $0.weight < 1 }.count
        #expect(shifted > 1_200 && shifted < 1_450, "about 90% of paths from the shifted law: \(shifted)")
        let weighted = await summary(CompiledScenario(s, importance: design), paths: 1_500, seed: 5)
        let plain = await summary(CompiledScenario(s), paths: 30_000, seed: 9)
        func agree(_ a: Double, _ sa: Double, _ b: Double, _ sb: Double, _ what: String) {
            #expect(abs(a - b) <= 4 * (sa * sa + sb * sb).squareRoot(), "\(what): \(a) ± \(sa) against \(b) ± \(sb)")
        }
        agree(weighted.depletion.p, weighted.depletion.se, plain.depletion.p, plain.depletion.se, "P(depleted)")
        for key in [Figure.poolPaid, .grossLoss, .bankNetLoss, .defaults] {
            let w = try #require(weighted.metric(key)), p = try #require(plain.metric(key))
            agree(w.mean, w.se, p.mean, p.se, key.key)
        }
        let topUps = try #require(weighted.metric(.topUps))
        #expect(abs(topUps.mean - 500) < 1e-9 && topUps.se < 1e-9 && topUps.sd < 1e-6, "\(topUps)")
    }

    /// A fund's IRR is defined only on some paths: weighted, its summary is the conditional law's
    /// (each defined path's weight over the defined paths' total: Σ w x / Σ w), and the share of paths
    /// where it is defined is a weighted probability, not a count.
    @Test func aFundsIRRIsWeightedOnThePathsWhereItIsDefined() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let s = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/zhengzhou-angel-fund-2024.yaml").path).scenario
        let model = CompiledScenario(s, importance: ImportanceDesign(theta: 1.5, scenario: s, target: .depletion))
        let result = await Simulation.run(model, paths: 1_000, seed: 2, threads: 2)
        let summary = RunSummary(info: RunInfo(loaded: LoadedScenario(scenario: s, file: "t.yaml", sha256: "0"), paths: 1_000, seed: 2),
                                 model: model, result: result)
        let fund = try #require(summary.funds.first), irr = try #require(fund.irr)
        let table = InMemoryTable(result, model: model)
        let x = table.column(.fund(0, .irr)), w = result.outcomes.map(\.weight)
        let defined = x.indices.filter { x[$0].isFinite }
        let conditional = defined.reduce(0) { $0 + w[$1] * x[$1] } / defined.reduce(0) { $0 + w[$1] }
        #expect(abs(irr.mean - conditional) < 1e-12, "\(irr.mean) against \(conditional)")
        let share = WeightedSample.controlledMean(x.map { $0.isFinite ? 1 : 0 }, weights: w)
        #expect(abs(fund.irrDefined - share) < 1e-12 && fund.irrDefined <= 1)
    }

    @Test func theShiftAndTheRunDoNotDependOnThreads() async throws {
        let s = try scenario(Self.yaml)
        let one = await ImportanceSampling.chooseShift(s, target: .quantile(metric: .poolPaid, level: 0.99), seed: 3, threads: 1)
        let two = await ImportanceSampling.chooseShift(s, target: .quantile(metric: .poolPaid, level: 0.99), seed: 3, threads: 2)
        #expect(one == two)
        let a = await summary(CompiledScenario(s, importance: one), paths: 600, seed: 3, threads: 1)
        let b = await summary(CompiledScenario(s, importance: one), paths: 600, seed: 3, threads: 2)
        #expect(try RunWriters.summaryJSON(a) == RunWriters.summaryJSON(b))
    }

    /// When the factor hardly moves the event (ρ 0.001), a shift buys nothing: auto keeps plain sampling (θ = 0).
    @Test func autoStaysPlainWhenTheFactorDoesNotDriveTheEvent() async throws {
        let s = try scenario(Self.yaml.replacingOccurrences(of: "rho: 0.2", with: "rho: 0.001").replacingOccurrences(of: "initial: 4000", with: "initial: 2200"))
        let design = await ImportanceSampling.chooseShift(s, target: .depletion, seed: 2, threads: 2)
        #expect(design.shift.theta == 0)
    }

    /// Scenarios compared on one shift share each path's weight; the comparison's means, standard errors
    /// and paired differences are the weighted ones.
    @Test func comparisonsCarryTheWeights() async throws {
        let s = try scenario(Self.yaml), bigger = try scenario(Self.yaml.replacingOccurrences(of: "initial: 4000", with: "initial: 6000"))
        let design = ImportanceDesign(theta: 1, scenario: s, target: .depletion)
        let a = await Simulation.run(CompiledScenario(s, importance: design), paths: 600, seed: 5, threads: 2)
        let b = await Simulation.run(CompiledScenario(bigger, importance: design), paths: 600, seed: 5, threads: 2)
        #expect(a.outcomes.map(\.weight) == b.outcomes.map(\.weight) && a.outcomes.contains { $0.weight != 1 })
        let c = try Comparison(names: ["a", "b"], outcomes: [a.outcomes, b.outcomes], metrics: ["pool_paid", "depletion.probability"], stepMonths: 1)
        let sa = await summary(CompiledScenario(s, importance: design), paths: 600, seed: 5)
        let paid = try #require(sa.metric(.poolPaid))
        #expect(close(c.rows[0].perScenario[0].mean, paid.mean, 1e-9) && close(c.rows[0].perScenario[0].se, paid.se, 1e-9))
        #expect(close(c.rows[1].perScenario[0].mean, sa.depletion.p, 1e-12) && close(c.rows[1].perScenario[0].se, sa.depletion.se, 1e-12))
        for row in c.rows {
            #expect(close(row.differences[0].mean, row.perScenario[1].mean - row.perScenario[0].mean, 1e-9))
        }
        #expect(c.rows[1].differences[0].mean < 0)   // a bigger pool runs dry less often
        // Runs whose weights differ (another shift) are refused, not compared.
        let other = await Simulation.run(CompiledScenario(bigger, importance: ImportanceDesign(theta: 0.5, scenario: s, target: .depletion)),
                                         paths: 600, seed: 5, threads: 2)
        #expect(throws: OutputError.self) { try Comparison(names: ["a", "b"], outcomes: [a.outcomes, other.outcomes], stepMonths: 1) }
    }

    /// The sizing step finds the shift that minimises the second moment of a Gaussian tail's estimator:
    /// pilot scores s ~ N(2, 1) (a pilot shifted by 2), event s > 2.5 (plain probability Φ(−2.5)); the
    /// optimum is near 2.5–2.7. Without a tilt it stays untilted.
    @Test func sizingFindsTheTailShift() throws {
        let rng = RandomStream(kind: .taus2, seed: 11)
        let pilot = ImportanceShift(theta: 2, direction: [1])
        let outcomes: [PathOutcome] = (0..<20_000).map { _ in
            var o = PathOutcome()
            o.importanceScore = rng.ref.normal() + 2
            o.weight = pilot.weight(score: o.importanceScore)
            return o
        }
        let (shift, tilt) = ImportanceSampling.size(outcomes, hits: outcomes.map { $0.importanceScore > 2.5 }, shift: pilot, tilt: nil, scores: nil)
        #expect(shift.theta > 2.3 && shift.theta < 3.1 && tilt == nil, "\(shift.theta)")
        // An event the shift cannot help (every path): plain sampling.
        let (none, _) = ImportanceSampling.size(outcomes, hits: outcomes.map { _ in true }, shift: pilot, tilt: nil, scores: nil)
        #expect(none.theta == 0)
    }

    /// The tilted index draws j with probability ∝ exp(λ g_j) and weighs it (1/D)/q_j: weights average to
    /// 1 under the tilt, and the moment-matching λ reproduces a target mean.
    @Test func tiltedDrawsAreUnbiased() throws {
        let g = try #require(TiltedIndex.standardised((0..<400).map { sin(Double($0)) + Double($0) / 400 }))
        let tilt = TiltedIndex(scores: g, lambda: 1.2)
        let rng = RandomStream(kind: .taus2, seed: 5)
        let picks = (0..<40_000).map { _ in tilt.index(rng.ref.uniform()) }
        let w = picks.map { tilt.weights[$0] }
        let meanW = w.reduce(0, +) / Double(w.count)
        let sdW = (w.map { ($0 - meanW) * ($0 - meanW) }.reduce(0, +) / Double(w.count - 1)).squareRoot()
        #expect(abs(meanW - 1) < 4 * sdW / Double(w.count).squareRoot(), "\(meanW)")
        let weightedG = zip(picks, w).reduce(0) { $0 + g[$1.0] * $1.1 } / Double(picks.count)
        #expect(abs(weightedG) < 4 * 1.5 / Double(picks.count).squareRoot() * sdW, "E[g] under the plain law is 0: \(weightedG)")
        let lambda = TiltedIndex.lambda(matchingMean: 0.8, scores: g)
        let matched = TiltedIndex(scores: g, lambda: lambda)
        var mean = 0.0, last = 0.0
        for j in g.indices {
            let q = matched.cumulative[j] - last
            last = matched.cumulative[j]
            mean += q * g[j]
        }
        #expect(abs(mean - 0.8) < 1e-9 && TiltedIndex.lambda(matchingMean: -1, scores: g) == 0)
    }

    @Test func targetsParse() {
        #expect(ImportanceTarget("depletion") == .depletion)
        #expect(ImportanceTarget("pool_paid:q999") == .quantile(metric: .poolPaid, level: 0.999))
        #expect(ImportanceTarget("gross_loss:q99")?.description == "gross_loss:q99")
        for bad in ["pool_paid", "nosuch:q99", "pool_paid:99", "pool_paid:q", "pool_paid:q1x", "pool_paid:q3"] { #expect(ImportanceTarget(bad) == nil, "\(bad)") }
    }
}

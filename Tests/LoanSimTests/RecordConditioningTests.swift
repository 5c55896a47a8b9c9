import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// `calibrate --condition-on`: the posterior conditioned on the record's events (RecordConditioning).
/// A small backcast (one calibrated cohort, 24 months, a 4% breaker) and a history of exact counts.
@Suite struct RecordConditioningTests {
    struct Setup {
        let dir: String
        let calibration: Calibration
        var backcast: String { dir + "/backcast.yaml" }
    }

    /// A folder with the calibration of a simulated history (PD `pd`, ρ 0.12 fixed), a record whose
    /// `checks` are given, and a backcast drawing its PD from the calibration.
    static func setup(pd: Double = 0.03, replication: Int = 0, checks: String, draws: Int = 400) throws -> Setup {
        gslStartUp()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loansim-rc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/cal", withIntermediateDirectories: true)
        let history = HistorySimulator(cohorts: ["a"], pd: [pd], rho: 0.12, loans: [150], years: 6).history(seed: 77, replication: replication)
        let c = Calibrator(history: history, options: .init(fixedRho: 0.12, draws: draws, seed: 5)).run()
        try CalibrationFiles.json(c).write(toFile: dir + "/cal/calibration.json", atomically: true, encoding: .utf8)
        try CalibrationFiles.fragment(c).write(toFile: dir + "/cal/calibrated.yaml", atomically: true, encoding: .utf8)
        try "name: synthetic record\nchecks:\n\(checks)".write(toFile: dir + "/record.yaml", atomically: true, encoding: .utf8)
        try """
        name: small backcast
        horizon_months: 24
        seed: 404
        banks: [{name: x, share: 0.5}, {name: y, share: 0.5}]
        cohorts:
          - {name: a, firms: 1200, initial_borrowers: 300, pd: 0.03, rho: 0.12, loan_size: {median: 200, sigma: 0.5}, lgd: 0.7, term_months: 12, renewal_probability: 0.5, demand_per_year: 0.05}
        pool: {initial: 3000, interest_rate: 0.01}
        breaker: {threshold: 0.04, window_months: 12}
        calibration: {include: cal/calibrated.yaml}
        record: {file: record.yaml, start: 2020-01}
        """.write(toFile: dir + "/backcast.yaml", atomically: true, encoding: .utf8)
        return Setup(dir: dir, calibration: c)
    }

    static let noSuspension = """
      - {name: no bank suspended, metric: breaker_trips, by: 2021-12, observed: "0"}
      - {name: pool never dry, metric: depleted, by: 2021-12, observed: "0"}
      - {name: some defaults, metric: compensated_loans, by: 2021-12, observed: ">= 1"}

    """

    static func condition(_ s: Setup, paths: Int = 200, grid: Int = 13, threads: Int = 2, variants: String? = nil) async throws -> ConditionedPosterior {
        try await RecordConditioning(backcast: s.backcast, variantsFile: variants, cohorts: ["a"],
                                     options: .init(pathsPerPoint: paths, gridPoints: grid, threads: threads)).run(s.calibration)
    }

    /// Only the events of the rules weigh: the compensated-loan bound is in the counts' likelihood.
    @Test func conditionsOnTheRulesEventsOnly() async throws {
        let s = try Self.setup(checks: Self.noSuspension)
        let r = try await Self.condition(s)
        #expect(r.events == ["no bank suspended", "pool never dry"])
        #expect(r.method == "grid" && r.points.count == 13 && r.draws.pd[0].count == 400)
        // P(no suspension) falls as the PD rises, so the record pulls the posterior down.
        #expect(r.points.first!.p > r.points.last!.p)
        #expect(r.cohorts[0].pd.posteriorMean < s.calibration.cohorts[0].pd.posteriorMean)
        // The marginal is the count-only posterior's mean of the interpolated probabilities; its se from the paths.
        #expect(r.marginal > 0 && r.marginal < 1 && r.marginalSe > 0 && abs(r.relativeError - r.marginalSe / r.marginal) < 1e-15)
        #expect(r.effectiveDraws > 1 && r.effectiveDraws <= Double(r.countOnlyDraws))
    }

    /// An event of probability one (a pool that cannot be "more than once" dry) leaves the posterior
    /// unchanged, bit for bit.
    @Test func anEventOfProbabilityOneChangesNothing() async throws {
        let s = try Self.setup(checks: "  - {name: at most dry once, metric: depleted, by: 2021-12, observed: \"<= 1\"}\n")
        let r = try await Self.condition(s)
        #expect(r.points.allSatisfy { $0.p == 1 })
        #expect(r.draws.pd == s.calibration.draws.pd && r.draws.rho == s.calibration.draws.rho)
        #expect(r.cohorts[0].pd.posteriorMean == s.calibration.cohorts[0].pd.posteriorMean)
        #expect(r.effectiveDraws.rounded() == Double(r.countOnlyDraws) && abs(r.marginal - 1) < 1e-12 && r.marginalSe < 1e-12)
    }

    /// An event no path can meet is refused with the check's name and exit code 65.
    @Test func anImpossibleEventIsRefused() async throws {
        let s = try Self.setup(checks: "  - {name: a million suspensions, metric: breaker_trips, by: 2021-12, observed: \">= 1000000\"}\n")
        await #expect {
            _ = try await Self.condition(s)
        } throws: { e in
            "\(e)".contains("a million suspensions") && "\(e)".contains("impossible") && "\(e)".contains("backcast.yaml")
        }
    }

    /// A backcast without an event of the rules is refused before any fit.
    @Test func aBackcastWithoutEventsIsRefused() throws {
        let s = try Self.setup(checks: "  - {name: some defaults, metric: compensated_loans, by: 2021-12, observed: \">= 1\"}\n")
        #expect(throws: ScenarioError.self) {
            _ = try RecordConditioning(backcast: s.backcast, variantsFile: nil, cohorts: ["a"], options: .init())
        }
        #expect(throws: ScenarioError.self) {   // the backcast maps its cohort to 'a'; a calibration of 'b' cannot go in
            _ = try RecordConditioning(backcast: s.backcast, variantsFile: nil, cohorts: ["b"], options: .init())
        }
    }

    /// The weights, draws and Bayes factors do not depend on the thread count.
    @Test func theThreadCountChangesNothing() async throws {
        let s = try Self.setup(checks: Self.noSuspension)
        let variants = s.dir + "/variants.yaml"
        try "variants:\n  - {name: programme, set: {scope: programme}}\n".write(toFile: variants, atomically: true, encoding: .utf8)
        let one = try await Self.condition(s, threads: 1, variants: variants)
        let three = try await Self.condition(s, threads: 3, variants: variants)
        #expect(one.points == three.points && one.draws.pd == three.draws.pd && one.variants == three.variants)
        #expect(CalibrationFiles.recordConditionedJSON(one, calibration: s.calibration).rendered()
                == CalibrationFiles.recordConditionedJSON(three, calibration: s.calibration).rendered())
    }

    /// A variant's Bayes factor is the ratio of its marginal to the backcast's, paired on the same paths;
    /// the first variant is the reference; the posterior probabilities add to one.
    @Test func breakerVariantsGetBayesFactors() async throws {
        let s = try Self.setup(checks: Self.noSuspension)
        let variants = s.dir + "/variants.yaml"
        try """
        variants:
          - {name: programme, name_zh: 全部计划, set: {scope: programme}}
          - {name: never, set: {threshold: 99%}}

        """.write(toFile: variants, atomically: true, encoding: .utf8)
        let r = try await Self.condition(s, variants: variants)
        #expect(r.variants.map(\.name) == ["as written", "programme", "never"])
        #expect(r.variants[0].bayesFactor == 1 && r.variants[0].bayesFactorSe == 0)
        for v in r.variants { #expect(abs(v.bayesFactor - v.marginal / r.variants[0].marginal) < 1e-12) }
        #expect(abs(r.variants.map(\.posteriorProbability).reduce(0, +) - 1) < 1e-12)
        // A breaker that never acts cannot be suspended: the record's suspension event is likelier under it.
        #expect(r.variants[2].bayesFactor > 1 + 3 * r.variants[2].bayesFactorSe)
        #expect(r.variants[1].settings.map(\.key) == ["scope"] && r.variants[1].nameZh == "全部计划")
    }

    /// Averaged over the readings, each draw carries its reading; the readings' shares of the draws are
    /// their posterior probabilities (within 4 binomial standard errors), and the block says so.
    @Test func averagingOverReadingsDrawsThemInProportion() async throws {
        let s = try Self.setup(checks: Self.noSuspension)
        let variants = s.dir + "/variants.yaml"
        try "variants:\n  - {name: never, set: {threshold: 99%}}\n".write(toFile: variants, atomically: true, encoding: .utf8)
        let r = try await RecordConditioning(backcast: s.backcast, variantsFile: variants, cohorts: ["a"],
                                             options: .init(pathsPerPoint: 200, gridPoints: 13, averageModels: true)).run(s.calibration)
        let readings = try #require(r.variantOfDraw)
        #expect(readings.count == r.draws.pd[0].count)
        for v in r.variants.indices {
            let share = Double(readings.filter { $0 == v }.count) / Double(readings.count)
            let p = r.variants[v].posteriorProbability
            #expect(abs(share - p) < 4 * (p * (1 - p) / Double(readings.count)).squareRoot(), "reading \(v): \(share) against \(p)")
        }
        let json = CalibrationFiles.recordConditionedJSON(r, calibration: s.calibration).rendered()
        #expect(json.contains("\"breaker_variant\"") && json.contains("\"averaged_over_breaker_readings\": true"))
    }

    /// A variant the scenario refuses is reported at its line in the variants file.
    @Test func aBadVariantIsRefusedAtItsLine() throws {
        let s = try Self.setup(checks: Self.noSuspension)
        let variants = s.dir + "/variants.yaml"
        try "variants:\n  - {name: ok, set: {scope: programme}}\n  - {name: bad, set: {scope: galaxy}}\n".write(toFile: variants, atomically: true, encoding: .utf8)
        #expect {
            _ = try RecordConditioning(backcast: s.backcast, variantsFile: variants, cohorts: ["a"], options: .init())
        } throws: { e in
            let issue = (e as? ScenarioError)?.issues.first
            return issue?.file == variants && issue?.line == 3 && "\(e)".contains("bad") && "\(e)".contains("galaxy")
        }
    }

    /// Coverage: records (counts and the events, independent given the parameters, as the model says)
    /// simulated from a known PD; the whole-record 90% interval covers the truth at its nominal rate. With
    /// 40 replications the count of covers is Binomial(40, 0.9) under the nominal rate: 31 … 40 holds it
    /// with probability 0.99 (the tolerance).
    @Test func wholeRecordIntervalsCoverTheTruth() async throws {
        let truth = 0.03
        var covered = 0
        let replications = 40
        for k in 0..<replications {
            // The observed events: one path of the backcast at the truth, on a seed of its own.
            let probe = try Self.setup(pd: truth, replication: k, checks: Self.noSuspension, draws: 300)
            var s = try ScenarioLoader.load(path: probe.backcast).scenario.atPointEstimate
            s.cohorts[0].pd = truth
            s.cohorts[0].macroLoading = 0.12.squareRoot()
            let observed = Simulation.runSerial(CompiledScenario(s), paths: 1, seed: UInt32(9000 + k)).outcomes[0]
            let suspended = observed.checkpoints[0] > 0, dry = observed.checkpoints[1] > 0
            let checks = """
              - {name: trips, metric: breaker_trips, by: 2021-12, observed: "\(suspended ? ">= 1" : "0")"}
              - {name: dry, metric: depleted, by: 2021-12, observed: "\(dry ? "1" : "0")"}

            """
            try "name: synthetic record\nchecks:\n\(checks)".write(toFile: probe.dir + "/record.yaml", atomically: true, encoding: .utf8)
            let r = try await Self.condition(probe, paths: 150, grid: 9)
            let sorted = r.draws.pd[0].sorted()
            if SampleSummary.quantile(sorted: sorted, 0.05) <= truth && truth <= SampleSummary.quantile(sorted: sorted, 0.95) { covered += 1 }
        }
        #expect(covered >= 31, "covered \(covered) of \(replications)")
    }
}

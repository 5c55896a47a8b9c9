import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// Scenarios that take their PD and ρ from a calibration, with and without per-path posterior draws.
@Suite struct ParameterUncertaintyTests {
    /// A calibration.json with the given draws (and point values) for cohorts `names`.
    func writeCalibration(_ dir: String, pd: [String: [Double]], rho: [Double], pointPD: [String: Double], pointRho: Double) throws {
        func estimate(_ v: Double) -> String { "{\"mle\": \(v), \"posterior_mean\": \(v), \"posterior_median\": \(v)}" }
        let cohorts = pointPD.map { "\"\($0.key)\": {\"pd\": \(estimate($0.value))}" }.joined(separator: ", ")
        let draws = pd.map { "\"\($0.key)\": [\($0.value.map { "\($0)" }.joined(separator: ", "))]" }.joined(separator: ", ")
        let json = """
        {"kind": "calibration", "cohorts": {\(cohorts)}, "rho": \(estimate(pointRho)),
         "posterior_draws": {"rho": [\(rho.map { "\($0)" }.joined(separator: ", "))], "pd": {\(draws)}}}
        """
        try json.write(toFile: dir + "/calibration.json", atomically: true, encoding: .utf8)
    }

    func directory() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("loansim-pu-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    func scenarioText(uncertainty: Bool, mapping: String = "") -> String {
        """
        name: pu
        horizon_months: 36
        cohorts:
          - {name: a, firms: 3000, initial_borrowers: 800, pd: 0.05, rho: 0.3, loan_size: {median: 200, sigma: 0.6}, lgd: 0.7, term_months: 12, renewal_probability: 0.5, demand_per_year: 0.05}
          - {name: b, firms: 2000, initial_borrowers: 500, pd: 0.05, rho: 0.3, loan_size: {median: 100, sigma: 0.5}, term_months: 12}
        pool: {initial: 6000, interest_rate: 0.01}
        breaker: {threshold: 0.08}
        calibration:
          posterior: calibration.json
          parameter_uncertainty: \(uncertainty)
        \(mapping)
        """
    }

    func load(_ text: String, in dir: String) throws -> LoadedScenario {
        try text.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        return try ScenarioLoader.load(path: dir + "/s.yaml")
    }

    /// Every draw equal to the point estimate: the uncertain run is the plain run, path by path (the
    /// parameter stream is separate, and the tables are rebuilt with the same arithmetic).
    @Test func degeneratePosteriorGivesExactlyThePlainRun() throws {
        let dir = try directory()
        try writeCalibration(dir, pd: ["a": Array(repeating: 0.021, count: 50)], rho: Array(repeating: 0.14, count: 50),
                             pointPD: ["a": 0.021], pointRho: 0.14)
        let uncertain = try load(scenarioText(uncertainty: true), in: dir).scenario
        #expect(uncertain.drawsParameters)
        #expect(uncertain.cohorts[0].pd == 0.021 && uncertain.cohorts[0].macroLoading == 0.14.squareRoot())
        #expect(uncertain.cohorts[1].pd == 0.05)  // not calibrated: no cohort 'b' in the calibration
        let a = simulate(uncertain, paths: 600, seed: 11), b = simulate(uncertain.atPointEstimate, paths: 600, seed: 11)
        #expect(a.outcomes.map(\.parameterDraw).allSatisfy { $0 >= 0 })
        #expect(b.outcomes.map(\.parameterDraw).allSatisfy { $0 == -1 })
        var aa = a.outcomes, bb = b.outcomes
        for i in aa.indices { aa[i].parameterDraw = 0; bb[i].parameterDraw = 0 }
        #expect(aa == bb)
        #expect(a.series.values == b.series.values)
    }

    /// Two-point posterior: paths split between the draws; the first path of each block (fresh streams)
    /// is exactly the plain run at its draw's parameters, and the mean of the mixture is the mixture of
    /// the plain runs' means (within 4 SE). Later paths of a block differ from the plain run's because
    /// the streams run on through the block's paths.
    @Test func eachPathRunsAtItsDraw() throws {
        let dir = try directory()
        try writeCalibration(dir, pd: ["p": [0.01, 0.08]], rho: [0.05, 0.25], pointPD: ["p": 0.03], pointRho: 0.1)
        let mapping = "  cohorts: {a: {from: p, pd_scale: 1}, b: {from: p, pd_scale: 0.5}}"
        let s = try load(scenarioText(uncertainty: true, mapping: mapping), in: dir).scenario
        #expect(s.cohorts[1].pd == 0.015)
        let paths = 40 * Simulation.blockSize
        let mixed = simulate(s, paths: paths, seed: 3)
        var plainMeans: [Double] = [], plainSE: [Double] = [], share: [Double] = []
        for draw in 0..<2 {
            var fixed = s.atPointEstimate
            fixed.cohorts[0].pd = [0.01, 0.08][draw]
            fixed.cohorts[1].pd = [0.01, 0.08][draw] * 0.5
            for c in 0..<2 { fixed.cohorts[c].macroLoading = [0.05, 0.25][draw].squareRoot() }
            let plain = simulate(fixed, paths: paths, seed: 3)
            let mine = mixed.outcomes.indices.filter { mixed.outcomes[$0].parameterDraw == draw }
            share.append(Double(mine.count) / Double(paths))
            for i in mine where i % Simulation.blockSize == 0 {
                var x = mixed.outcomes[i], y = plain.outcomes[i]
                x.parameterDraw = -1
                // Capital uses the scenario's PD (a bank's rating PD), not the path's draw.
                (x.capitalYears, x.capitalYearsWithout, x.raroc, x.rarocWithout) = (0, 0, 0, 0)
                (y.capitalYears, y.capitalYearsWithout, y.raroc, y.rarocWithout) = (0, 0, 0, 0)
                #expect(x == y, "path \(i)")
            }
            let d = plain.outcomes.map(\.defaults)
            plainMeans.append(mean(d))
            plainSE.append(standardError(d))
        }
        #expect(abs(share[0] - 0.5) < 4 * (0.25 / Double(paths)).squareRoot())
        let mix = mixed.outcomes.map(\.defaults)
        let expected = share[0] * plainMeans[0] + share[1] * plainMeans[1]
        let se = (standardError(mix) * standardError(mix) + plainSE[0] * plainSE[0] / 4 + plainSE[1] * plainSE[1] / 4).squareRoot()
        #expect(abs(mean(mix) - expected) < 4 * se, "mixture \(mean(mix)) vs \(expected) ± \(se)")
    }

    /// The same scenario and seed give the same bytes with 1 and 2 threads when parameters are drawn.
    @Test func drawsDoNotDependOnTheThreadCount() async throws {
        let dir = try directory()
        try writeCalibration(dir, pd: ["a": [0.01, 0.02, 0.04, 0.06]], rho: [0.05, 0.1, 0.2, 0.3], pointPD: ["a": 0.03], pointRho: 0.15)
        let s = try load(scenarioText(uncertainty: true), in: dir).scenario
        let model = CompiledScenario(s)
        let one = await Simulation.run(model, paths: 700, seed: 5, threads: 1)
        let two = await Simulation.run(model, paths: 700, seed: 5, threads: 2)
        #expect(one.outcomes == two.outcomes)
    }

    @Test(arguments: [
        ("  cohorts: {zzz: {from: a}}", "no cohort named 'zzz'"),
        ("  cohorts: {a: {from: nope}}", "the calibration has no cohort 'nope'"),
        ("  cohorts: {a: {from: a, pd_scale: 500}}", "out of range"),
        ("  point: median", "allowed: posterior_mean, posterior_median, mle"),
    ])
    func badCalibrationSectionsAreRefusedWithTheirPlace(extra: String, message: String) throws {
        let dir = try directory()
        try writeCalibration(dir, pd: ["a": [0.02]], rho: [0.1], pointPD: ["a": 0.02], pointRho: 0.1)
        #expect {
            _ = try load(scenarioText(uncertainty: true, mapping: extra), in: dir)
        } throws: { error in
            let text = "\(error)"
            return text.contains(message) && text.contains("s.yaml:") && text.contains("calibration")
        }
    }

    @Test func aBrokenCalibrationFileIsRefused() throws {
        let dir = try directory()
        try "{\"kind\": \"calibration\", \"cohorts\": {}}".write(toFile: dir + "/calibration.json", atomically: true, encoding: .utf8)
        #expect {
            _ = try load(scenarioText(uncertainty: true), in: dir)
        } throws: { "\($0)".contains("not a calibration written by loansim calibrate") }
    }
}

/// The shipped calibration, backcast and baseline.
@Suite struct RecordAndBackcastTests {
    static let root = URL(fileURLWithPath: scenariosDirectory).deletingLastPathComponent().path

    /// The committed calibration is what `loansim calibrate` makes of the committed history today.
    @Test func shippedCalibrationIsUpToDate() throws {
        gslStartUp()
        let history = try History.load(path: Self.root + "/data/zhengzhou-history.csv")
        let fresh = Calibrator(history: history).run()
        let data = try Data(contentsOf: URL(fileURLWithPath: scenariosDirectory + "/calibration/zhengzhou/calibration.json"))
        let shipped = try JSONDecoder().decode(CalibrationFileContents.self, from: data)
        #expect(shipped.cohorts["programme"]?.pd.posterior_mean == fresh.cohorts[0].pd.posteriorMean)
        #expect(shipped.posterior_draws.pd["programme"] == fresh.draws.pd[0])
        #expect(fresh.rhoFixed && fresh.rho.mle == CalibrationPrior.default.rho.mean)
        // Zero observed yearly counts, two cumulative bounds: finite, sensible bounds.
        let ci = fresh.cohorts[0].pd.ci95
        #expect(ci[0] > 0 && ci[1] < 0.1 && ci[0] < fresh.cohorts[0].pd.mle && fresh.cohorts[0].pd.mle < ci[1])
    }

    /// The backcast reproduces the record's lending (2,665 loans, 114.7亿 by August 2025) within 5% in
    /// the mean, and the record's checks are all evaluated.
    @Test func backcastReproducesTheLendingRecord() async throws {
        gslStartUp()
        let loaded = try ScenarioLoader.load(path: scenariosDirectory + "/zhengzhou-backcast-2018-2025.yaml")
        let s = loaded.scenario
        #expect(s.horizonMonths == 83 && s.record.count == 7 && s.drawsParameters)
        let model = CompiledScenario(s)
        let r = await Simulation.run(model, paths: 2000, seed: s.seed, threads: 2)
        let summary = RunSummary(info: RunInfo(loaded: loaded, paths: 2000, seed: s.seed), model: model, result: r)
        let loans = summary.recordChecks.first { $0.check.metric == .loansOriginated }!
        let volume = summary.recordChecks.first { $0.check.metric == .lendingVolume }!
        #expect(abs(loans.mean / 2665 - 1) < 0.05, "loans \(loans.mean)")
        #expect(abs(volume.mean / 1_147_000 - 1) < 0.05, "lending \(volume.mean)")
        // The checkpoint at the horizon equals the path totals.
        for (i, o) in r.outcomes.enumerated().prefix(50) {
            #expect(o.checkpoints[5] == o.loansOriginated, "path \(i)")
            #expect(o.checkpoints[3] == (o.pools.contains { $0.depletionStep >= 0 } ? 1 : 0))
        }
    }

    /// Compensated loans by a month = defaults up to the claim lag before it.
    @Test func compensatedLoansLagDefaultsByTheClaimLag() throws {
        var s = try scenario("""
            name: lag
            horizon_months: 24
            programme: {claim_lag_months: 3}
            cohorts:
              - {name: a, firms: 5000, pd: 0.2, rho: 0.1, loan_size: {median: 100, sigma: 0}, term_months: 24}
            pool: {initial: 1e9}
            """)
        s.record = [RecordCheck(name: "by 12", metric: .compensatedLoans, month: 12, lower: 0, upper: nil, observed: ">= 0", source: ""),
                    RecordCheck(name: "d by 9", metric: .defaults, month: 9, lower: 0, upper: nil, observed: ">= 0", source: ""),
                    RecordCheck(name: "d by 24", metric: .defaults, month: 24, lower: 0, upper: nil, observed: ">= 0", source: "")]
        let r = simulate(s, paths: 64)
        for o in r.outcomes {
            #expect(o.checkpoints[0] == o.checkpoints[1])
            #expect(o.checkpoints[2] == o.defaults)
        }
    }
}

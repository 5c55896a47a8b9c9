import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// Issue 4: comparisons on common random numbers, sweeps, reverse stress, precision, overlays.
@Suite struct ComparisonTests {
    let smallBook = """
        name: small
        horizon_months: 24
        cohorts:
          - {name: a, firms: 3000, pd: 0.04, rho: 0.12, loan_size: {median: 300, sigma: 0.8}, lgd: 0.7, term_months: 12, renewal_probability: 0.5, demand_per_year: 0.1}
          - {name: b, firms: 2000, pd: 0.07, rho: 0.10, loan_size: {median: 100, sigma: 0.6}, lgd: 0.8, term_months: 24}
        banks: [{name: x, share: 0.5}, {name: y, share: 0.5}]
        pool: {initial: 30000, top_ups: [{month: 13, amount: 10000}]}
        """

    /// Paired differences of identical scenarios are exactly zero, with zero standard error.
    @Test func identicalScenariosDifferByExactlyZero() throws {
        let s = try scenario(smallBook)
        let a = simulate(s, paths: 512, seed: 8).outcomes, b = simulate(s, paths: 512, seed: 8).outcomes
        let c = try Comparison(names: ["a", "b"], outcomes: [a, b], stepMonths: 1)
        for row in c.rows {
            #expect(row.differences[0].mean == 0 && row.differences[0].se == 0, "\(row.metric)")
        }
    }

    /// A rule that only changes payouts (the compensation ratio) has a much narrower interval on
    /// common random numbers than from independent runs: the paired SE is under a third of the
    /// independent one for the pool's payout and the bank's net loss, and the paired interval covers the
    /// exact effect on gross loss (zero).
    @Test func payoutRuleChangeIsSharpUnderCRN() throws {
        let a = try scenario(smallBook)
        var b = a
        b.programme.creditRatio = 0.6
        let ra = simulate(a, paths: 1024, seed: 21).outcomes, rb = simulate(b, paths: 1024, seed: 21).outcomes
        let c = try Comparison(names: ["80%", "60%"], outcomes: [ra, rb], stepMonths: 1)
        for key in ["pool_paid", "bank_net_loss"] {
            let d = c.rows.first { $0.metric.key == key }!.differences[0]
            #expect(d.se < d.seIndependent / 3, "\(key): paired \(d.se) vs independent \(d.seIndependent)")
            #expect(d.se > 0)
        }
        let gross = c.rows.first { $0.metric.key == "gross_loss" }!.differences[0]
        #expect(gross.mean == 0 && gross.se == 0)
        // Independent runs of B really are that noisy: a different seed moves the difference by more.
        let rbIndependent = simulate(b, paths: 1024, seed: 22).outcomes
        let ci = try Comparison(names: ["80%", "60%"], outcomes: [ra, rbIndependent], stepMonths: 1)
        let dInd = ci.rows.first { $0.metric.key == "pool_paid" }!.differences[0]
        #expect(dInd.se > 3 * c.rows.first { $0.metric.key == "pool_paid" }!.differences[0].se)
    }

    /// Chosen metrics: each row is the mean over paths of the metric's own per-path value (P(depleted by
    /// the end of year 1) is the share of paths with a claim unpaid by month 12, counted here directly),
    /// and the paired difference is the difference of those means. Quantiles and ES are refused: their
    /// paired difference is not a mean of per-path differences.
    @Test func chosenMetricsArePairedMeansOfTheirPerPathValues() throws {
        let a = try scenario(smallBook)
        var b = a
        b.pools[0].initialCapital = 10000
        let ra = simulate(a, paths: 512, seed: 5).outcomes, rb = simulate(b, paths: 512, seed: 5).outcomes
        let c = try Comparison(names: ["a", "b"], outcomes: [ra, rb], metrics: ["fiscal_cost", "depletion.year1", "raroc.mean"], stepMonths: 1)
        #expect(c.rows.map(\.metric.description) == ["fiscal_cost.mean", "depletion.year1", "raroc.mean"])
        func share(_ o: [PathOutcome]) -> Double { Double(o.filter { $0.depletionStep >= 0 && $0.depletionStep <= 11 }.count) / Double(o.count) }
        let year1 = c.rows[1]
        #expect(year1.perScenario[0].mean == share(ra) && year1.perScenario[1].mean == share(rb))
        #expect(abs(year1.differences[0].mean - (share(rb) - share(ra))) < 1e-12)
        #expect(share(rb) > share(ra), "a third of the capital runs dry sooner")
        let fiscal = c.rows[0].perScenario.map(\.mean)
        #expect(abs(fiscal[0] - ra.map(\.fiscalCost).reduce(0, +) / 512) < 1e-9 * max(1, abs(fiscal[0])))
        #expect(year1.metric.label.en == "P(pool depleted by the end of year 1)" && c.rows[0].metric.label.zh == "财政成本")
        for bad in ["pool_paid.q99", "gross_loss.es99"] {
            #expect(throws: MetricSelectorError.self) { try Comparison(names: ["a", "b"], outcomes: [ra, rb], metrics: [bad], stepMonths: 1) }
        }
        #expect(Comparison.metrics.contains("fiscal_cost") && Comparison.metrics.contains("distinct_firms_financed"))
    }

    /// A probability no path (or every path) hit is shown with its exact 95% interval from the paths, not
    /// "± 0.00%"; under importance weights (paths 0) and for other units, as before.
    @Test func aProbabilityNoPathHitShowsItsExactInterval() throws {
        let depletion = try ComparedFigure("depletion", stepMonths: 1), loss = try ComparedFigure("gross_loss", stepMonths: 1)
        #expect(StudyWriters.estimateCell(0, 0, depletion, paths: 300) == "0.00% (95%: 0.00%–1.22%)")
        #expect(StudyWriters.estimateCell(1, 0, depletion, paths: 300) == "100.00% (95%: 98.78%–100.00%)")
        #expect(StudyWriters.estimateCell(0, 0, depletion, paths: 0) == "0.00% ± 0.00%")
        #expect(StudyWriters.estimateCell(0, 0, loss, paths: 300) == "0.0 ± 0.0")
    }

    /// Every path starts its streams afresh (from the seed, the path and the purpose), so a rule that
    /// changes how many numbers a path draws changes that path only: on the paths where neither the
    /// baseline's 5% breaker nor the 3% one ever acts, the two scenarios' outcomes are identical, while
    /// with streams shared through a block of paths every path after the first one where a breaker
    /// acted drew from shifted streams. The paired differences of such a rule are then independent
    /// across paths: their adjacent-path correlation is within noise of zero, so the paired standard
    /// error is the error of the mean (with shared streams it was −0.02 on 40,000 paths, and the
    /// standard error overstated the spread of batch means by 20%).
    @Test func aPathsDrawsDoNotShiftTheNextPaths() throws {
        let base = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario
        let breaker = try ScenarioLoader.load(path: scenariosDirectory + "/policy-breaker-3pct.yaml").scenario
        let a = simulate(base, paths: 768, seed: 12).outcomes, b = simulate(breaker, paths: 768, seed: 12).outcomes
        let untouched = a.indices.filter { a[$0].breakerTrips == 0 && b[$0].breakerTrips == 0 }
        let acted = a.indices.filter { b[$0].breakerTrips > 0 }
        #expect(untouched.count > 100 && acted.count > 100, "\(untouched.count) untouched, \(acted.count) acted on")
        #expect(untouched.allSatisfy { a[$0] == b[$0] })
        // Some untouched path comes right after one where a breaker acted (the case shared streams got wrong).
        #expect(untouched.contains { $0 > 0 && $0 % Simulation.blockSize != 0 && b[$0 - 1].breakerTrips > 0 })
        let d = zip(b, a).map { $0.fiscalCost - $1.fiscalCost }
        let lagged = zip(d.dropLast(), d.dropFirst())
        let m = mean(d)
        let c1 = lagged.reduce(0.0) { $0 + ($1.0 - m) * ($1.1 - m) } / d.reduce(0.0) { $0 + ($1 - m) * ($1 - m) }
        #expect(abs(c1) < 4 / Double(d.count).squareRoot(), "lag-1 correlation \(c1)")
    }

    /// A ratio row `A/B` is the ratio of the two means in each scenario, and its paired difference is
    /// the difference of those ratios, with the standard error of the per-path differences of their
    /// linearised values (`RatioOfMeans`). The payout rule moves fiscal cost per firm and not firms, so
    /// the paired interval is far narrower than independent runs'. Like over like is a `ratio`; a
    /// probability, a quantile or a third term is refused; a ratio some scenario does not define (no
    /// linkage, so nothing invested) is left out with the reason.
    @Test func ratioRowsArePairedRatiosOfMeans() throws {
        let a = try scenario(smallBook)
        var b = a
        b.programme.creditRatio = 0.6
        let ra = simulate(a, paths: 512, seed: 6).outcomes, rb = simulate(b, paths: 512, seed: 6).outcomes
        let c = try Comparison(names: ["80%", "60%"], outcomes: [ra, rb],
                               metrics: ["fiscal_cost/distinct_firms_financed", "defaults/firms_financed", "pool_paid/linkage_invested"], stepMonths: 1)
        #expect(c.rows.map(\.metric.description) == ["fiscal_cost/distinct_firms_financed", "defaults/firms_financed"])
        #expect(c.omitted.map(\.metric) == ["pool_paid/linkage_invested"] && c.omitted[0].reason.contains("[0] 80%"))
        let row = c.rows[0]
        #expect(row.metric.unit == "万元/firm" && row.metric.label.en == "Fiscal cost per distinct firm financed")
        #expect(c.rows[1].metric.unit == "ratio")
        let firms = try MetricSelector("distinct_firms_financed", stepMonths: 1)
        func ratio(_ o: [PathOutcome]) -> Double { mean(o.map(\.fiscalCost)) / mean(o.map(firms.value)) }
        #expect(close(row.perScenario[0].mean, ratio(ra), 1e-12 * ratio(ra)) && close(row.perScenario[1].mean, ratio(rb), 1e-12 * ratio(rb)))
        let d = row.differences[0]
        #expect(d.mean == row.perScenario[1].mean - row.perScenario[0].mean && d.mean < 0, "a lower ratio costs less per firm")
        let (_, psiA) = try #require(RatioOfMeans.linearised(numerator: ra.map(\.fiscalCost), denominator: ra.map(firms.value), weights: nil))
        let (_, psiB) = try #require(RatioOfMeans.linearised(numerator: rb.map(\.fiscalCost), denominator: rb.map(firms.value), weights: nil))
        #expect(d.se == RatioOfMeans.standardError(zip(psiB, psiA).map { $0 - $1 }))
        #expect(d.se > 0 && d.se < d.seIndependent / 3, "paired \(d.se), independent \(d.seIndependent)")
        #expect(row.perScenario[0].se == RatioOfMeans(numerator: ra.map(\.fiscalCost), denominator: ra.map(firms.value))?.se)
        for bad in ["depletion/defaults", "pool_paid/depletion.year1", "pool_paid.q99/defaults", "pool_paid/defaults/loans_originated",
                    "/defaults", "pool_paid/"] {
            #expect(throws: MetricSelectorError.self, "\(bad)") { try Comparison(names: ["a", "b"], outcomes: [ra, rb], metrics: [bad], stepMonths: 1) }
        }
    }
}

@Suite struct SweepAndOverrideTests {
    /// Sweep points are exactly the runs of the scenario with the value written into the file.
    @Test func sweepPointsMatchIndividualRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let base = """
            name: sweep
            horizon_months: 12
            cohorts:
              - {name: a, firms: 1000, pd: 0.05, rho: 0.1, loan_size: {median: 100, sigma: 0.5}, term_months: 12}
            programme: {compensation: {credit: 0.8}}
            pool: {initial: 2000}
            """
        try base.write(toFile: dir + "/base.yaml", atomically: true, encoding: .utf8)
        let grid = try SweepGrid(["programme.compensation.credit=0.5,0.9", "pool.initial=1000,3000"])
        #expect(grid.points.count == 4)
        #expect(grid.points[1].map(\.value) == ["0.5", "3000"])
        for point in grid.points {
            let swept = try ScenarioLoader.load(path: dir + "/base.yaml", overrides: point).scenario
            let edited = base.replacingOccurrences(of: "credit: 0.8", with: "credit: \(point[0].value)")
                .replacingOccurrences(of: "initial: 2000", with: "initial: \(point[1].value)")
            let direct = try scenario(edited)
            #expect(swept == direct)
            #expect(simulate(swept, paths: 300, seed: 4).outcomes == simulate(direct, paths: 300, seed: 4).outcomes)
        }
    }

    @Test func overrideByCohortNameAndCreatedSections() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ovr-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try """
            name: o
            horizon_months: 12
            cohorts:
              - {name: first, firms: 10, pd: 0.05, rho: 0.1, loan_size: {median: 100, sigma: 0}}
              - {name: second, firms: 10, pd: 0.05, rho: 0.1, loan_size: {median: 100, sigma: 0}}
            pool: {initial: 100}
            """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: dir + "/s.yaml", overrides: [
            .init(keyPath: "cohorts[second].pd", value: "3%"), .init(keyPath: "breaker.threshold", value: "0.04"),
        ]).scenario
        #expect(s.cohorts[1].pd == 0.03 && s.cohorts[0].pd == 0.05)
        #expect(s.breaker?.threshold == 0.04)
        // A bad value set from the command line is reported against --set, not the file.
        #expect {
            try ScenarioLoader.load(path: dir + "/s.yaml", overrides: [.init(keyPath: "cohorts[0].pd", value: "2")])
        } throws: { error in
            (error as? ScenarioError)?.issues.first?.description.hasPrefix("--set cohorts[0].pd:1:1: cohorts[0].pd: value 2 is out of range") == true
        }
        #expect(throws: ScenarioError.self) {
            try ScenarioLoader.load(path: dir + "/s.yaml", overrides: [.init(keyPath: "cohorts[third].pd", value: "0.1")])
        }
    }

    /// A scenario in another folder may extend a shipped one: the base's own file names (its calibration
    /// include, its stress includes, factor path, loan tape and record) still name the base's files.
    @Test func extendsFromAnotherFolderKeepsTheBaseIncludes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ext-\(UUID())/sub").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let base = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario
        for (name, target) in [("absolute", scenariosDirectory + "/zhengkedai-baseline.yaml"),
                               ("relative", ScenarioLoader.relativePath(of: scenariosDirectory + "/zhengkedai-adverse-path.yaml", from: dir)),
                               ("stresses", ScenarioLoader.relativePath(of: scenariosDirectory + "/zhengkedai-downturn-2y.yaml", from: dir)),
                               ("record", ScenarioLoader.relativePath(of: scenariosDirectory + "/zhengzhou-backcast-2018-2025.yaml", from: dir)),
                               ("tape", ScenarioLoader.relativePath(of: scenariosDirectory + "/bank-tape-example.yaml", from: dir))] {
            try "name: \(name)\nextends: \(target)\n".write(toFile: dir + "/\(name).yaml", atomically: true, encoding: .utf8)
            let s = try ScenarioLoader.load(path: dir + "/\(name).yaml").scenario
            if name == "absolute" { #expect(s.calibration?.sha256 == base.calibration?.sha256 && s.calibration?.rhoDraws == base.calibration?.rhoDraws && s.cohorts == base.cohorts) }
            if name == "relative" { #expect(s.macro.path?.count == 60) }
            if name == "absolute" || name == "relative" {
                // The calibration file is named plainly (it was `…/sub/../../…`), as the base names it.
                #expect(s.calibration?.file == base.calibration?.file && s.calibration?.file.contains("/..") == false, "\(s.calibration?.file ?? "")")
            }
            if name == "stresses" { #expect(s.stresses.count == 2) }
            if name == "record" {
                let own = try ScenarioLoader.load(path: scenariosDirectory + "/zhengzhou-backcast-2018-2025.yaml").scenario
                #expect(!s.record.isEmpty && s.record == own.record)
            }
            if name == "tape" {
                let own = try ScenarioLoader.load(path: scenariosDirectory + "/bank-tape-example.yaml").scenario
                #expect(s.book != nil && s.book?.tape.sha256 == own.book?.tape.sha256 && s.book?.tape.loans == own.book?.tape.loans && s.book?.rules == own.book?.rules)
            }
        }
        #expect(ScenarioLoader.relativePath(of: "/a/b/c.yaml", from: "/a/d/e") == "../../b/c.yaml")
    }

    /// A problem is named in the file of the chain its key comes from, at that file's line: the base's
    /// 83-month horizon under the extending file's quarterly steps is the base's line 11; the extending
    /// file's own bad seed is its own line 4.
    @Test func problemsAreNamedInTheFileTheirKeyComesFrom() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("origin-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let base = scenariosDirectory + "/zhengzhou-backcast-2018-2025.yaml"
        let top = dir + "/top.yaml"
        try "extends: \(ScenarioLoader.relativePath(of: base, from: dir))\nname: top\nstep: quarter\nseed: -1\n"
            .write(toFile: top, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(path: top)
            Issue.record("a quarterly 83-month horizon was accepted")
        } catch let e as ScenarioError {
            let horizon = try #require(e.issues.first { $0.keyPath == "horizon_months" })
            let line = try String(contentsOfFile: base, encoding: .utf8).fileLines.firstIndex { $0.hasPrefix("horizon_months:") }! + 1
            #expect(horizon.file == (base as NSString).standardizingPath && horizon.line == line, "\(horizon)")
            let seed = try #require(e.issues.first { $0.keyPath == "seed" })
            #expect(seed.file == top && seed.line == 4, "\(seed)")
        }
        #expect(ScenarioLoader.keyPathPrefixes("pool.top_ups[2].month") == ["pool", "pool.top_ups", "pool.top_ups[2]", "pool.top_ups[2].month"])
    }

    /// `extends` merges over the base and the shipped policy files differ from the baseline only where
    /// they say; identical outcomes where the change cannot matter (gross loss under a ratio change).
    @Test func shippedPolicyAlternativesExtendTheBaseline() throws {
        let base = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario
        let ratio = try ScenarioLoader.load(path: scenariosDirectory + "/policy-ratio-60.yaml").scenario
        let pool = try ScenarioLoader.load(path: scenariosDirectory + "/policy-pool-doubled.yaml").scenario
        let breaker = try ScenarioLoader.load(path: scenariosDirectory + "/policy-breaker-3pct.yaml").scenario
        var expected = base
        expected.name = ratio.name
        expected.programme.creditRatio = 0.6
        // A renamed scenario carries its own labels for its name, not the base's for the old one.
        expected.labels[base.name] = nil
        expected.labels[ratio.name] = ratio.labels[ratio.name]
        #expect(ratio == expected)
        #expect(pool.pool.initialCapital == 20_000 && pool.cohorts == base.cohorts)
        #expect(breaker.breaker == BreakerSpec(threshold: 0.03, windowMonths: 12, minSuspensionMonths: 12))
        let downturn = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-downturn-2y.yaml").scenario
        #expect(downturn.stresses.count == 2 && downturn.stresses[0].macroShift == -1 && downturn.stresses[1].collateralHaircut == 0.15)
        let shock = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-shock-1y.yaml").scenario
        #expect(shock.stresses.first?.rhoMultiplier == 1.5)
        let adverse = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-adverse-path.yaml").scenario
        #expect(adverse.macro.path?.count == 60)
    }
}

@Suite struct OverlayTests {
    /// An external factor path replaces the simulated one: with Z fixed at −2 in a single annual step the
    /// loss fraction's mean is the conditional PD Φ((Φ⁻¹(q) + 2a)/√(1−a²)) exactly. Within 4 SE.
    @Test func externalFactorPathDrivesDefaults() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("path-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "step,z\n1,-2\n".write(toFile: dir + "/z.csv", atomically: true, encoding: .utf8)
        try """
            name: path
            horizon_months: 12
            step: year
            macro: {path_file: z.csv}
            cohorts:
              - {name: a, firms: 20000, pd: 0.03, rho: 0.15, loan_size: {median: 1, sigma: 0}, lgd: 1}
            pool: {initial: 1}
            """.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: dir + "/s.yaml").scenario
        let fractions = simulate(s, paths: 2000).outcomes.map { $0.defaults / 20_000 }
        let a = 0.15.squareRoot()
        let p = Normal.cdf((Normal.quantile(0.03) + 2 * a) / (1 - a * a).squareRoot())
        #expect(abs(mean(fractions) - p) < 4 * standardError(fractions), "\(mean(fractions)) vs \(p)")
        // And the spread is binomial only: no factor risk left.
        let sdBinomial = (p * (1 - p) / 20_000).squareRoot()
        #expect(abs(standardError(fractions) * 2000.0.squareRoot() / sdBinomial - 1) < 0.1)
    }

    @Test func badFactorPathIsLocated() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("badpath-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "step,z\n1,-2\n2,oops\n".write(toFile: dir + "/z.csv", atomically: true, encoding: .utf8)
        try "name: p\nhorizon_months: 3\nmacro: {path_file: z.csv}\ncohorts: [{name: a, firms: 1, pd: 0.1, rho: 0.1, loan_size: {median: 1}}]\npool: {initial: 1}\n"
            .write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        #expect {
            try ScenarioLoader.load(path: dir + "/s.yaml")
        } throws: { error in
            let text = (error as? ScenarioError)?.description ?? ""
            return text.contains("z.csv:3:1: macro.path_file: expected 'step,z', found '2,oops'") && text.contains("no value for step 2")
        }
    }

    /// A collateral haircut stress lowers recoveries of loans defaulting in its window: 30% collateral at
    /// a 40% + 20% haircut recovers 120 of 1,000, so the loss is (1000 − 120) × 0.5 = 440 a loan.
    @Test func collateralHaircutStress() throws {
        let s = try scenario("""
            name: haircut
            horizon_months: 2
            cohorts:
              - {name: a, firms: 10, pd: 0.5, rho: 0, loan_size: {median: 1000, sigma: 0}, lgd: 0.5, term_months: 12,
                 collateral: {share: 0.3, haircut: 0.4, lag_months: 6}}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000, collateral_haircut: 0.2}]
            programme: {claim_lag_months: 0}
            pool: {initial: 1e9}
            """)
        for o in simulate(s, paths: 3).outcomes { #expect(o.defaults == 10 && close(o.grossLoss, 4400)) }
    }

    /// Raising correlation widens the loss distribution but keeps its mean (4 SE bands).
    @Test func correlationStressWidensTheDistribution() throws {
        let yaml = """
            name: rho
            horizon_months: 12
            step: year
            cohorts:
              - {name: a, firms: 20000, pd: 0.05, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1}
            pool: {initial: 1}
            """
        let calm = try scenario(yaml)
        let stressed = try scenario(yaml + "\nstresses: [{from_month: 1, to_month: 12, rho_multiplier: 3}]")
        let x = simulate(calm, paths: 4000).outcomes.map(\.defaults), y = simulate(stressed, paths: 4000).outcomes.map(\.defaults)
        #expect(abs(mean(x) - mean(y)) < 4 * (pow(standardError(x), 2) + pow(standardError(y), 2)).squareRoot())
        // Vasicek variances: Φ₂(c, c; ρ) − p²; at ρ 0.3 the sd is well over 1.4× that at ρ 0.1.
        #expect(standardError(y) > 1.4 * standardError(x))
    }
}

@Suite struct ReverseStressTests {
    /// One annual step, unit exposures: E[loss fraction | shift δ] = Φ(Φ⁻¹(q) − a δ), so the smallest
    /// shift giving a mean loss fraction of x* is δ* = (Φ⁻¹(q) − Φ⁻¹(x*)) / a. The search recovers it
    /// within 4 of its reported standard errors plus the bisection tolerance.
    @Test(arguments: [0.06, 0.10])
    func recoversClosedFormThreshold(_ xStar: Double) async throws {
        let firms = 10_000
        let s = try scenario("""
            name: rs
            horizon_months: 12
            step: year
            cohorts:
              - {name: a, firms: \(firms), pd: 0.03, rho: 0.16, loan_size: {median: 1, sigma: 0}, lgd: 1}
            pool: {initial: 1}
            """)
        gslStartUp()
        let target = try ReverseStress.Target("gross_loss.mean>=\(xStar * Double(firms))", stepMonths: 1)
        let search = ReverseStress(base: s, shock: .macroShift, target: target, tolerance: 0.002)
        let r = try await search.run(paths: 2000, seed: 17, threads: 2)
        let exact = (Normal.quantile(0.03) - Normal.quantile(xStar)) / 0.4
        let found = try #require(r.shock)
        #expect(r.se > 0 && r.se < 0.2)
        #expect(abs(found - exact) < 4 * r.se + 0.002, "found \(found) ± \(r.se), exact \(exact)")
    }

    @Test func unreachableTargetSaysSo() async throws {
        let s = try scenario("""
            name: rs
            horizon_months: 12
            step: year
            cohorts:
              - {name: a, firms: 100, pd: 0.03, rho: 0.16, loan_size: {median: 1, sigma: 0}, lgd: 1}
            pool: {initial: 1}
            """)
        let search = ReverseStress(base: s, shock: .pdMultiplier, target: try .init("defaults.mean>=1000", for: s), limit: 2)
        let r = try await search.run(paths: 256, seed: 1, threads: 1)
        #expect(r.shock == nil)
    }
}

@Suite struct PrecisionTests {
    /// Running to a target standard error stops once it is met, and the result is exactly the plain
    /// run with that many paths.
    @Test func runsUntilTheStandardErrorIsMet() async throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml").scenario
        let m = CompiledScenario(s)
        gslStartUp()
        let metric = try MetricSelector("pool_paid", stepMonths: 1)
        let (r, se) = await Simulation.runToPrecision(m, seed: 5, threads: 2, metric: metric.value, target: 120,
                                                      minPaths: 256, maxPaths: 20_000)
        #expect(se <= 120)
        #expect(r.outcomes.count > 256 && r.outcomes.count < 20_000)
        #expect(abs(metric.estimate(r.outcomes).se - se) < 1e-9)
        let plain = await Simulation.run(m, paths: r.outcomes.count, seed: 5, threads: 1)
        #expect(plain.outcomes == r.outcomes)
        #expect(plain.series.values == r.series.values)
        // A ratio of means: run until the fiscal cost per firm's delta-method se is at most 0.06万.
        let perFirm = try ComparedFigure("fiscal_cost/distinct_firms_financed", stepMonths: 1)
        let (rr, rse) = await Simulation.runToPrecision(m, seed: 5, threads: 2, standardError: { perFirm.estimate($0)?.se ?? .infinity },
                                                        target: 0.06, minPaths: 256, maxPaths: 20_000)
        #expect(rse <= 0.06 && rr.outcomes.count > 256 && rr.outcomes.count < 20_000, "\(rse) with \(rr.outcomes.count) paths")
        #expect(perFirm.estimate(rr.outcomes)?.se == rse)
    }
}

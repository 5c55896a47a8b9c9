import Foundation
import LoanSimFiles
import RiskModel
import Testing
@testable import LoanSim

/// The city's whole sci-tech book (`segments:`): its size against the published totals, its segments
/// adding up to the city's figures on every path, a segment alone giving its scheme's numbers, and the
/// loader refusing a bad segment at its place.
@Suite struct CityBookTests {
    static let file = scenariosDirectory + "/zhengzhou-city-book-2025.yaml"

    /// The live book at the start and the yearly lending match the published 2,500亿 and 1,600亿 within
    /// the data file's tolerance; the outside segment's loans are tens of thousands.
    @Test func matchesThePublishedTotals() async throws {
        let text = try String(contentsOfFile: scenariosDirectory + "/../data/zhengzhou-city-book.yaml", encoding: .utf8)
        let tolerance = try #require(text.firstMatch(of: /\ntolerance:\s*([0-9.]+)/).flatMap { Double($0.1) })
        let book = try #require(text.firstMatch(of: /live_book_2025:\s*\n\s*value:\s*([0-9.]+)/).flatMap { Double($0.1) })
        let lending = try #require(text.firstMatch(of: /lending_2024:\s*\n\s*value:\s*([0-9.]+)/).flatMap { Double($0.1) })
        let loaded = try ScenarioLoader.load(path: Self.file)
        let model = CompiledScenario(loaded.scenario)
        let start = BookBackstop(model)
        #expect(abs(start.liveBook / 1e4 - book) <= tolerance * book, "live book \(start.liveBook / 1e4)亿 vs \(book)亿")
        #expect(start.loans > 20_000, "tens of thousands of loans: \(start.loans)")
        #expect(start.backstopped > 0 && start.backstopped < 0.05 * start.liveBook, "the schemes are a small part of the book")
        let r = await Simulation.run(model, paths: 128, seed: 3, threads: 2)
        let perYear = r.outcomes.map(\.lendingVolume).reduce(0, +) / 128 / 5 / 1e4
        #expect(abs(perYear - lending) <= tolerance * lending, "lending \(perYear)亿 a year vs \(lending)亿")
    }

    /// On every path: each pool's payouts are the sum of its segments' cohorts' (each cohort is covered
    /// by one pool; the outside segment's draw nothing), and the cohorts add up to the payouts and the
    /// banks' net loss.
    @Test func segmentsAddUpOnEveryPath() throws {
        let loaded = try ScenarioLoader.load(path: Self.file)
        let model = CompiledScenario(loaded.scenario)
        let names = model.cohortParts
        #expect(names.contains("outside/large-tech") && names.contains("kejidai/small-credit"))
        gslStartUp()
        let r = Simulation.runSerial(model, paths: 96, seed: 8)
        let pools = model.poolNames
        func pool(of cohort: String) -> Int? {
            if cohort.hasPrefix("outside/") { return nil }
            if cohort.hasPrefix("ip-pledge/") { return pools.firstIndex(of: "ip-pledge") }
            if cohort.hasPrefix("kejidai/") { return pools.firstIndex(of: "kejidai") }
            return 0
        }
        var drew = 0
        for o in r.outcomes {
            let a = o.cohortAttribution
            for p in pools.indices {
                let sum = names.indices.filter { pool(of: names[$0]) == p }.reduce(0.0) { $0 + a.paid[$1] }
                #expect(close(sum, o.pools[p].paid), "\(pools[p]): \(sum) vs \(o.pools[p].paid)")
            }
            #expect(names.indices.filter { pool(of: names[$0]) == nil }.allSatisfy { a.paid[$0] == 0 }, "no pool pays for the outside segment")
            #expect(close(a.netLoss.reduce(0, +), o.bankNetLoss))
            if o.pools.filter({ $0.paid > 0 }).count == pools.count { drew += 1 }
        }
        #expect(drew > 0, "some path drew on every pool")
    }

    /// 郑科贷 alone: the city book with every other segment emptied gives, path for path, the 郑科贷
    /// pool's numbers of the baseline under the same rules (the city book's per-firm limit, no revenue
    /// limit, the baseline's large-firm stand-in emptied; its breaker, which in the city book reads and
    /// suspends 郑科贷's own cohorts only): segments share the macro factor and the posterior draw, and
    /// each cohort draws from its own streams, so adding them changes nothing else.
    @Test func aSegmentAloneGivesItsSchemesNumbers() throws {
        let rules: [ScenarioOverride] = [
            .init(keyPath: "programme.per_firm_limit", value: "10亿"),
            .init(keyPath: "programme.eligibility.max_revenue", value: "null"),
            .init(keyPath: "cohorts[large-tech].initial_borrowers", value: "0"), .init(keyPath: "cohorts[large-tech].demand_per_year", value: "0"),
        ]
        let baseline = try ScenarioLoader.load(path: scenariosDirectory + "/zhengkedai-baseline.yaml", overrides: rules).scenario
        var empty: [ScenarioOverride] = []
        for c in ["ip-pledge/ip-patent", "ip-pledge/ip-utility-insured", "kejidai/small-credit", "kejidai/mid-collateral", "kejidai/large-collateral",
                  "kejidai/big-collateral", "guaranteed/techsme-guaranteed", "outside/large-tech", "outside/sme-commercial"] {
            empty += [.init(keyPath: "cohorts[\(c)].initial_borrowers", value: "0"), .init(keyPath: "cohorts[\(c)].demand_per_year", value: "0")]
        }
        let alone = try ScenarioLoader.load(path: Self.file, overrides: empty).scenario
        gslStartUp()
        let a = Simulation.runSerial(CompiledScenario(baseline), paths: 128, seed: 21).outcomes
        let b = Simulation.runSerial(CompiledScenario(alone), paths: 128, seed: 21).outcomes
        #expect(a.map { $0.pools[0].paid } == b.map { $0.pools[0].paid })
        #expect(a.map { $0.pools[0].depletionStep } == b.map { $0.pools[0].depletionStep })
        #expect(a.map(\.defaults) == b.map(\.defaults) && a.map(\.grossLoss) == b.map(\.grossLoss))
        #expect(a.map(\.bankFirstSuspension) == b.map(\.bankFirstSuspension) && a.contains { $0.breakerTrips > 0 }, "the breaker acts alike")
        #expect(b.allSatisfy { $0.pools.dropFirst().allSatisfy { $0.paid == 0 } })
    }

    /// Each scheme keeps its rules: the 郑科贷 breaker reads 郑科贷's own cohorts (with the guaranteed
    /// loans its pool pays for), not the outside segment; 科技贷's per-bank-year cap comes with its reserve,
    /// and each scheme with a pool of its own brings its breaker on its own cohorts.
    @Test func eachSchemeKeepsItsRules() throws {
        let s = try ScenarioLoader.load(path: Self.file).scenario
        let henan = try ScenarioLoader.load(path: scenariosDirectory + "/henan-kejidai-2025.yaml").scenario
        let cap = try #require(henan.programme.perBankYearCap)
        #expect(s.programme.perBankYearCap == nil)
        #expect(s.pools.first { $0.name == "kejidai" }?.perBankYearCap == cap)
        #expect(s.pools.filter { $0.name != "kejidai" }.allSatisfy { $0.perBankYearCap == nil })
        try #require(s.breakers.count == 3)
        let book = s.breakers[0].cohorts
        #expect(Set(book) == ["hightech-credit", "hightech-collateral", "techsme-credit", "guaranteed/techsme-guaranteed"])
        #expect(s.breakerVariants.count > 1 && s.breakerVariants.allSatisfy { $0[0].cohorts == book }, "every reading of the breaker keeps its book")
        // Each scheme with a pool of its own brings its file's breaker, as the file states it, on its own
        // cohorts only, the same in every reading: the IP-pledge file's (郑科贷's rule, which it extends), 科技贷's.
        let ip = try ScenarioLoader.load(path: scenariosDirectory + "/zhengzhou-ip-pledge.yaml").scenario
        for (k, (file, segment)) in [(ip, "ip-pledge/"), (henan, "kejidai/")].enumerated() {
            var own = try #require(file.breakers.first)
            own.cohorts = s.cohorts.map(\.name).filter { $0.hasPrefix(segment) }
            #expect(s.breakers[k + 1] == own && s.breakerVariants.allSatisfy { $0[k + 1] == own }, "\(segment)")
        }
    }

    /// A bad segment is refused where it is written.
    @Test func badSegmentsAreRefusedAtTheirPlace() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("segments-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = scenariosDirectory + "/zhengkedai-baseline.yaml"
        for (line, expectKey, expectText) in [
            ("  - {name: x, from: \(base), take: [nope]}", "segments[0].take", "no cohort 'nope'"),
            ("  - {name: x, from: \(base), scale: -1}", "segments[0].scale", "not a scale"),
            ("  - {name: x, from: \(base), colour: red}", "segments[0].colour", "unknown key"),
            ("  - {name: x, from: \(base), pool: elsewhere}", "segments[0].pool", "no pool named"),
            ("  - {name: x, from: missing.yaml}", "segments[0].from", "cannot read"),
        ] {
            let file = dir + "/s.yaml"
            try "extends: \(base)\nsegments:\n\(line)\n".write(toFile: file, atomically: true, encoding: .utf8)
            do {
                _ = try ScenarioLoader.load(path: file)
                Issue.record("accepted: \(line)")
            } catch let e as ScenarioError {
                #expect(e.issues.contains { $0.file == file && $0.line == 3 && $0.keyPath == expectKey && $0.message.contains(expectText) }, "\(e.issues)")
            }
        }
        // A segment's own-pool breaker that cannot be narrowed to its cohorts: refused in its own file, at its line.
        let other = dir + "/other.yaml"
        try """
            name: other
            horizon_months: 12
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}]
            pool: {initial: 100}
            breaker: {threshold: 0.05, action: stop_compensation}
            """.write(toFile: other, atomically: true, encoding: .utf8)
        try "extends: \(base)\nsegments:\n  - {name: o, from: other.yaml, pool: own}\n".write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        #expect { _ = try ScenarioLoader.load(path: dir + "/s.yaml") } throws: { e in
            (e as? ScenarioError)?.issues.contains { $0.file.hasSuffix("other.yaml") && $0.line == 5 && $0.message.contains("cannot be narrowed") } ?? false
        }
        // With `pool: none` its breakers stay behind and the scenario loads.
        try "extends: \(base)\nsegments:\n  - {name: o, from: other.yaml, pool: none}\n".write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        #expect(try ScenarioLoader.load(path: dir + "/s.yaml").scenario.breakers.count == 1)
    }
}

import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// Parses scenario YAML written inline in a test.
func scenario(_ yaml: String) throws -> Scenario {
    try ScenarioLoader.parse(yaml: yaml, file: "test.yaml")
}

func simulate(_ s: Scenario, paths: Int, seed: UInt32 = 1) -> SimulationResult {
    gslStartUp()
    return Simulation.runSerial(CompiledScenario(s), paths: paths, seed: seed)
}

/// The repository's `scenarios/` folder.
let scenariosDirectory: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios").path
}()

func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
func standardError(_ xs: [Double]) -> Double {
    let m = mean(xs)
    return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1) / Double(xs.count)).squareRoot()
}

/// |a − b| ≤ tol × max(1, |a|, |b|).
func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool {
    abs(a - b) <= tol * max(1, abs(a), abs(b))
}

/// Two-sample Kolmogorov–Smirnov distance sup |F_a − G_b|, evaluated after every distinct value (ties
/// in both samples consumed together, so discrete laws are not penalised for their steps).
func twoSampleKS(_ a: [Double], _ b: [Double]) -> Double {
    let x = a.sorted(), y = b.sorted()
    var i = 0, j = 0, d = 0.0
    while i < x.count || j < y.count {
        let v = min(i < x.count ? x[i] : .infinity, j < y.count ? y[j] : .infinity)
        while i < x.count && x[i] == v { i += 1 }
        while j < y.count && y[j] == v { j += 1 }
        d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
    }
    return d
}

/// The two-sample KS critical distance at the 99.9% level: 1.95 √((n + m) / (n m)).
func ksCritical(_ n: Int, _ m: Int) -> Double { 1.95 * (Double(n + m) / Double(n * m)).squareRoot() }

/// The outcomes of `result` that pass `filter`; the test fails when none does, so that a check inside a
/// loop over them cannot pass by checking nothing.
func outcomes(_ result: SimulationResult, where filter: (PathOutcome) -> Bool,
              sourceLocation: SourceLocation = #_sourceLocation) throws -> [PathOutcome] {
    let picked = result.outcomes.filter(filter)
    try #require(!picked.isEmpty, "no path passed the filter", sourceLocation: sourceLocation)
    return picked
}

/// `load` is refused with an issue at `line` whose key path ends with `key` and whose allowed values
/// (or message) contain `allowed`.
func expectRefused(_ load: () throws -> Scenario, line: Int, key: String, allowed: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try load()
        Issue.record("accepted; expected a refusal at line \(line), \(key)", sourceLocation: sourceLocation)
    } catch let error as ScenarioError {
        let found = error.issues.contains { $0.line == line && $0.keyPath.hasSuffix(key) && ($0.allowed ?? $0.message).contains(allowed) }
        #expect(found, "\(error.issues)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(error)", sourceLocation: sourceLocation)
    }
}

import Foundation
import RiskModel
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

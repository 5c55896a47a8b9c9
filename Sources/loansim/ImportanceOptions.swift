import ArgumentParser
import LoanSim

/// `--importance` and `--importance-target`, shared by `run` and `compare`.
struct ImportanceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Importance sampling of the macro factor for tail figures: off, auto (the shift chosen by pilot runs "
                               + "for --importance-target), or a fixed shift size θ ≥ 0. Every statistic is then weighted.", valueName: "mode"))
    var importance = "off"

    @Option(help: ArgumentHelp("What --importance auto aims at: depletion (P(the pool is depleted)) or METRIC:qNNN, e.g. pool_paid:q999.",
                               valueName: "target"))
    var importanceTarget = "depletion"

    /// nil: off; otherwise a fixed θ (nil for auto) and the target.
    func parsed() throws -> (theta: Double?, target: ImportanceTarget)? {
        guard let target = ImportanceTarget(importanceTarget) else {
            throw ValidationError("--importance-target expects depletion or METRIC:qNNN with a metric of summary.json, e.g. pool_paid:q999 (got '\(importanceTarget)')")
        }
        switch importance {
        case "off": return nil
        case "auto": return (nil, target)
        default:
            guard let theta = Double(importance), theta.isFinite, theta >= 0, theta <= 10 else {
                throw ValidationError("--importance expects off, auto or a shift θ between 0 and 10 (got '\(importance)')")
            }
            return (theta, target)
        }
    }

    /// The design for `loaded` (nil when off): a fixed shift, or one chosen by pilot runs.
    func design(for loaded: LoadedScenario, file: String, seed: UInt32, threads: Int, quiet: Bool) async throws -> ImportanceDesign? {
        guard let (theta, target) = try parsed() else { return nil }
        guard loaded.scenario.macro.path == nil else {
            throw ValidationError("--importance shifts the macro factor's random draws; \(file) fixes the factor's path (macro.path_file), so there is nothing to shift")
        }
        if let theta { return ImportanceDesign(theta: theta, scenario: loaded.scenario, target: target) }
        note("choosing the importance shift for \(target): \(ImportanceSampling.rounds + 1) pilot runs of \(ImportanceSampling.pilotPaths) paths…",
             quiet: quiet)
        return await ImportanceSampling.chooseShift(loaded.scenario, target: target, seed: seed, threads: threads)
    }
}

import ArgumentParser
import Foundation
import LoanSim
import RiskModel

extension LoanSimCommand {
    struct Calibrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit cohort PDs and the asset correlation to a yearly default history (MLE, profile intervals, posterior).",
            discussion: """
            HISTORY.csv has the header year,cohort,loans,defaults (optional exposure_wan,loss_wan): loans exposed
            at the start of the year and the defaults among them in it (empty: not observed). A row whose year is
            a span (2018-2024) and whose loans are empty is a cumulative bound: >=k, <=k, lo..hi or k defaults.
            Writes calibration.json and calibrated.yaml into --out; prints a table.
            """)

        @Argument(help: "Yearly default history (CSV).")
        var history: String

        @Option(help: "Prior YAML: pd: {a, b}, rho: {a, b}, cohorts: {NAME: {pd: {a, b}}} (Beta laws). Default: PD ~ Beta(1,1), ρ ~ Beta(2.4,17.6).")
        var prior: String?

        @Option(help: "Output directory (default: out/calibration-<history file name>).")
        var out: String?

        @Option(name: .customLong("fix-rho"), help: "Hold ρ at this value (0 ≤ ρ < 1) instead of estimating it.")
        var fixRho: Double?

        @Option(help: "Posterior draws to keep (100…100000).")
        var draws = 4000

        @Option(help: "Seed of the posterior sampler.")
        var seed: UInt32 = 20_180_097

        @Option(name: .customLong("condition-on"), help: ArgumentHelp(
            "Also condition on the record's events that the counts do not hold (its breaker_trips and depleted checks), simulated with this backcast scenario.",
            valueName: "BACKCAST.yaml"))
        var conditionOn: String?

        @Option(name: .customLong("breaker-variants"), help: ArgumentHelp(
            "With --condition-on: readings of the breaker's rule to weigh against the record (Bayes factors).", valueName: "VARIANTS.yaml"))
        var breakerVariants: String?

        @Flag(name: .customLong("average-models"), help: "With --breaker-variants: a posterior over the breaker's readings (equal prior odds); each draw carries its reading, and a scenario drawing from it draws the reading per path.")
        var averageModels = false

        @Option(name: .customLong("condition-paths"), help: "With --condition-on: backcast paths per parameter value (100…100000).")
        var conditionPaths = 1000

        @Option(help: "With --condition-on: concurrent tasks for the backcast (the numbers do not depend on it).")
        var threads = ProcessInfo.processInfo.activeProcessorCount

        @Flag(help: "No notes on stderr.")
        var quiet = false

        func validate() throws {
            if let r = fixRho, !(r >= 0 && r < 1) { throw ValidationError("--fix-rho must be a number with 0 ≤ ρ < 1 (got \(r))") }
            if draws < 100 || draws > 100_000 { throw ValidationError("--draws must be between 100 and 100000") }
            if conditionPaths < 100 || conditionPaths > 100_000 { throw ValidationError("--condition-paths must be between 100 and 100000") }
            if threads < 1 || threads > 1024 { throw ValidationError("--threads must be between 1 and 1024") }
            if breakerVariants != nil && conditionOn == nil { throw ValidationError("--breaker-variants needs --condition-on BACKCAST.yaml") }
            if averageModels && breakerVariants == nil { throw ValidationError("--average-models needs --breaker-variants VARIANTS.yaml") }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let h = try History.load(path: history)
                let directory = out ?? "out/calibration-" + stem(history)
                try FolderClaim.claim(directory)
                let p = try prior.map { try CalibrationPrior.load(path: $0) } ?? .default
                try p.check(against: h)
                // The backcast and its variants are read (and refused) before the fit runs.
                let conditioning = try conditionOn.map {
                    try RecordConditioning(backcast: $0, variantsFile: breakerVariants, cohorts: h.cohorts,
                                           options: .init(pathsPerPoint: conditionPaths, threads: threads, averageModels: averageModels))
                }
                var result = Calibrator(history: h, prior: p, options: .init(fixedRho: fixRho, draws: draws, seed: seed))
                    .run(progress: CalibrationProgress(quiet: quiet).report)
                if let conditioning {
                    let started = Date()
                    let quiet = quiet
                    result.recordConditioned = try await conditioning.run(result) { stage, done, of in
                        guard !quiet, done == of else { return }
                        note(String(format: "calibrate: %@ %d/%d, %.0f s so far", stage, done, of, Date().timeIntervalSince(started)), quiet: false)
                    }
                }
                try AtomicFiles.write([("calibration.json", CalibrationFiles.json(result)),
                                       ("calibrated.yaml", try CalibrationFiles.fragment(result))], into: directory)
                print(CalibrationFiles.table(result), terminator: "")
                print("wrote \(directory)/calibration.json and \(directory)/calibrated.yaml")
            }
        }
    }
}

/// Progress of a long fit on stderr (unless `--quiet`): silent for the first 5 seconds, then a line at
/// each stage and every 10% of the profile intervals, with the time so far (the work grows with the
/// cube of the cohorts: docs/calibration.md).
struct CalibrationProgress: Sendable {
    let quiet: Bool
    static let after = 5.0

    var report: @Sendable (Calibrator.Progress) -> Void {
        let quiet = quiet
        return { p in
            guard !quiet, p.elapsed >= Self.after else { return }
            let tenth = max(1, p.of / 10)
            guard p.of <= 1 || p.done == 0 || p.done % tenth == 0 || p.done == p.of else { return }
            var line = String(format: "calibrate: %@", p.stage)
            if p.of > 1 { line += " \(p.done)/\(p.of)" }
            line += String(format: ", %.0f s so far", p.elapsed)
            note(line, quiet: false)
        }
    }
}

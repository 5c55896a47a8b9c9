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

        @Flag(help: "No notes on stderr.")
        var quiet = false

        func validate() throws {
            if let r = fixRho, !(r >= 0 && r < 1) { throw ValidationError("--fix-rho must be a number with 0 ≤ ρ < 1 (got \(r))") }
            if draws < 100 || draws > 100_000 { throw ValidationError("--draws must be between 100 and 100000") }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let h = try History.load(path: history)
                let directory = out ?? "out/calibration-" + stem(history)
                try FolderClaim.claim(directory)
                let p = try prior.map { try CalibrationPrior.load(path: $0) } ?? .default
                try p.check(against: h)
                let result = Calibrator(history: h, prior: p, options: .init(fixedRho: fixRho, draws: draws, seed: seed)).run()
                try AtomicFiles.write([("calibration.json", CalibrationFiles.json(result)),
                                       ("calibrated.yaml", try CalibrationFiles.fragment(result))], into: directory)
                print(CalibrationFiles.table(result), terminator: "")
                print("wrote \(directory)/calibration.json and \(directory)/calibrated.yaml")
            }
        }
    }
}

import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

func stem(_ path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }

func note(_ text: String, quiet: Bool) {
    guard !quiet else { return }
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Maps scenario errors to exit 65 with every problem on stderr; output and file system failures to
/// 73–75 with the path and the reason; anything else unexpected to exit 1.
func withExitCodes(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        // A command that fails leaves no folder it created behind (FolderClaim).
        FolderClaim.abandonAll()
        try exitCode(for: error)
    }
}

/// The exit code and the message on stderr for a command's failure.
private func exitCode(for error: Error) throws -> Never {
    do {
        throw error
    } catch let error as ScenarioError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(65)
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch let error as OutputError {
        FileHandle.standardError.write(Data("loansim: error: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch let error as MetricSelectorError {
        throw ValidationError(error.description)
    } catch {
        if let failure = FileError.describe(error) {
            FileHandle.standardError.write(Data("loansim: error: \(failure.description)\n".utf8))
            throw ExitCode(failure.exitCode)
        }
        FileHandle.standardError.write(Data("loansim: error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Progress on stderr. On a terminal: percentage, paths per second and the time left, then a note
/// while the results are summarised. Whether or not stderr is a terminal (unless `--quiet`): once the
/// first second of work gives a rate, a run that will take longer than `announceAfter` seconds says how
/// long, so a large `--paths` or `--max-paths` does not start in silence. When stderr is not a terminal
/// (a log, CI), a run past its first `quietFor` seconds prints a line at every 10% and a note when it
/// goes on to write its files; shorter runs stay silent.
final class Progress: @unchecked Sendable {
    let total: Int
    let terminal: Bool
    let quiet: Bool
    let unit: String
    static let announceAfter = 20.0
    static let quietFor = 2.0
    private let start = Date()
    private var decile = 0
    private var last = Date.distantPast
    private var announced = false
    private let lock = NSLock()

    init(total: Int, quiet: Bool, unit: String = "paths") {
        self.total = total
        self.quiet = quiet
        terminal = !quiet && isatty(2) != 0
        self.unit = unit
    }

    /// Seconds as "45 s", "3.2 min" or "1.5 h".
    static func duration(_ seconds: Double) -> String {
        if seconds < 90 { return String(format: "%.0f s", seconds) }
        if seconds < 5400 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }

    func update(_ done: Int) {
        guard !quiet, done > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-9)
        let left = Double(total - done) / rate
        if !announced && elapsed >= 1 && done < total {
            announced = true
            if elapsed + left > Self.announceAfter {
                let line = "loansim: \(total) \(unit) at about \(Int(rate.rounded())) \(unit)/s: about \(Self.duration(elapsed + left)) in all "
                    + "(measured on the first \(done)); Ctrl-C stops it and writes nothing\n"
                FileHandle.standardError.write(Data(((terminal ? "\r\u{1B}[K" : "") + line).utf8))
            }
        }
        if !terminal {
            let reached = 10 * done / max(total, 1)
            guard reached > decile else { return }
            decile = reached
            guard elapsed >= Self.quietFor else { return }
            FileHandle.standardError.write(Data(String(format: "loansim: %3d%%  %d / %d %@  %.0f %@/s  %@ left\n", 10 * reached, done, total,
                                                       unit, rate, unit, Self.duration(left)).utf8))
            return
        }
        guard now.timeIntervalSince(last) > 0.2 || done == total else { return }
        last = now
        let filled = min(20, 20 * done / max(total, 1))
        let bar = "[" + String(repeating: "█", count: filled) + String(repeating: "·", count: 20 - filled) + "]"
        let line = String(format: "\r  %@ %3.0f%%  %d / %d %@  %.0f %@/s  %@ left\u{1B}[K", bar, 100 * Double(done) / Double(total), done, total,
                          unit, rate, unit, Self.duration(left))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish(next: String? = "summarising and writing the results…") {
        guard !quiet else { return }
        guard terminal else {
            if let next, Date().timeIntervalSince(start) >= Self.quietFor { FileHandle.standardError.write(Data("loansim: \(next)\n".utf8)) }
            return
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + (next.map { "  \($0)\r" } ?? "")).utf8))
    }

    /// Clears the line left by `finish`.
    func done() {
        guard terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Peak resident memory of this process (VmHWM from /proc/self/status), in MB.
enum PeakMemory {
    static func megabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
            return kb / 1024
        }
        return .nan
    }
}

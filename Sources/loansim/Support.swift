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

/// Maps scenario errors to exit 65 with every problem on stderr; anything else unexpected to exit 1.
func withExitCodes(_ body: () async throws -> Void) async throws {
    do {
        try await body()
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
        FileHandle.standardError.write(Data("loansim: error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Throttled progress on stderr (only when it is a terminal).
final class Progress: @unchecked Sendable {
    let total: Int
    let enabled: Bool
    private var last = Date.distantPast
    private let lock = NSLock()

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 || done == total else { return }
        last = now
        let line = String(format: "\r  %3.0f%%  %d / %d paths", 100 * Double(done) / Double(total), done, total)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
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

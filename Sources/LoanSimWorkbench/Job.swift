import Foundation
import LoanSim

/// One what-if's run, as the page polls it: queued, running (paths done and the paired change in
/// P(dry) so far, with its standard error shrinking), done (the comparison's rows), cancelled or failed.
public final class Job: @unchecked Sendable {
    public enum State: String, Codable, Sendable { case queued, running, done, cancelled, failed }

    public let id: String
    public let scenario: Int
    public let whatIf: WhatIf
    /// The job's own folder: `whatif.yaml`, `compare.json`, `compare.csv`, `scenario-0/`, `scenario-1/`.
    public let folder: String
    let lock = NSLock()
    var loaded: LoadedScenario?
    private var status: JobStatus
    /// Bumped on every change of `status`, so a poll can wait for the next one (`wait(after:)`).
    private var version = 0

    init(id: String, scenario: Int, whatIf: WhatIf, folder: String, paths: Int) {
        (self.id, self.scenario, self.whatIf, self.folder) = (id, scenario, whatIf, folder)
        status = JobStatus(id: id, state: .queued, done: 0, total: paths, change: nil, se: nil, answer: nil, error: nil)
    }

    public var snapshot: JobStatus { lock.withLock { status } }

    /// The status once it has changed since `seen` (its `version`), or after `timeout` seconds: a long
    /// poll, so a page asks once per block instead of on a timer.
    public func wait(after seen: Int, timeout: Double = 2) async -> JobStatus {
        let until = Date().addingTimeInterval(timeout)
        while Date() < until {
            let (v, finished) = lock.withLock { (version, [.done, .cancelled, .failed].contains(status.state)) }
            if v > seen || finished { break }
            do { try await Task.sleep(nanoseconds: 40_000_000) } catch { break }   // the request went away
        }
        return snapshot
    }
    public var isFinished: Bool { lock.withLock { [.done, .cancelled, .failed].contains(status.state) } }
    var isCancelled: Bool { lock.withLock { status.state == .cancelled } }

    /// Stops a queued or running what-if (it finishes its blocks in flight and writes nothing).
    func cancel() { lock.withLock {
            version += 1; status.version = version; if status.state == .queued || status.state == .running { status.state = .cancelled } } }
    func started(total: Int) { lock.withLock {
            version += 1; status.version = version; if status.state == .queued { status.state = .running; status.total = total } } }
    func progress(done: Int, change: Double, se: Double) {
        lock.withLock {
            version += 1; status.version = version;
            status.done = done
            status.change = change.isFinite ? change : nil
            status.se = se.isFinite ? se : nil
        }
    }
    func finish(_ answer: WhatIfAnswer) {
        lock.withLock {
            version += 1; status.version = version;
            status.state = .done
            status.answer = answer
            status.change = answer.headline?.change
            status.se = answer.headline?.se
        }
    }
    func finishCancelled() { lock.withLock {
            version += 1; status.version = version; status.state = .cancelled } }
    func fail(_ error: Error) {
        lock.withLock {
            version += 1; status.version = version;
            status.state = .failed
            status.error = "\(error)"
        }
    }
}

/// What `GET /api/job/ID` answers.
public struct JobStatus: Codable, Sendable {
    public var id: String
    public var version: Int = 0
    public var state: Job.State
    public var done: Int
    public var total: Int
    /// The paired change in P(dry within the horizon) so far (what-if − base), and its standard error.
    public var change: Double?
    public var se: Double?
    public var answer: WhatIfAnswer?
    public var error: String?
}

/// A finished what-if: every compared figure's base and what-if means and the paired change with its
/// 95% interval, exactly as `compare.json` holds them; the headline is P(dry within the horizon).
public struct WhatIfAnswer: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var metric: String
        public var base: Double
        public var whatIf: Double
        public var change: Double
        public var se: Double
        public var low: Double
        public var high: Double
    }
    public var rows: [Row]
    public var headline: Row? { rows.first { $0.metric == "depletion.probability" } }

    init(_ c: Comparison) {
        rows = c.rows.compactMap { r in
            guard let d = r.differences.first, r.perScenario.count == 2 else { return nil }
            return Row(metric: r.metric.description, base: r.perScenario[0].mean, whatIf: r.perScenario[1].mean, change: d.mean, se: d.se, low: d.low, high: d.high)
        }
    }
}

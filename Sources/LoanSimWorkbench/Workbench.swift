import Foundation
import LoanSim
import LoanSimReport
import RiskModel

/// The what-if workbench behind `loansim-serve`: the scenarios it was started with, each base run once
/// on its seed and paths and kept, and the what-ifs, each a scenario file (`WhatIf`) run on common random
/// numbers against its base in a folder of its own under `outDirectory` — the folder `loansim compare
/// BASE WHATIF` would write. At most `maxRunning` what-ifs run at once and `maxQueued` wait; beyond that
/// a what-if is refused as busy. A what-if superseded by the next one stops before its next block.
public final class Workbench: @unchecked Sendable {
    public struct Options: Sendable {
        public var paths: Int?
        public var seed: UInt32?
        public var threads: Int
        public var outDirectory: String
        public var maxRunning: Int
        public var maxQueued: Int
        public init(paths: Int? = nil, seed: UInt32? = nil, threads: Int = 2, outDirectory: String = "out/serve", maxRunning: Int = 2, maxQueued: Int = 4) {
            (self.paths, self.seed, self.threads, self.outDirectory, self.maxRunning, self.maxQueued) = (paths, seed, threads, outDirectory, maxRunning, maxQueued)
        }
    }

    public let scenarios: [LoadedScenario]
    public let options: Options
    private let lock = NSLock()
    private var bases: [Int: Task<BaseRun, Never>] = [:]
    private var jobs: [String: Job] = [:]
    private var order: [String] = []
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var counter = 0

    /// Loads every scenario (a bad one is refused here, before the server starts).
    public init(scenarioFiles: [String], options: Options) throws {
        gslStartUp()
        scenarios = try scenarioFiles.map { try ScenarioLoader.load(path: $0) }
        self.options = options
        try FileManager.default.createDirectory(atPath: options.outDirectory, withIntermediateDirectories: true)
    }

    public func paths(_ k: Int) -> Int { options.paths ?? scenarios[k].scenario.paths }
    public func seed(_ k: Int) -> UInt32 { options.seed ?? scenarios[k].scenario.seed }

    public func levers(_ k: Int, lang: ReportLanguage) throws -> [Lever] {
        try LeverCatalogue.levers(path: scenarios[k].file, scenario: scenarios[k].scenario, lang: lang)
    }

    /// A base's run, once per scenario.
    struct BaseRun: Sendable {
        let model: CompiledScenario
        let result: SimulationResult
    }

    func base(_ k: Int) async -> BaseRun {
        let task: Task<BaseRun, Never> = lock.withLock {
            if let t = bases[k] { return t }
            let loaded = scenarios[k], paths = paths(k), seed = seed(k), threads = options.threads
            let t = Task { () -> BaseRun in
                let model = CompiledScenario(loaded.scenario)
                return BaseRun(model: model, result: await Simulation.run(model, paths: paths, seed: seed, threads: threads))
            }
            bases[k] = t
            return t
        }
        return await task.value
    }

    /// Starts a what-if on scenario `k` with `set` (lever key → value text): validated at once (a bad
    /// lever, value or resulting scenario throws `WhatIfError` with the loader's message), then run in
    /// the background; `supersedes` names a job to stop. Returns the job.
    public func submit(scenario k: Int, set: [String: String], lang: ReportLanguage, supersedes: String?) throws -> Job {
        guard scenarios.indices.contains(k) else { throw WhatIfError(text: "no scenario \(k): the workbench has \(scenarios.count) (0…\(scenarios.count - 1))") }
        let levers = try levers(k, lang: lang)
        let whatIf = try WhatIf(base: scenarios[k].file, set: set, levers: levers)
        let job: Job = try lock.withLock {
            if let s = supersedes { jobs[s]?.cancel() }
            let active = jobs.values.filter { !$0.isFinished }.count
            guard active < options.maxRunning + options.maxQueued else {
                throw BusyError(text: "busy: \(active) what-ifs are running or waiting (at most \(options.maxRunning) run and \(options.maxQueued) wait); try again when one finishes")
            }
            counter += 1
            let id = String(format: "w%05d", counter)
            let folder = options.outDirectory + "/" + id
            let j = Job(id: id, scenario: k, whatIf: whatIf, folder: folder, paths: paths(k))
            jobs[id] = j
            order.append(id)
            pruneFinished()
            return j
        }
        do {
            try FileManager.default.createDirectory(atPath: job.folder, withIntermediateDirectories: true)
            let text = whatIf.yaml(savedIn: job.folder, baseName: scenarios[k].scenario.name, horizonMonths: scenarios[k].scenario.horizonMonths)
            try AtomicFiles.write([("whatif.yaml", text)], into: job.folder)
            job.loaded = try ScenarioLoader.load(path: job.folder + "/whatif.yaml")
        } catch {
            // A refused what-if leaves nothing behind: no folder, no job.
            job.fail(error)
            lock.withLock {
                jobs[job.id] = nil
                order.removeAll { $0 == job.id }
            }
            do { try FileManager.default.removeItem(atPath: job.folder) } catch { /* nothing was written */ }
            throw WhatIfError(text: "\(error)")
        }
        Task.detached { await self.run(job) }
        return job
    }

    public func job(_ id: String) -> Job? { lock.withLock { jobs[id] } }

    /// The most what-ifs kept (in memory and on disk): older finished ones are forgotten and their
    /// folders removed, so a day in the meeting room does not fill the disk or the memory.
    public static let kept = 64

    /// Forgets the oldest finished what-ifs beyond `kept` (called with the lock held).
    private func pruneFinished() {
        while order.count > Self.kept, let i = order.firstIndex(where: { jobs[$0]?.isFinished ?? true }) {
            let id = order.remove(at: i)
            if let j = jobs.removeValue(forKey: id) {
                do { try FileManager.default.removeItem(atPath: j.folder) } catch { /* already gone */ }
            }
        }
    }

    /// Runs `job` when a running slot is free: the what-if's paths block by block (the paired change in
    /// P(dry) so far after each), then the comparison folder.
    func run(_ job: Job) async {
        await acquire()
        defer { release() }
        guard !job.isCancelled, let loaded = job.loaded else { return job.finishCancelled() }
        let k = job.scenario
        let base = await self.base(k)
        let model = CompiledScenario(loaded.scenario)
        job.started(total: paths(k))
        let baseDry = base.result.outcomes.map { $0.depletionStep >= 0 ? 1.0 : 0.0 }
        var sum = 0.0, sumSq = 0.0, n = 0.0
        let result = await Simulation.runWatched(model, paths: paths(k), seed: seed(k), threads: options.threads) { first, outcomes, done in
            for (i, o) in outcomes.enumerated() {
                let d = (o.depletionStep >= 0 ? 1.0 : 0.0) - baseDry[first + i]
                sum += d
                sumSq += d * d
                n += 1
            }
            let mean = sum / n
            let se = n > 1 ? (max(0, sumSq / n - mean * mean) * n / (n - 1) / n).squareRoot() : .nan
            job.progress(done: done, change: mean, se: se)
            return !job.isCancelled
        }
        guard let result else { return job.finishCancelled() }
        do {
            let c = try CompareFolder.write(loaded: [scenarios[k], loaded], models: [base.model, model], results: [base.result, result],
                                            paths: paths(k), seed: seed(k), metrics: Comparison.metrics, into: job.folder)
            job.finish(WhatIfAnswer(c))
            job.loaded = nil
        } catch {
            job.fail(error)
        }
    }

    private func acquire() async {
        let mustWait: Bool = lock.withLock {
            if running < options.maxRunning { running += 1; return false }
            return true
        }
        guard mustWait else { return }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow: Bool = lock.withLock {
                if running < options.maxRunning { running += 1; return true }
                waiting.append(c)
                return false
            }
            if resumeNow { c.resume() }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if waiting.isEmpty { running -= 1; return nil }
            return waiting.removeFirst()   // the slot passes on
        }
        next?.resume()
    }
}

/// More what-ifs than the workbench takes at once (an HTTP 503).
public struct BusyError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public var description: String { text }
}

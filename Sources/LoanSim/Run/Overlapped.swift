import Foundation

/// A value computed on a thread of its own while the caller goes on with other work; `value` waits for
/// it. Used where a run's outputs have independent parts (paths.csv beside the statistics).
final class Overlapped<T>: @unchecked Sendable {
    private var result: T?
    private let done = DispatchSemaphore(value: 0)
    private var work: (() -> T)?

    init(_ work: @escaping () -> T) {
        self.work = work
        let thread = Thread { [self] in
            result = self.work!()
            self.work = nil
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The value, once computed (waits the first time; read it once).
    var value: T {
        done.wait()
        done.signal()
        return result!
    }
}

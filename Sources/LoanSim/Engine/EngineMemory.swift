/// The memory of one path engine's state: fixed-size buffers (counts, amounts, flags, small structs of
/// them, the pool ledgers), allocated when the engine is made and freed with it.
///
/// Why not arrays: a step reads and writes this state a few hundred times, and writing an array
/// element through a struct's property costs a uniqueness check (copy on write) and a bounds check
/// each time. A buffer's element is one load or store. Its bounds are checked in debug builds (the
/// tests run them), not in release builds.
///
/// The rules that keep this safe: an engine's components take their buffers from the engine's
/// `EngineMemory` and never hand them out; an engine is made once per block of paths
/// (`Simulation.runBlock`) and cannot be copied (`PathEngine` is `~Copyable`), so no two threads share
/// a buffer.
final class EngineMemory {
    /// Each buffer's release: its values deinitialised (a no-op for plain values), then its memory freed.
    private var releases: [() -> Void] = []

    init() {}

    /// `count` elements, each `value`.
    func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
        let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(0, count))
        b.initialize(repeating: value)
        return owned(b)
    }

    /// A buffer holding `values`. Its elements are read and written in place, never copied out, so
    /// reading a field of one that holds arrays (a pool's claim queue) costs no reference counting.
    func buffer<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
        let b = UnsafeMutableBufferPointer<T>.allocate(capacity: values.count)
        _ = b.initialize(from: values)
        return owned(b)
    }

    private func owned<T>(_ b: UnsafeMutableBufferPointer<T>) -> UnsafeMutableBufferPointer<T> {
        releases.append {
            b.deinitialize()
            b.deallocate()
        }
        return b
    }

    deinit { for release in releases { release() } }
}

extension UnsafeMutableBufferPointer {
    /// Every element set to `value`.
    func fill(_ value: Element) { update(repeating: value) }
}

/// The memory of one path engine's state: fixed-size buffers, mostly of plain values (counts, amounts,
/// flags, small structs of them), allocated when the engine is made and freed with it.
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
    private var allocations: [UnsafeMutableRawPointer] = []
    /// Buffers of values that hold references (a pool's claim queue): deinitialised, then freed.
    private var deinitialisers: [() -> Void] = []

    init() {}

    /// `count` elements, each `value`. Plain values only: nothing is deinitialised when freed.
    func buffer<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
        precondition(_isPOD(T.self), "EngineMemory.buffer(_:_:) holds plain values only")
        let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(0, count))
        b.initialize(repeating: value)
        if let base = b.baseAddress { allocations.append(UnsafeMutableRawPointer(base)) }
        return b
    }

    /// A buffer holding `values`, of any type: an element is read and written in place, never copied
    /// out (so reading a field of one that holds arrays costs no reference counting).
    func buffer<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
        let b = UnsafeMutableBufferPointer<T>.allocate(capacity: values.count)
        _ = b.initialize(from: values)
        if _isPOD(T.self) {
            if let base = b.baseAddress { allocations.append(UnsafeMutableRawPointer(base)) }
        } else {
            deinitialisers.append {
                b.deinitialize()
                b.deallocate()
            }
        }
        return b
    }

    deinit {
        for p in allocations { p.deallocate() }
        for d in deinitialisers { d() }
    }
}

extension UnsafeMutableBufferPointer {
    /// Every element set to `value`.
    func fill(_ value: Element) { update(repeating: value) }
}

/// Seeds for GSL generators. GSL seeds are 32-bit and seed 0 means 4357, so every seed a stream
/// receives is derived here from (master seed, index, purpose) through bijective 32-bit mixers — the
/// index is a path's (a run's streams restart on every path), a pilot round's or a replicate's: for a
/// fixed (index, purpose) distinct master seeds give distinct stream seeds, and for a fixed master seed
/// and purpose distinct indices do too.
public enum StreamSeed {
    /// MurmurHash3's 32-bit finaliser: a bijection of `UInt32`.
    @inlinable public static func mix32(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }

    /// The seed of stream `purpose` for index `block` (a path, a round, a replicate) of a run with `master` seed.
    /// Never returns 0 (GSL would silently replace it by 4357).
    public static func derive(master: UInt32, block: UInt32, purpose: UInt32) -> UInt32 {
        let key = mix32(mix32(block &+ 0x632B_E5AB) ^ (purpose &* 0x9E37_79B9))
        let seed = mix32(master ^ key)
        return seed == 0 ? 0x5EED_5EED : seed
    }

    /// A stable 32-bit purpose id for a named stream (FNV-1a of its UTF-8 bytes), so that a cohort's
    /// stream follows its name, not its position in the file: reordering cohorts keeps common random
    /// numbers aligned.
    public static func purpose(_ name: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for byte in name.utf8 {
            h ^= UInt32(byte)
            h &*= 0x0100_0193
        }
        return h
    }
}

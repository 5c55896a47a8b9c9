import Foundation

/// A compact binary form of `Codable` values, for run shards and MPI messages: fields in declaration
/// order without their keys, little-endian numbers (a `Double` is its exact 64 bits), sequences and
/// strings preceded by their length, optionals by a presence byte. Reading must use the same types in
/// the same order; a short or damaged input throws `BinaryCoderError`, never reads past the end.
/// Dictionaries are not supported (their keys would be lost).
public enum BinaryCoder {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = BinarySink()
        try value.encode(to: BinaryEncoding(sink: sink))
        return sink.bytes
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let source = BinarySource(bytes)
        let value = try T(from: BinaryDecoding(source: source))
        guard source.offset == bytes.count else { throw BinaryCoderError.trailingBytes(bytes.count - source.offset) }
        return value
    }
}

public enum BinaryCoderError: Error, CustomStringConvertible {
    case truncated(at: Int)
    case badLength(Int, at: Int)
    case badText(at: Int)
    case trailingBytes(Int)
    case unsupported(String)

    public var description: String {
        switch self {
        case .truncated(let at): return "the data ends early (at byte \(at))"
        case .badLength(let n, let at): return "a length of \(n) at byte \(at) is impossible"
        case .badText(let at): return "text at byte \(at) is not UTF-8"
        case .trailingBytes(let n): return "\(n) bytes follow the end of the data"
        case .unsupported(let what): return "\(what) is not supported"
        }
    }
}

final class BinarySink {
    var bytes: [UInt8] = []
    func word(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    func int(_ v: Int) { word(UInt64(bitPattern: Int64(v))) }
    func double(_ v: Double) { word(v.bitPattern) }
    func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        bytes += utf8
    }
    /// Overwrites the 8 bytes at `offset` with `v` (a sequence's count, known only at its end).
    func patch(_ v: Int, at offset: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(v)).littleEndian) { for (k, b) in $0.enumerated() { bytes[offset + k] = b } }
    }
}

final class BinarySource {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    func word() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw BinaryCoderError.truncated(at: offset) }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
        offset += 8
        return v
    }
    func int() throws -> Int { Int(Int64(bitPattern: try word())) }
    func double() throws -> Double { Double(bitPattern: try word()) }
    func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw BinaryCoderError.truncated(at: offset) }
        offset += 1
        return bytes[offset - 1]
    }
    /// A length that the rest of the data can hold (each element takes at least one byte).
    func length() throws -> Int {
        let at = offset
        let n = try int()
        guard n >= 0, n <= bytes.count - offset else { throw BinaryCoderError.badLength(n, at: at) }
        return n
    }
    func string() throws -> String {
        let n = try length()
        guard let s = String(bytes: bytes[offset..<(offset + n)], encoding: .utf8) else { throw BinaryCoderError.badText(at: offset) }
        offset += n
        return s
    }
}

/// The value kinds written directly; everything else encodes itself through containers.
private protocol BinaryScalar {
    func write(to sink: BinarySink)
    static func read(from source: BinarySource) throws -> Self
}
extension Double: BinaryScalar {
    func write(to sink: BinarySink) { sink.double(self) }
    static func read(from source: BinarySource) throws -> Double { try source.double() }
}
extension Float: BinaryScalar {
    func write(to sink: BinarySink) { sink.word(UInt64(bitPattern.littleEndian)) }
    static func read(from source: BinarySource) throws -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: try source.word())) }
}
extension Int: BinaryScalar {
    func write(to sink: BinarySink) { sink.int(self) }
    static func read(from source: BinarySource) throws -> Int { try source.int() }
}
extension UInt32: BinaryScalar {
    func write(to sink: BinarySink) { sink.word(UInt64(self)) }
    static func read(from source: BinarySource) throws -> UInt32 { UInt32(truncatingIfNeeded: try source.word()) }
}
extension Bool: BinaryScalar {
    func write(to sink: BinarySink) { sink.bytes.append(self ? 1 : 0) }
    static func read(from source: BinarySource) throws -> Bool { try source.byte() != 0 }
}
extension String: BinaryScalar {
    func write(to sink: BinarySink) { sink.string(self) }
    static func read(from source: BinarySource) throws -> String { try source.string() }
}

private func write<T: Encodable>(_ value: T, _ sink: BinarySink) throws {
    if let s = value as? BinaryScalar { return s.write(to: sink) }
    // Long numeric sequences (a run's series) in one copy: the count, then 4 or 8 bytes each.
    if let a = value as? [Float] {
        sink.int(a.count)
        for x in a { withUnsafeBytes(of: x.bitPattern.littleEndian) { sink.bytes.append(contentsOf: $0) } }
        return
    }
    if let a = value as? [Double] {
        sink.int(a.count)
        for x in a { sink.double(x) }
        return
    }
    try value.encode(to: BinaryEncoding(sink: sink))
}

private func read<T: Decodable>(_ type: T.Type, _ source: BinarySource) throws -> T {
    if let s = type as? BinaryScalar.Type { return try s.read(from: source) as! T }
    if type == [Float].self {
        let n = try source.length()
        guard source.offset + 4 * n <= source.bytes.count else { throw BinaryCoderError.truncated(at: source.offset) }
        let a = (0..<n).map { k -> Float in
            let o = source.offset + 4 * k
            return Float(bitPattern: UInt32(source.bytes[o]) | UInt32(source.bytes[o + 1]) << 8 | UInt32(source.bytes[o + 2]) << 16 | UInt32(source.bytes[o + 3]) << 24)
        }
        source.offset += 4 * n
        return a as! T
    }
    if type == [Double].self {
        let n = try source.length()
        return try (0..<n).map { _ in try source.double() } as! T
    }
    return try T(from: BinaryDecoding(source: source))
}

private struct BinaryEncoding: Encoder {
    let sink: BinarySink
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { KeyedEncodingContainer(Keyed<Key>(sink: sink)) }
    func unkeyedContainer() -> UnkeyedEncodingContainer { Unkeyed(sink: sink) }
    func singleValueContainer() -> SingleValueEncodingContainer { Single(sink: sink) }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let sink: BinarySink
        var codingPath: [CodingKey] = []
        mutating func encodeNil(forKey key: Key) throws { sink.bytes.append(0) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try write(value, sink) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value) }
        private func present<T: Encodable>(_ value: T?) throws {
            sink.bytes.append(value == nil ? 0 : 1)
            if let value { try write(value, sink) }
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            KeyedEncodingContainer(Keyed<N>(sink: sink))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer { Unkeyed(sink: sink) }
        mutating func superEncoder() -> Encoder { BinaryEncoding(sink: sink) }
        mutating func superEncoder(forKey key: Key) -> Encoder { BinaryEncoding(sink: sink) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let sink: BinarySink
        let countAt: Int
        var codingPath: [CodingKey] = []
        var count = 0
        init(sink: BinarySink) {
            self.sink = sink
            countAt = sink.bytes.count
            sink.int(0)
        }
        private mutating func counted() { count += 1; sink.patch(count, at: countAt) }
        mutating func encodeNil() throws { sink.bytes.append(0); counted() }
        mutating func encode<T: Encodable>(_ value: T) throws { try write(value, sink); counted() }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type) -> KeyedEncodingContainer<N> {
            counted()
            return KeyedEncodingContainer(Keyed<N>(sink: sink))
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer { counted(); return Unkeyed(sink: sink) }
        mutating func superEncoder() -> Encoder { counted(); return BinaryEncoding(sink: sink) }
    }

    struct Single: SingleValueEncodingContainer {
        let sink: BinarySink
        var codingPath: [CodingKey] = []
        mutating func encodeNil() throws { sink.bytes.append(0) }
        mutating func encode<T: Encodable>(_ value: T) throws { try write(value, sink) }
    }
}

private struct BinaryDecoding: Decoder {
    let source: BinarySource
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { KeyedDecodingContainer(Keyed<Key>(source: source)) }
    func unkeyedContainer() throws -> UnkeyedDecodingContainer { try Unkeyed(source: source) }
    func singleValueContainer() throws -> SingleValueDecodingContainer { Single(source: source) }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let source: BinarySource
        var codingPath: [CodingKey] = []
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { throw BinaryCoderError.unsupported("a nil without decodeIfPresent") }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try read(type, source) }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(type) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(type) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type) }
        private func present<T: Decodable>(_ type: T.Type) throws -> T? { try source.byte() == 0 ? nil : try read(type, source) }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) throws -> KeyedDecodingContainer<N> {
            KeyedDecodingContainer(Keyed<N>(source: source))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try Unkeyed(source: source) }
        func superDecoder() throws -> Decoder { BinaryDecoding(source: source) }
        func superDecoder(forKey key: Key) throws -> Decoder { BinaryDecoding(source: source) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let source: BinarySource
        var codingPath: [CodingKey] = []
        let count: Int?
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex >= count! }
        init(source: BinarySource) throws {
            self.source = source
            count = try source.length()
        }
        private mutating func next() throws {
            guard !isAtEnd else { throw BinaryCoderError.truncated(at: source.offset) }
            currentIndex += 1
        }
        mutating func decodeNil() throws -> Bool { throw BinaryCoderError.unsupported("nil in a sequence") }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(); return try read(type, source) }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            try next()
            return KeyedDecodingContainer(Keyed<N>(source: source))
        }
        mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next(); return try Unkeyed(source: source) }
        mutating func superDecoder() throws -> Decoder { try next(); return BinaryDecoding(source: source) }
    }

    struct Single: SingleValueDecodingContainer {
        let source: BinarySource
        var codingPath: [CodingKey] = []
        func decodeNil() -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try read(type, source) }
    }
}

import Foundation
import Testing
@testable import LoanSim

/// The binary form of outcomes (shards, MPI messages): exact round trip, and damage refused.
@Suite struct BinaryCoderTests {
    @Test func outcomesRoundTripExactly() throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/bank-tape-example.yaml").scenario
        let outcomes = simulate(s, paths: 40, seed: 3).outcomes
        #expect(outcomes.contains { $0.bySector.count == 15 && $0.grossLoss > 0 })
        let bytes = try BinaryCoder.encode(outcomes)
        #expect(try BinaryCoder.decode([PathOutcome].self, from: bytes) == outcomes)
        let floats: [Float] = [0, -0, .infinity, .nan, Float(bitPattern: 0x0001_0000), 3.25]  // a subnormal among them
        let back = try BinaryCoder.decode([Float].self, from: try BinaryCoder.encode(floats))
        #expect(back.map(\.bitPattern) == floats.map(\.bitPattern))
        struct Opt: Codable, Equatable { var a: Double?; var b: String?; var c: [Int]; var d: Int? }
        for v in [Opt(a: 1, b: nil, c: [1, 2], d: nil), Opt(a: nil, b: "ü", c: [], d: -7)] {
            #expect(try BinaryCoder.decode(Opt.self, from: try BinaryCoder.encode(v)) == v)
        }
    }

    @Test func damageIsRefused() throws {
        let bytes = try BinaryCoder.encode([1.0, 2.0, 3.0])
        #expect(throws: BinaryCoderError.self) { try BinaryCoder.decode([Double].self, from: Array(bytes.dropLast())) }
        #expect(throws: BinaryCoderError.self) { try BinaryCoder.decode([Double].self, from: bytes + [0]) }
        // An absurd length is caught before anything is allocated.
        var huge = bytes
        huge.replaceSubrange(0..<8, with: [255, 255, 255, 255, 255, 255, 255, 127])
        #expect(throws: BinaryCoderError.self) { try BinaryCoder.decode([Double].self, from: huge) }
        #expect(throws: BinaryCoderError.self) { try BinaryCoder.decode([PathOutcome].self, from: [3, 0, 0, 0, 0, 0, 0, 0, 1]) }
    }
}

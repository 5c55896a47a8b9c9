import Foundation
import Testing
import TextFormats
@testable import LoanSim

/// Every number read from text goes through `DecimalNumber`: decimal, finite, nothing else.
@Suite struct DecimalNumberTests {
    @Test(arguments: ["0", "12", "-3", "+4", "1.5", ".5", "5.", "1e3", "2.5E-4", "-0.0"])
    func decimalsAreRead(_ text: String) {
        #expect(DecimalNumber.parse(text) == Double(text))
    }

    @Test(arguments: ["0x10", "0x1p3", "1_000", "inf", "-infinity", "nan", "NaN", ".", "", "1e", "1e+", "+", "1.2.3", " 1", "1 ", "٣", "1,5", "1e400"])
    func anythingElseIsNot(_ text: String) {
        #expect(DecimalNumber.parse(text) == nil, "\(text)")
    }

    @Test func aHugeDecimalIsWellFormedButNotANumber() {
        #expect(DecimalNumber.isWellFormed("1e400") && DecimalNumber.parse("1e400") == nil)
        #expect(!DecimalNumber.isWellFormed("0x10"))
    }

    /// The readers use it: a hex amount is refused in a scenario, a history and a tape's money column.
    @Test func hexAmountsAreRefusedEverywhere() throws {
        #expect(Quantity.amountWan("0x10") == nil && Quantity.amountWan("16") == 16 && Quantity.ratio("0x1p-1") == nil)
        #expect(throws: ScenarioError.self) { try History.parse(Data("year,cohort,loans,defaults,exposure_wan\n2020,a,10,1,0x10\n".utf8), file: "h.csv") }
        #expect(RecordCheck.parseObservation(">=0x2") == nil && RecordCheck.parseObservation(">= 2")?.lower == 2)
    }
}

/// `PathName.parent` is `NSString.deletingLastPathComponent` without its crash on one-letter names.
@Suite struct PathNameTests {
    @Test func parentsAreFoundationsWithoutTheCrash() {
        let cases = ["a": "", "o": "", "ab": "", "a/b": "a", "b/": "", "/a": "/", "/": "/", "a/b/": "a", "a//b": "a", "/x/y/z": "/x/y", "x/o/": "x", "": ""]
        for (path, parent) in cases { #expect(PathName.parent(path) == parent, "\(path)") }
        for path in ["ab/cd", "/x/y/z", "abc", "a//b", "/abc", "x/yz"] {
            #expect(PathName.parent(path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
    }
}

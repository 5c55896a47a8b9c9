import Foundation
import TextFormats
import Yams

/// The inputs a scenario file tags in its comments (`pool.initial: 9100万  # [fact] …`): each numeric
/// value on a line whose comment holds `[fact]`, `[inferred]`, `[derived]` or `[assumption]`, with its key path, the
/// text written, the tag, an assumption's documented `range:` and the comment's words. Read from the
/// file and the bases it `extends` (a file's own line wins over its base's for the same key). The
/// workbench offers these as its levers.
public struct TaggedInput: Sendable, Equatable, Codable {
    public var keyPath: String
    public var value: String
    public var tag: String
    public var low: String?
    public var high: String?
    public var note: String
    public var file: String
    public var line: Int
}

public enum TaggedInputs {
    static let tags = ["fact", "inferred", "derived", "assumption"]

    /// The tagged numeric inputs of the scenario at `path` and its bases, in file order (bases first).
    public static func read(path: String) throws -> [TaggedInput] {
        var files: [String] = []
        var next: String? = path
        while let f = next, files.count < 8 {
            files.append(f)
            let root = try ScenarioLoader.compose(try ScenarioLoader.readFile(f).1, file: f)
            next = nil
            if case .mapping(let map) = root, let base = map["extends"]?.scalar?.string {
                next = (ScenarioLoader.resolve(base, relativeTo: f) as NSString).standardizingPath
            }
        }
        var byKey: [String: TaggedInput] = [:], order: [String] = []
        for f in files.reversed() {
            for input in try own(path: f) {
                if byKey[input.keyPath] == nil { order.append(input.keyPath) }
                byKey[input.keyPath] = input
            }
        }
        return order.compactMap { byKey[$0] }
    }

    /// The tagged numeric inputs on the file's own lines.
    static func own(path: String) throws -> [TaggedInput] {
        let (_, text) = try ScenarioLoader.readFile(path)
        let lines = text.fileLines.map(String.init)
        var values: [Int: [(path: String, text: String)]] = [:]
        AssumptionRanges.collect(try ScenarioLoader.compose(text, file: path), prefix: "", into: &values)
        var out: [TaggedInput] = []
        for (i, line) in lines.enumerated() {
            guard let hash = line.range(of: "#"), !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") else { continue }
            let comment = String(line[hash.upperBound...])
            guard let tag = tags.first(where: { comment.contains("[\($0)]") }),
                  let here = values[i + 1], here.count == 1, let v = here.first,
                  Quantity.amountWan(v.text) != nil || Quantity.ratio(v.text) != nil else { continue }
            let range = AssumptionRanges.range(in: line)
            let note = comment.replacingOccurrences(of: "[\(tag)]", with: "").trimmingCharacters(in: .whitespaces)
            out.append(TaggedInput(keyPath: v.path, value: v.text, tag: tag, low: range?.0, high: range?.1, note: note,
                                   file: (path as NSString).lastPathComponent, line: i + 1))
        }
        return out
    }
}

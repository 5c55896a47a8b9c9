import Foundation
import Yams

/// Readings of the circuit breaker's rule to weigh against the record (`calibrate --breaker-variants`):
///
///     variants:
///       - {name: programme, name_zh: 按全部计划贷款计算, set: {scope: programme}}
///       - {name: stock quarterly, set: {measure: stock, window_months: null, check: quarter}}
///
/// Each `set` gives keys of the backcast's `breaker:` (docs/model.md §3.6) with their values as a
/// scenario file writes them (`null` leaves a key to its default). The backcast as written is always the
/// first reading, named "as written"; each variant must load as a valid scenario.
public enum BreakerVariants {
    public struct Variant: Sendable, Equatable {
        public var name: String
        public var nameZh: String
        public var settings: [ScenarioOverride]
        /// The line of the variant in its file (0: the backcast as written).
        public var line: Int

        public static let asWritten = Variant(name: "as written", nameZh: "按回溯情景原文", settings: [], line: 0)
    }

    public static func load(path: String) throws -> [Variant] {
        func fail(_ line: Int, _ key: String, _ message: String, _ allowed: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: line, column: 1, keyPath: key, message: message, allowed: allowed)])
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw fail(1, "", "cannot read the file (\(error.localizedDescription))", "a UTF-8 YAML file of breaker variants")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw fail(1, "", "not YAML (\(error))", "variants: [{name: …, set: {scope: programme}}]")
        }
        guard let top = root?.mapping, let list = top["variants"]?.sequence, !list.isEmpty else {
            throw fail(1, "variants", "expected a mapping with a non-empty list 'variants'", "variants: [{name: …, set: {scope: programme}}]")
        }
        for key in top.keys.compactMap(\.string) where key != "variants" {
            throw fail((top[key]?.mark?.line ?? 1), key, "unknown key '\(key)'", "variants")
        }
        var out: [Variant] = [.asWritten]
        for (i, item) in list.enumerated() {
            let line = item.mark?.line ?? 1
            let at = "variants[\(i)]"
            guard let m = item.mapping else { throw fail(line, at, "expected a mapping", "{name: …, name_zh: …, set: {…}}") }
            for key in m.keys.compactMap(\.string) where !["name", "name_zh", "set"].contains(key) {
                throw fail(line, "\(at).\(key)", "unknown key '\(key)'", "name, name_zh, set")
            }
            guard let name = m["name"]?.scalar?.string, !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 80,
                  !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw fail(line, "\(at).name", "a variant needs a name of 1–80 printable characters", "a short name such as 'programme, stock'")
            }
            if out.contains(where: { $0.name == name }) { throw fail(line, "\(at).name", "the name '\(name)' is given twice", "distinct names") }
            guard let set = m["set"]?.mapping, !set.isEmpty else {
                throw fail(line, "\(at).set", "expected a non-empty mapping of breaker keys", "set: {scope: programme, check: quarter}")
            }
            var settings: [ScenarioOverride] = []
            for (k, v) in set {
                guard let key = k.string, let value = v.scalar?.string else {
                    throw fail(k.mark?.line ?? line, "\(at).set", "each setting is a breaker key and one value", "scope: programme")
                }
                settings.append(ScenarioOverride(keyPath: "breaker.\(key)", value: value))
            }
            out.append(Variant(name: name, nameZh: m["name_zh"]?.scalar?.string ?? name, settings: settings, line: line))
        }
        return out
    }

    /// The backcast under `variant`: its settings over the file's `breaker:`; a setting the scenario
    /// refuses is reported at the variant's line.
    static func scenario(_ backcast: String, _ variant: Variant, file: String) throws -> LoadedScenario {
        do {
            return try ScenarioLoader.load(path: backcast, overrides: variant.settings)
        } catch let e as ScenarioError {
            let first = e.issues.first
            throw ScenarioError([ScenarioIssue(file: file, line: variant.line, column: 1, keyPath: first?.keyPath ?? "set",
                                               message: "variant '\(variant.name)' is refused: \(first?.message ?? "\(e)")",
                                               allowed: first?.allowed ?? "keys and values of the backcast's breaker")])
        }
    }
}

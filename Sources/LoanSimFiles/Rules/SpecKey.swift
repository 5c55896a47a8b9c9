/// The coding keys of a rule's specification, written once: `scenario.json` writes them in snake_case
/// (its coder converts) and a scenario file's reader reads `yamlKey`, the same snake_case.
public protocol SpecKey: CodingKey, CaseIterable, RawRepresentable where RawValue == String {
    /// The key in a scenario file; by default the raw value in snake_case. A key whose file spelling
    /// differs from `scenario.json`'s gives its own (`TopUpSpec`: `amount` in a scenario, `amount_wan` echoed).
    var yamlKey: String { get }
}

extension SpecKey {
    /// The key in a scenario file: `window_months` for `windowMonths`.
    public var yamlKey: String {
        var out = ""
        for ch in rawValue { if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) } }
        return out
    }

    /// Every key as a scenario file writes it (the reader's allowed keys).
    public static var yamlKeys: [String] { allCases.map(\.yamlKey) }
}

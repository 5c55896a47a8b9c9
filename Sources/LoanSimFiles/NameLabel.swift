/// A name's labels for the reports (`label_zh`, `label_en` beside a `name` in a scenario): the Chinese
/// report shows `zh`, the English one `en`, each falling back to the name. `scenario.json` echoes them
/// by name (`labels`).
public struct NameLabel: Codable, Equatable, Sendable {
    public var zh: String?
    public var en: String?
    public init(zh: String?, en: String?) { (self.zh, self.en) = (zh, en) }
}

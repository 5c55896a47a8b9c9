/// A firm type's scenario name (`hightech`, `tech_sme`, `startup`) in words, in both report languages;
/// an unknown name is returned as it is.
public enum FirmTypeWords {
    static let names: [String: (en: String, zh: String)] = ["hightech": ("high-tech firms", "高新技术企业"),
                                                            "tech_sme": ("tech SMEs", "科技型中小企业"), "startup": ("start-ups", "初创企业")]

    public static func words(_ type: String, chinese zh: Bool) -> String { names[type].map { zh ? $0.zh : $0.en } ?? type }

    /// Several types, listed in the language's way.
    public static func list(_ types: [String], chinese zh: Bool) -> String {
        types.map { words($0, chinese: zh) }.joined(separator: zh ? "、" : ", ")
    }
}

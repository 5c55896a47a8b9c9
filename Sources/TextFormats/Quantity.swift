import Foundation

/// Parsing of money amounts and ratios as written in scenario files.
public enum Quantity {
    /// An amount in 万元 from a number (already 万元) or a string with a unit: `"1亿"`, `"1.5亿元"`,
    /// `"500万"`, `"2000万元"`, `"3,000"`, `"1200000元"`. Nil if it is not one.
    public static func amountWan(_ text: String) -> Double? {
        var s = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            .replacingOccurrences(of: "，", with: "").replacingOccurrences(of: " ", with: "")
        var scale = 1.0
        for (suffix, factor) in [("亿元", 10_000.0), ("亿", 10_000.0), ("万元", 1.0), ("万", 1.0), ("元", 1e-4)] {
            if s.hasSuffix(suffix) {
                s.removeLast(suffix.count)
                scale = factor
                break
            }
        }
        guard let v = DecimalNumber.parse(s) else { return nil }
        return v * scale
    }

    /// A ratio from a number or a percentage string (`"80%"` = 0.8). Nil if it is not one.
    public static func ratio(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.hasSuffix("%") {
            guard let v = DecimalNumber.parse(s.dropLast().trimmingCharacters(in: .whitespaces)) else { return nil }
            return v / 100
        }
        guard let v = DecimalNumber.parse(s) else { return nil }
        return v
    }
}

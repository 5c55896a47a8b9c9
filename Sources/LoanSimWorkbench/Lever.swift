import Foundation
import LoanSim
import LoanSimFiles
import LoanSimReport
import TextFormats

/// One input the workbench lets a meeting move: a scenario key path with its current value, unit,
/// [fact]/[inferred]/[assumption] tag and documented range, labelled in the report's words
/// (`ReportLanguage.keyName`, the same names the report's tornado uses).
public struct Lever: Codable, Sendable, Equatable {
    /// The key path a what-if sets (`programme.compensation.credit`, `cohorts[hightech-credit].lgd`),
    /// or `top_up.amount` / `top_up.month` (one top-up of the pool, written as `pool.top_ups`).
    public var key: String
    public var label: String
    /// The value as the scenario writes it (`80%`, `9100万`, `0.95`), and as a number in `unit`.
    public var value: String
    public var number: Double
    /// "%" (a ratio, shown ×100), "万元", "month" or "" (a plain number).
    public var unit: String
    public var tag: String
    /// The documented range's ends in `unit` (an assumption's `range:`; nil when none is written).
    public var low: Double?
    public var high: Double?
    /// The comment beside the value, and where it is written.
    public var note: String
    public var source: String
    /// A choice lever's allowed words (the breaker's definition); nil for a number.
    public var options: [String]? = nil
}

public enum LeverCatalogue {
    /// The levers of the scenario file at `path`: its tagged numeric inputs (`TaggedInputs`), and with
    /// one pool a top-up's amount and month.
    public static func levers(path: String, scenario: Scenario, lang: ReportLanguage) throws -> [Lever] {
        var out: [Lever] = try TaggedInputs.read(path: path).compactMap { input in
            let isRatio = input.value.hasSuffix("%")
            let isMoney = input.value.contains("万") || input.value.contains("亿")
            let unit = isRatio ? "%" : isMoney ? "万元" : ""
            func number(_ text: String?) -> Double? {
                guard let text else { return nil }
                if isRatio { return Quantity.ratio(text).map { $0 * 100 } }
                return Quantity.amountWan(text) ?? Quantity.ratio(text)
            }
            guard let value = number(input.value).map(rounded), value.isFinite else { return nil }
            return Lever(key: input.keyPath, label: label(input.keyPath, scenario: scenario, lang: lang), value: input.value, number: value, unit: unit, tag: input.tag,
                         low: number(input.low).map(rounded), high: number(input.high).map(rounded), note: input.note, source: "\(input.file):\(input.line)")
        }
        out.removeAll { ["seed", "paths", "horizon_months"].contains($0.key) }
        if scenario.pools.count == 1 {
            out.append(Lever(key: TopUp.amountKey, label: lang == .zh ? "一次性补充资金" : "One top-up of the pool", value: "0万", number: 0,
                             unit: "万元", tag: "assumption", low: 0, high: nil, note: lang == .zh ? "金额；0 表示不补充" : "amount; 0 for none",
                             source: "pool.top_ups"))
            out.append(Lever(key: TopUp.monthKey, label: lang == .zh ? "补充月份（第几个月）" : "Top-up month (month of the horizon)", value: "1",
                             number: 1, unit: "month", tag: "assumption", low: 1, high: Double(scenario.horizonMonths),
                             note: scenario.start.map { lang == .zh ? "第 1 个月 = \($0)" : "month 1 = \($0)" } ?? "", source: "pool.top_ups"))
        }
        // The breaker's definition, where the scenario states one rule (a calibration averaged over its
        // readings draws the definition per path, so a lever would not be what runs).
        if scenario.breakers.count == 1, scenario.breakerVariants.isEmpty, let b = scenario.breaker {
            for (field, current, options) in [("scope", b.scope.rawValue, CircuitBreakerSpec.Scope.allCases.map(\.rawValue)),
                                              ("measure", b.measure.rawValue, CircuitBreakerSpec.Measure.allCases.map(\.rawValue)),
                                              ("check", b.check.rawValue, CircuitBreakerSpec.Check.allCases.map(\.rawValue))] {
                out.append(Lever(key: "breaker.\(field)", label: (lang == .zh ? "熔断定义：" : "Breaker definition: ") + field, value: current, number: 0,
                                 unit: "choice", tag: "assumption", low: nil, high: nil, note: options.joined(separator: " | "), source: "breaker",
                                 options: options))
            }
        }
        if scenario.stresses.isEmpty {
            let all = lang == .zh ? "整个模拟期" : "over the whole horizon"
            out.append(Lever(key: Overlay.pdMultiplierKey, label: lang.keyName("pd.multiplier"), value: "1", number: 1, unit: "", tag: "assumption",
                             low: 0.5, high: 3, note: all, source: "stresses"))
            out.append(Lever(key: Overlay.macroShiftKey, label: lang.keyName("macro.shift"), value: "0", number: 0, unit: "", tag: "assumption",
                             low: -3, high: 0, note: all + (lang == .zh ? "；负值为下行" : "; negative is a downturn"), source: "stresses"))
        }
        return out
    }

    /// A key path in the report's words, a cohort by its label (as the report's tornado names it).
    static func label(_ key: String, scenario: Scenario, lang: ReportLanguage) -> String {
        let words = lang.keyName(key)
        guard let m = key.firstMatch(of: /cohorts\[([^\]]+)\]/), let l = scenario.labels[String(m.1)],
              let shown = lang == .zh ? l.zh : l.en else { return words }
        return words.replacingOccurrences(of: String(m.1), with: shown)
    }

    /// A documented value as shown: 10 significant digits (`55%` read as 0.55 × 100 is 55.00000000000001).
    static func rounded(_ x: Double) -> Double { Double(String(format: "%.10g", x)) ?? x }
}

/// The workbench's stress-overlay levers, written into a what-if as one stress over the whole horizon
/// (offered when the scenario has no stresses of its own, so nothing is replaced).
public enum Overlay {
    public static let pdMultiplierKey = "stress.pd_multiplier"
    public static let macroShiftKey = "stress.macro_shift"
}

/// The workbench's one-top-up lever pair, written into a what-if as `pool.top_ups: [{month, amount}]`.
public enum TopUp {
    public static let amountKey = "top_up.amount"
    public static let monthKey = "top_up.month"
}

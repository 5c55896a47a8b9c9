import Foundation
import RiskModel

/// The files a run writes: `summary.json`, `paths.csv`, `timeseries.csv`.
public enum RunWriters {
    public static func summaryJSON(_ s: RunSummary) -> String {
        func stats(_ m: SampleSummary, unit: String) -> JSONValue {
            .object([("unit", .string(unit)), ("mean", .number(m.mean)), ("se", .number(m.se)), ("sd", .number(m.sd)),
                     ("q01", .number(m.q01)), ("q05", .number(m.q05)), ("q50", .number(m.q50)), ("q90", .number(m.q90)), ("q95", .number(m.q95)), ("q99", .number(m.q99)),
                     ("q999", .number(m.q999)), ("es99", .number(m.es99)), ("min", .number(m.min)), ("max", .number(m.max))])
        }
        let info = s.info
        var pairs: [(String, JSONValue)] = [
            ("scenario", .object([("name", .string(info.scenarioName)), ("file", .string(info.scenarioFile)),
                                  ("sha256", .string(info.scenarioSHA256))])),
            ("seed", .integer(Int(info.seed))),
            ("paths", .integer(info.paths)),
            ("generator", .string(info.generator)),
            ("version", .string(info.version)),
            ("horizon_months", .integer(info.horizonMonths)),
            ("step", .string(info.step)),
            ("sampling", .string(info.sampling)),
            ("block_size", .integer(Simulation.blockSize)),
            ("money_unit", .string("万元")),
            ("metrics", .object(s.metrics.map { ($0.definition.key, stats($0.summary, unit: $0.definition.unit)) })),
            ("depletion", .object([
                ("probability", .number(s.depletion.p)),
                ("se", .number(s.depletion.se)),
                ("by_year", .array(s.depletionByYear.map { .number($0.p) })),
                ("by_year_se", .array(s.depletionByYear.map { .number($0.se) })),
            ])),
            ("pools", .object(s.pools.map { p in
                (p.name, .object([
                    ("paid", stats(p.paid, unit: "万元")), ("unpaid", stats(p.unpaid, unit: "万元")),
                    ("balance_end", stats(p.balanceEnd, unit: "万元")), ("denied", stats(p.denied, unit: "万元")),
                    ("clawback", stats(p.clawback, unit: "万元")),
                    ("depletion", .object([("probability", .number(p.depletion.p)), ("se", .number(p.depletion.se)),
                                           ("by_year", .array(p.depletionByYear.map { .number($0.p) }))])),
                    ("funders", .array(p.funders.map { f in
                        .object([("name", .string(f.name)), ("share", .number(f.share)), ("capital_wan", .number(f.capital)),
                                 ("cost", stats(f.cost, unit: "万元"))])
                    })),
                ]))
            })),
            ("budget_by_year", .object([
                ("unit", .string("万元")),
                ("definition", .string("fiscal_cost = payouts + admin_fees - clawback + subsidies; top_ups and interest are money into the pools")),
                ("years", .array(s.budgetByYear.enumerated().map { y, flows in
                    .object([("year", .integer(y + 1))] + BudgetFlow.allCases.map { f in
                        (f.key, .object([("mean", .number(flows[f.rawValue].mean)), ("se", .number(flows[f.rawValue].se)),
                                         ("q95", .number(flows[f.rawValue].q95))]))
                    })
                })),
                ("funders", .array(s.fundersByYear.map { fy in
                    .object([("pool", .string(fy.pool)), ("funder", .string(fy.funder)), ("share", .number(fy.share)),
                             ("cost_by_year", .array(fy.cost.map { .object([("mean", .number($0.mean)), ("q95", .number($0.q95))]) }))])
                })),
            ])),
            ("parties", .object([
                ("pool", .string("pool_paid (net of clawback: pool_paid - clawback_pools)")),
                ("guarantor", .string("guarantor_loss (less its share of clawback_other_parties)")),
                ("insurer", .string("insurer_loss")), ("appraiser", .string("appraiser_loss")),
                ("bank", .string("bank_net_loss")),
            ])),
            ("breakers", .object([
                ("p_suspended_by_year_any_bank", .array(s.anySuspensionByYear.map { .number($0.p) })),
                ("p_suspended_by_year", .object(s.suspensionByYear.map { ($0.bank, .array($0.byYear.map { .number($0.p) })) })),
            ])),
            ("economics", .object([
                ("p_linkage_beats_lending", s.economics.linkageBeatsLending.map { .number($0.p) } ?? .null),
                ("p_linkage_beats_lending_se", s.economics.linkageBeatsLending.map { .number($0.se) } ?? .null),
                ("linkage_cover_of_credit_losses", s.economics.linkageCoverOfLosses.map(JSONValue.number) ?? .null),
                ("lending_per_pool_capital", .number(s.economics.lendingPerCapital)),
                ("lending_per_fiscal_cost", .number(s.economics.lendingPerFiscalCost)),
                ("fiscal_cost_per_firm_wan", .number(s.economics.fiscalCostPerFirm)),
                ("bank_net_income_by_bank", .object(s.economics.netIncomeByBank.map {
                    ($0.bank, .object([("unit", .string("万元")), ("mean", .number($0.mean)), ("se", .number($0.se))]))
                })),
            ])),
            ("definitions", .object([
                ("es99", .string("mean of the worst ceil(1% of paths) values")),
                ("quantiles", .string("type 7 (linear interpolation between order statistics)")),
                ("se", .string("standard error of the mean, sd/sqrt(paths)")),
                ("depleted", .string("a filed claim is left unpaid at the end of a step")),
            ])),
        ]
        pairs += calibrationJSON(s, stats: stats)
        return JSONValue.object(pairs).rendered() + "\n"
    }

    static func header(_ info: RunInfo) -> String {
        "# loansim \(info.version); scenario \(info.scenarioName); sha256 \(info.scenarioSHA256); seed \(info.seed); generator \(info.generator); paths \(info.paths); money in 万元\n"
    }

    public static func pathsCSV(_ info: RunInfo, _ outcomes: [PathOutcome], stepMonths: Int) -> String {
        let defs = MetricDefinition.all
        var out = header(info)
        let poolNames = outcomes.first?.pools.count ?? 0 > 1 ? (info.poolNames) : []
        out += "path," + defs.map { $0.unit == "万元" ? "\($0.key)_wan" : $0.key }.joined(separator: ",") + ",depletion_month"
        for name in poolNames { out += ",pool[\(name)]_paid_wan,pool[\(name)]_unpaid_wan,pool[\(name)]_balance_end_wan" }
        out += "\n"
        out.reserveCapacity(outcomes.count * defs.count * 12)
        for (i, o) in outcomes.enumerated() {
            out += String(i)
            for d in defs {
                out += ","
                out += JSONValue.format(d.value(o))
            }
            out += ","
            if o.depletionStep >= 0 { out += String((o.depletionStep + 1) * stepMonths) }
            if !poolNames.isEmpty {
                for p in o.pools {
                    out += "," + JSONValue.format(p.paid) + "," + JSONValue.format(p.unpaid) + "," + JSONValue.format(p.balanceEnd)
                }
            }
            out += "\n"
        }
        return out
    }

    public static func timeseriesCSV(_ s: RunSummary) -> String {
        var out = header(s.info)
        var cols = ["step", "month"]
        for name in SeriesStore.names {
            cols += ["\(name)_wan_mean"] + ["05", "25", "50", "75", "95"].map { "\(name)_wan_q\($0)" }
        }
        cols.append("p_depleted_by_step")
        out += cols.joined(separator: ",") + "\n"
        for t in 0..<s.depletionByStep.count {
            var row = [String(t + 1), String((t + 1) * s.stepMonths)]
            for series in s.fan {
                let f = series[t]
                row.append(JSONValue.format(f.mean))
                row += f.quantiles.map(JSONValue.format)
            }
            row.append(JSONValue.format(s.depletionByStep[t]))
            out += row.joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes the run's files into `directory` atomically (`scenario.json`, the resolved inputs, too):
    /// each goes to a temporary file first, and only when all are written are they renamed into place.
    public static func write(_ s: RunSummary, outcomes: [PathOutcome], scenario: Scenario, to directory: String) throws {
        try AtomicFiles.write([
            ("scenario.json", ScenarioJSON.render(scenario)),
            ("summary.json", summaryJSON(s)),
            ("paths.csv", pathsCSV(s.info, outcomes, stepMonths: s.stepMonths)),
            ("timeseries.csv", timeseriesCSV(s)),
        ], into: directory)
    }
}

/// An output target LoanSim refuses to write to.
/// Exit status: 73 (cannot create the output, sysexits' EX_CANTCREAT), or 75 (EX_TEMPFAIL) when
/// another process holds the folder's lock.
public struct OutputError: Error, CustomStringConvertible {
    public let text: String
    public var exitCode: Int32 = 73
    public var description: String { text }
}

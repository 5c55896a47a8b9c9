import Foundation
import LoanSimFiles

/// `loansim report DIR --xlsx FILE`: a run's answer as an Excel workbook in the report's language — the
/// answer (the report's first-box sentences, P(dry) by year with its interval, key figures, a plan's
/// amount to add, provenance), the budget by calendar year and by funder, per bank, the record checks,
/// the drivers (parameter uncertainty against the point estimate) and every figure across paths. Numbers
/// are numbers (万元 with one decimal, probabilities as percentages), charts are native Excel charts over
/// the sheets' own cells. The layout is fixed (blocks in this order, one blank row between them), so
/// `scripts/check-workbook.py` can read every number back and check it against `summary.json`.
public enum Workbook {
    /// Writes the workbook of the run folder `input` to `path` (a temporary path the caller renames).
    public static func write(_ input: ReportInput, lang: ReportLanguage, to path: String) throws {
        guard case .run(let files) = input else {
            throw ReportError(text: "--xlsx: a workbook is written from a run folder (one with summary.json); this folder holds a comparison or sweep")
        }
        let book = try XLSXBook(path: path)
        let sheets = RunWorkbook(page: RunPage(files: files, lang: lang), book: book)
        try sheets.answer()
        try sheets.budget()
        try sheets.banks()
        try sheets.recordChecks()
        try sheets.drivers()
        try sheets.allFigures()
        try book.close()
    }
}

struct RunWorkbook {
    let page: RunPage
    let book: XLSXBook
    var files: RunFiles { page.files }
    var lang: ReportLanguage { page.lang }
    func w(_ key: String) -> String { WorkbookText.text(key, lang) }
    var years: Range<Int> { files.depletion.byYear.indices }

    func answer() throws {
        let sheet = try book.sheet(w("sheet.answer"))
        try sheet.heading(w("answer.title") + " · " + page.called(files.name))
        for s in page.answerSentences() { try sheet.sentence(s) }

        try sheet.heading(w("dry.title"))
        let dep = files.depletion, se = dep.byYearSe ?? []
        let paths = files.summary.importance == nil ? files.summary.paths : 0
        let rows = try sheet.table([w("year"), w("p.dry"), w("se"), w("low95"), w("high95")], years.map { y in
            let s = se.count > y ? se[y] : .nan
            let (low, high) = ProportionInterval.ci95(p: dep.byYear[y], se: s.isFinite ? s : 0, paths: paths)
            return [.text(page.yearName(y)), .number(dep.byYear[y], .probability), .number(s, .fineProbability),
                    .number(low, .probability), .number(high, .probability)]
        })
        try book.insertChart(.init(kind: .column, title: w("chart.dry"), categories: 0, series: [(w("p.dry"), 1)], rows: rows,
                                   xTitle: w("year"), yTitle: w("axis.p"), yFormat: .probability), on: sheet, row: 1, col: 6)

        if let t = files.summary.target { try target(t, on: sheet) }

        try sheet.heading(w("key.title"))
        let key: [Figure] = [.fiscalCost, .poolPaid, .bankNetLoss, .unpaidClaims, .poolBalanceEnd, .topUps]
        try sheet.table([w("figure"), w("unit"), w("mean"), w("se"), w("p95"), w("p99")], key.compactMap { f in
            guard let s = files.summary.metrics[f.key] else { return nil }
            let format = Self.format(f.kind)
            return [.text(lang.label(f)), .text(f.unit), .number(s.mean, format), .number(s.se, format), .number(s.q95, format), .number(s.q99, format)]
        })

        if let plan = files.plan {
            try sheet.heading(w("plan.title"))
            let money = abs(plan.current ?? 0) >= 100 || abs(plan.answer ?? 0) >= 100
            let f: XLSXBook.NumberFormat = money ? .money : .plain
            try sheet.table([w("plan.vary"), w("plan.target"), w("plan.answer"), w("se"), w("plan.current"), w("plan.change")], [[
                .text(lang.keyName(plan.vary)), .text(page.targetText(plan.target)), .number(plan.answer ?? .nan, f), .number(plan.answerSe ?? .nan, f),
                .number(plan.current ?? .nan, f), .number(plan.change ?? .nan, f),
            ]])
        }

        try sheet.heading(w("prov.title"))
        let s = files.summary
        try sheet.table([w("item"), w("value")], [
            [.text(w("scenario")), .text(s.scenario.name)], [.text(w("file")), .text(s.scenario.file)], [.text(w("sha256")), .text(s.scenario.sha256)],
            [.text(w("seed")), .number(Double(s.seed), .count)], [.text(w("paths")), .number(Double(s.paths), .count)],
            [.text(w("generator")), .text(s.generator)], [.text(w("version")), .text(s.version)],
        ])
        try sheet.fitColumns(firstColumnAtMost: 90)
    }

    /// The scenario's target: its bound and year, the chance as given, the top-up that meets it with its se and month, the fresh-path check.
    func target(_ t: SummaryFile.Target, on sheet: XLSXBook.Sheet) throws {
        try sheet.heading(w("target.title"))
        try sheet.table([w("target.by"), w("target.p"), w("target.now"), w("se"), w("target.topup"), w("se"), w("target.month"), w("target.pool"),
                         w("target.check"), w("se")], [[
            .text(t.byLabel), .number(t.spec.pDepleted, .probability), .number(t.withoutTopUp.estimate, .probability),
            .number(t.withoutTopUp.se, .fineProbability), .number(t.topUp ?? .nan, .money), .number(t.topUpSe ?? .nan, .money),
            .text(t.topUpCalendarMonth ?? "\(t.spec.topUpMonth)"), .text(t.spec.pool), .number(t.check?.estimate ?? .nan, .probability),
            .number(t.check?.se ?? .nan, .fineProbability),
        ]])
    }

    func budget() throws {
        let sheet = try book.sheet(w("sheet.budget"))
        let budget = files.summary.budgetByYear
        try sheet.heading(w("budget.title"))
        let header = [w("year")] + BudgetFlow.allCases.map { "\($0.label(chinese: lang == .zh))（万元）" } + [w("fiscal.se"), w("fiscal.q95")]
        let rows = try sheet.table(header.map { lang == .zh ? $0 : $0.replacingOccurrences(of: "（万元）", with: " (万元)") }, budget.years.map { y in
            [.text(page.yearName(y.year - 1))] + BudgetFlow.allCases.map { .number(y[$0].mean, .money) }
                + [.number(y.fiscalCost.se ?? .nan, .money), .number(y.fiscalCost.q95, .money)]
        })
        let fiscalColumn = BudgetFlow.allCases.count
        if !budget.years.isEmpty {
            try book.insertChart(.init(kind: .column, title: w("chart.budget"), categories: 0,
                                       series: [(BudgetFlow.payouts.label(chinese: lang == .zh), 1), (BudgetFlow.fiscalCost.label(chinese: lang == .zh), fiscalColumn)],
                                       rows: rows, xTitle: w("year"), yTitle: w("axis.wan"), yFormat: .money), on: sheet, row: sheet.row + 1, col: 0)
        }
        let funders = budget.funders
        guard !funders.isEmpty, !budget.years.isEmpty else { return try sheet.fitColumns() }
        sheet.skip(rows: 16)
        try sheet.heading(w("funders.title"))
        let names = funders.map { "\($0.pool) · \($0.funder) (\(lang.percent($0.share, decimals: 0)))" }
        let funderRows = try sheet.table([w("year")] + names, budget.years.indices.map { y in
            [.text(page.yearName(budget.years[y].year - 1))] + funders.map { .number($0.costByYear.count > y ? $0.costByYear[y].mean : .nan, .money) }
        })
        try book.insertChart(.init(kind: .column, title: w("chart.funders"), categories: 0,
                                   series: names.enumerated().map { ($0.element, $0.offset + 1) }, rows: funderRows,
                                   xTitle: w("year"), yTitle: w("axis.wan"), yFormat: .money), on: sheet, row: sheet.row + 1, col: 0)
        try schemes(on: sheet)
        try sheet.fitColumns()
    }

    /// Scheme by scheme (two pools or more): each pool's P(dry) by the end of the year and its cost by
    /// year, mean and P95 (summary.json `pools`), below the funders' chart.
    func schemes(on sheet: XLSXBook.Sheet) throws {
        let pools = files.summary.pools.keys.sorted { page.poolRank($0) < page.poolRank($1) }
        guard pools.count > 1, let first = files.summary.pools[pools[0]]?.costByYear else { return }
        sheet.skip(rows: 16)
        let t = RunPage.schemeText[lang] ?? [:]
        try sheet.heading(t["title"] ?? "")
        let header = [w("year")] + pools.flatMap { p in
            let n = page.called(p)
            return lang == .zh ? ["\(n) 耗尽概率", "\(n) 成本均值（万元）", "\(n) 成本 P95（万元）"] : ["\(n) P(dry)", "\(n) cost mean (万元)", "\(n) cost P95 (万元)"]
        }
        _ = try sheet.table(header, first.indices.map { y in
            [.text(page.yearName(y))] + pools.flatMap { p -> [XLSXBook.Cell] in
                let pool = files.summary.pools[p]
                let dry = pool.flatMap { $0.depletion.byYear.count > y ? $0.depletion.byYear[y] : nil } ?? .nan
                let cost = pool?.costByYear?[y]
                return [.number(dry, .probability), .number(cost?.mean ?? .nan, .money), .number(cost?.q95 ?? .nan, .money)]
            }
        })
    }

    func banks() throws {
        let sheet = try book.sheet(w("sheet.banks"))
        let e = files.summary.economics
        try sheet.heading(w("banks.title"))
        guard let loss = e.bankNetLossByBank, !loss.isEmpty else {
            try sheet.sentence(w("banks.none"))
            return try sheet.fitColumns(firstColumnAtMost: 60)
        }
        let banks = loss.keys.sorted()
        let suspended = files.summary.breakers.pSuspendedByYear
        let rows = try sheet.table([w("bank"), w("loss.mean"), w("loss.se"), w("loss.q95"), w("loss.q99"), w("comp.mean"), w("comp.se"),
                                    w("income.mean"), w("income.se"), w("p.suspended")], banks.map { b in
            let l = loss[b], c = e.compensationByBank?[b], i = e.bankNetIncomeByBank[b]
            return [.text(page.called(b)), .number(l?.mean ?? .nan, .money), .number(l?.se ?? .nan, .money), .number(l?.q95 ?? .nan, .money),
                    .number(l?.q99 ?? .nan, .money), .number(c?.mean ?? .nan, .money), .number(c?.se ?? .nan, .money),
                    .number(i?.mean ?? .nan, .money), .number(i?.se ?? .nan, .money), .number(suspended[b]?.last ?? .nan, .probability)]
        })
        try book.insertChart(.init(kind: .column, title: w("chart.banks"), categories: 0, series: [(w("loss.mean"), 1), (w("comp.mean"), 5)],
                                   rows: rows, xTitle: w("bank"), yTitle: w("axis.wan"), yFormat: .money), on: sheet, row: sheet.row + 1, col: 0)
        try contributions(on: sheet)
        try sheet.fitColumns()
    }

    /// Below the banks' chart: each part's Euler contribution (summary.json `contributions`), one table
    /// per figure and dimension (bank, pool, cohort, sector), in the scenario's order.
    func contributions(on sheet: XLSXBook.Sheet) throws {
        guard let c = files.summary.contributions else { return }
        sheet.skip(rows: 20)   // the chart's room
        for a in c.figures {
            let name = Figure(rawValue: a.figure).map { lang.label($0) } ?? a.figure
            let by = RunPage.contributionText[lang]?[a.by] ?? a.by
            try sheet.heading(w("contrib.title") + ": " + fill(RunPage.contributionText[lang]?["by"] ?? "", [name, by]))
            try sheet.table([by, w("contrib.mean"), w("contrib.mean.se"), w("contrib.es99"), w("contrib.es99.se"), w("contrib.dry"), w("contrib.dry.se")],
                            a.parts.map { p in
                [.text(page.partName(p.name)), .number(p.mean, .money), .number(p.meanSe ?? .nan, .money), .number(p.es99, .money),
                 .number(p.es99Se ?? .nan, .money), .number(p.dry ?? .nan, .money), .number(p.drySe ?? .nan, .money)]
            })
        }
        try poolOrder(on: sheet)
    }

    /// Which pool gives way first (summary.json `pool_order`): P(the row's pool runs dry before the column's), P(first).
    func poolOrder(on sheet: XLSXBook.Sheet) throws {
        guard let o = files.summary.poolOrder else { return }
        let t = RunPage.poolOrderText[lang] ?? [:]
        try sheet.heading(t["title"] ?? "")
        try sheet.table([t["pool"] ?? ""] + o.pools.map(page.called) + [t["first"] ?? ""], o.pools.indices.map { a in
            [.text(page.called(o.pools[a]))] + o.pools.indices.map { b in .number(o.before[a][b], .probability) } + [.number(o.first[a], .probability)]
        })
    }

    func recordChecks() throws {
        let sheet = try book.sheet(w("sheet.checks"))
        try sheet.heading(w("checks.title"))
        guard let checks = files.summary.predictiveCheck, !checks.isEmpty else {
            try sheet.sentence(w("checks.none"))
            return try sheet.fitColumns(firstColumnAtMost: 60)
        }
        let rows = try sheet.table([w("check"), w("observed"), w("month"), w("unit"), w("model.mean"), w("low90"), w("high90"), w("p.agree"), w("se"), w("agrees")],
                                   checks.map { c in
            let f = Self.format(unit: c.unit)
            let interval = c.interval90.count == 2 ? c.interval90 : [.nan, .nan]
            let month = files.scenario?.start == nil ? "\(c.month)" : page.checkMonth(c.month)
            let verdict = !c.inside ? w("no") : RunPage.disagrees(c) ? w("mostly.no") : w("yes")
            return [.text(lang == .zh ? c.nameZh : c.name), .text(c.observed), .text(month), .text(c.unit), .number(c.mean, f),
                    .number(interval[0], f), .number(interval[1], f), .number(c.pAgree, .probability), .number(c.pAgreeSe, .fineProbability), .text(verdict)]
        })
        try book.insertChart(.init(kind: .column, title: w("chart.checks"), categories: 0, series: [(w("p.agree"), 7)], rows: rows,
                                   xTitle: w("check"), yTitle: w("axis.p"), yFormat: .probability), on: sheet, row: sheet.row + 1, col: 0)
        try sheet.fitColumns()
    }

    func drivers() throws {
        let sheet = try book.sheet(w("sheet.drivers"))
        try sheet.heading(w("drivers.title"))
        guard let pu = files.summary.parameterUncertainty, let point = pu.pointEstimate else {
            try sheet.sentence(w("drivers.none"))
            try tornado(on: sheet)
            return try sheet.fitColumns(firstColumnAtMost: 60)
        }
        try sheet.sentence(w("drivers.kinds"))
        let full = files.depletion, fullSE = full.byYearSe ?? [], at = point.depletion.byYear, atSE = point.depletion.byYearSe ?? []
        let n = min(full.byYear.count, at.count)
        let rows = try sheet.table([w("year"), w("with.uncertainty"), w("se"), w("at.point"), w("se"), w("difference")], (0..<n).map { y in
            [.text(page.yearName(y)), .number(full.byYear[y], .probability), .number(fullSE.count > y ? fullSE[y] : .nan, .fineProbability),
             .number(at[y], .probability), .number(atSE.count > y ? atSE[y] : .nan, .fineProbability), .number(full.byYear[y] - at[y], .fineProbability)]
        })
        try book.insertChart(.init(kind: .line, title: w("chart.drivers"), categories: 0, series: [(w("with.uncertainty"), 1), (w("at.point"), 3)],
                                   rows: rows, xTitle: w("year"), yTitle: w("axis.p"), yFormat: .probability), on: sheet, row: 1, col: 7)
        try sheet.heading(w("drivers.cohorts"))
        try sheet.table([w("cohort"), w("from"), w("pd.scale"), w("point.pd")], pu.cohorts.keys.sorted().map { name in
            let c = pu.cohorts[name]!
            return [.text(name), .text(c.from), .number(c.pdScale, .plain), .number(c.pointPd, .fineProbability)]
        })
        if let d = files.summary.drivers, !d.parameterQuantiles.isEmpty {
            try sheet.heading(w("drivers.quantiles"))
            try sheet.table([w("year")] + d.parameterQuantiles.flatMap { ["\(w("p.dry")) · PD P\(Int($0.quantile * 100))", w("se")] },
                            d.parameterQuantiles[0].byYear.indices.map { y in
                [.text(page.yearName(y))] + d.parameterQuantiles.flatMap { q in [XLSXBook.Cell.number(q.byYear[y], .probability), .number(q.byYearSe[y] ?? .nan, .fineProbability)] }
            })
        }
        try tornado(on: sheet)
        try sheet.fitColumns()
    }

    /// The assumptions' tornado: each documented range's ends, P(dry) there and the paired change, with a chart of the changes.
    func tornado(on sheet: XLSXBook.Sheet) throws {
        guard let d = files.summary.drivers, !d.assumptions.isEmpty else { return }
        try sheet.heading(fill(w("drivers.tornado"), [page.yearPhrase(d.year)]))
        let rows = try sheet.table([w("input"), w("as.given"), w("low.end"), w("high.end"), w("p.low"), w("change.low"), w("se"),
                                    w("p.high"), w("change.high"), w("se")], d.assumptions.map { a in
            [.text(page.inputName(a.key)), .text(a.value), .text(a.low), .text(a.high), .number(a.atLow.estimate, .probability),
             .number(a.atLow.change ?? .nan, .fineProbability), .number(a.atLow.changeSe ?? .nan, .fineProbability),
             .number(a.atHigh.estimate, .probability), .number(a.atHigh.change ?? .nan, .fineProbability),
             .number(a.atHigh.changeSe ?? .nan, .fineProbability)]
        })
        try book.insertChart(.init(kind: .column, title: w("chart.tornado"), categories: 0, series: [(w("change.low"), 5), (w("change.high"), 8)],
                                   rows: rows, xTitle: w("input"), yTitle: w("axis.change"), yFormat: .fineProbability), on: sheet, row: sheet.row + 1, col: 0)
    }

    func allFigures() throws {
        let sheet = try book.sheet(w("sheet.figures"))
        try sheet.heading(w("figures.title"))
        let declared = Figure.allCases.map(\.key).filter { files.summary.metrics[$0] != nil }
        let others = files.summary.metrics.keys.filter { Figure(rawValue: $0) == nil }.sorted()
        try sheet.table([w("figure"), w("key"), w("unit"), w("mean"), w("se"), w("sd"), w("p05"), w("p50"), w("p95"), w("p99"), w("es99"), w("min"), w("max")],
                        (declared + others).map { key in
            let s = files.summary.metrics[key]!
            let f = Self.format(unit: s.unit)
            return [.text(Figure(rawValue: key).map(lang.label) ?? key), .text(key), .text(s.unit)]
                + [s.mean, s.se, s.sd, s.q05, s.q50, s.q95, s.q99, s.es99, s.min, s.max].map { .number($0, f) }
        })
        try sheet.fitColumns()
    }

    static func format(_ kind: Figure.Kind) -> XLSXBook.NumberFormat {
        switch kind {
        case .money: return .money
        case .ratio: return .fineProbability
        case .loans, .firms, .count: return .plain
        }
    }

    static func format(unit: String) -> XLSXBook.NumberFormat { unit == "万元" ? .money : unit == "ratio" ? .fineProbability : .plain }
}

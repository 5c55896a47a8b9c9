import Foundation

/// One number read off every path's outcome: a column of the table the run summary is computed from.
public struct PathColumn: Sendable {
    public let name: String
    public let read: @Sendable (UnsafePointer<PathOutcome>) -> Double

    init(_ name: String, _ read: @escaping @Sendable (UnsafePointer<PathOutcome>) -> Double) {
        (self.name, self.read) = (name, read)
    }

    /// Every column the summary of a run of `model` reads, in a fixed order: the metrics, depletion,
    /// each pool's figures, the budget by year, each bank's, each firm type's reach, each sector's
    /// figures and the record checks. A spilled run writes exactly these to disk.
    public static func all(for model: CompiledScenario) -> [PathColumn] {
        var c = MetricDefinition.all.map { PathColumn(metric: $0.key, read: $0.read) }
        c.append(.init("depletion_step") { Double($0.pointee.depletionStep) })
        for p in model.poolNames.indices {
            c += [
                .init("pool\(p).paid") { $0.pointee.pools[p].paid },
                .init("pool\(p).unpaid") { $0.pointee.pools[p].unpaid },
                .init("pool\(p).balance_end") { $0.pointee.pools[p].balanceEnd },
                .init("pool\(p).denied") { $0.pointee.pools[p].denied },
                .init("pool\(p).clawback") { $0.pointee.pools[p].clawback },
                .init("pool\(p).depletion_step") { Double($0.pointee.pools[p].depletionStep) },
                .init("pool\(p).initial") { $0.pointee.pools[p].initial },
                .init("pool\(p).top_ups") { $0.pointee.pools[p].topUps },
                .init("pool\(p).cost") { $0.pointee.pools[p].paid + $0.pointee.pools[p].fees - $0.pointee.pools[p].clawback },
            ]
        }
        let width = BudgetFlow.allCases.count, pools = model.pools.count
        for y in 0..<model.years {
            for f in 0..<width { c.append(.init("budget\(y).\(f)") { $0.pointee.budgetByYear[y * width + f] }) }
            for p in 0..<pools { c.append(.init("pool_cost\(y).\(p)") { $0.pointee.poolCostByYear[y * pools + p] }) }
        }
        for b in model.scenario.banks.indices {
            c += [
                .init("bank\(b).first_suspension") { Double($0.pointee.bankFirstSuspension[b]) },
                .init("bank\(b).net_income") { $0.pointee.bankNetIncomeByBank[b] },
                .init("bank\(b).net_loss") { $0.pointee.lossAndCompensationByBank[2 * b] },
                .init("bank\(b).compensation") { $0.pointee.lossAndCompensationByBank[2 * b + 1] },
            ]
        }
        c.append(.init("any_bank_first_suspension") { Double($0.pointee.bankFirstSuspension.filter { $0 >= 0 }.min() ?? -1) })
        for t in FirmType.allCases {
            c.append(.init("firms.\(t.rawValue).distinct") { $0.pointee.distinctFirms[t] })
            c.append(.init("firms.\(t.rawValue).population") { $0.pointee.firmPopulation[t] })
        }
        for k in model.sectorNames.indices {
            for f in SectorFigure.allCases { c.append(.init("sector\(k).\(f.rawValue)") { $0.pointee.sectorFigure(k, f) }) }
        }
        for i in model.scenario.record.indices { c.append(.init("check\(i)") { $0.pointee.checkpoints[i] }) }
        c += FundColumn.columns(for: model)
        if model.importance != nil {
            c.append(.init("weight") { $0.pointee.weight })
            c.append(.init("importance_score") { $0.pointee.importanceScore })
        }
        return c
    }

    init(metric key: String, read: @escaping @Sendable (UnsafePointer<PathOutcome>) -> Double) {
        self.init("m:" + key, read)
    }
}

/// The per-path numbers of a run, column by column: in memory (`InMemoryTable`) or spilled to disk
/// (`SpilledTable`, for runs too large to hold). The summary reads only through this, so both give the
/// same bytes.
public protocol OutcomeTable: Sendable {
    /// Paths.
    var count: Int { get }
    /// Column `name` (a `PathColumn` of the run's model) in path order.
    func column(_ name: String) -> [Double]
    /// Whether the table has column `name`.
    func hasColumn(_ name: String) -> Bool
    /// Series `series` (`SeriesStore.names`) at `step` across all paths, in path order.
    func series(_ series: Int, step: Int) -> [Float]
}

extension OutcomeTable {
    func metric(_ key: String) -> [Double] { column("m:" + key) }

    /// The column's sum in path order, divided by the number of paths.
    func mean(_ name: String) -> Double {
        var s = 0.0
        for v in column(name) { s += v }
        return s / Double(count)
    }
}

/// The outcomes and series of a run held in memory.
public struct InMemoryTable: OutcomeTable {
    public let result: SimulationResult
    let columns: [String: PathColumn]

    public init(_ result: SimulationResult, model: CompiledScenario) {
        self.result = result
        columns = Dictionary(PathColumn.all(for: model).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public var count: Int { result.outcomes.count }

    public func hasColumn(_ name: String) -> Bool { columns[name] != nil }

    public func column(_ name: String) -> [Double] {
        guard let read = columns[name]?.read else { preconditionFailure("no column \(name)") }
        // A direct loop through a pointer: mapping through the closure by value would copy every outcome.
        return result.outcomes.withUnsafeBufferPointer { buf in
            [Double](unsafeUninitializedCapacity: buf.count) { out, n in
                for j in buf.indices { out[j] = read(buf.baseAddress! + j) }
                n = buf.count
            }
        }
    }

    public func series(_ series: Int, step: Int) -> [Float] { Array(result.series.column(series: series, step: step)) }
}

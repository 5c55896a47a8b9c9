import Foundation
import LoanSimFiles

/// Names one per-path column of a run's table: a closed set, so a misspelt column is a compile error.
public enum ColumnID: Hashable, Sendable {
    case metric(Figure)
    case depletionStep
    case pool(Int, PoolColumn)
    case budget(year: Int, BudgetFlow)
    case poolCost(year: Int, pool: Int)
    case bank(Int, BankColumn)
    case anyBankFirstSuspension
    case firms(FirmType, FirmColumn)
    case sector(Int, SectorFigure)
    /// Part `k` of the book by cohort or output sector (`PathAttribution`).
    case part(PartDimension, Int, PartColumn)
    /// The scenario's record check `i` (`Scenario.record`).
    case check(Int)
    case fund(Int, FundFigure)
    case fundCityResult(Int)
    case fundCityNet(Int, year: Int)
    case weight, importanceScore

    public enum PoolColumn: Hashable, Sendable { case paid, unpaid, balanceEnd, denied, clawback, depletionStep, initial, topUps, cost }
    public enum BankColumn: Hashable, Sendable { case firstSuspension, netIncome, netLoss, compensation }
    public enum FirmColumn: Hashable, Sendable { case distinct, population }
    public enum PartDimension: String, Hashable, Sendable { case cohort, sector }
    public enum PartColumn: Hashable, Sendable { case paid, netLoss }
}

/// One number read off every path's outcome: a column of the table the run summary is computed from.
public struct PathColumn: Sendable {
    public let id: ColumnID
    public let read: @Sendable (UnsafePointer<PathOutcome>) -> Double

    init(_ id: ColumnID, _ read: @escaping @Sendable (UnsafePointer<PathOutcome>) -> Double) {
        (self.id, self.read) = (id, read)
    }

    /// Every column the summary of a run of `model` reads, in a fixed order: the metrics, depletion,
    /// each pool's figures, the budget by year, each bank's, each firm type's reach, each sector's
    /// figures and the record checks. A spilled run writes exactly these to disk.
    public static func all(for model: CompiledScenario) -> [PathColumn] {
        var c = MetricDefinition.all.map { PathColumn(.metric($0.figure), $0.read) }
        c.append(.init(.depletionStep) { Double($0.pointee.depletionStep) })
        for p in model.poolNames.indices {
            c += [
                .init(.pool(p, .paid)) { $0.pointee.pools[p].paid },
                .init(.pool(p, .unpaid)) { $0.pointee.pools[p].unpaid },
                .init(.pool(p, .balanceEnd)) { $0.pointee.pools[p].balanceEnd },
                .init(.pool(p, .denied)) { $0.pointee.pools[p].denied },
                .init(.pool(p, .clawback)) { $0.pointee.pools[p].clawback },
                .init(.pool(p, .depletionStep)) { Double($0.pointee.pools[p].depletionStep) },
                .init(.pool(p, .initial)) { $0.pointee.pools[p].initial },
                .init(.pool(p, .topUps)) { $0.pointee.pools[p].topUps },
                .init(.pool(p, .cost)) { $0.pointee.pools[p].paid + $0.pointee.pools[p].fees - $0.pointee.pools[p].clawback },
            ]
        }
        let width = BudgetFlow.allCases.count, pools = model.pools.count
        for y in 0..<model.years {
            for f in BudgetFlow.allCases { c.append(.init(.budget(year: y, f)) { $0.pointee.budgetByYear[y * width + f.rawValue] }) }
            for p in 0..<pools { c.append(.init(.poolCost(year: y, pool: p)) { $0.pointee.poolCostByYear[y * pools + p] }) }
        }
        for b in model.scenario.banks.indices {
            c += [
                .init(.bank(b, .firstSuspension)) { Double($0.pointee.bankFirstSuspension[b]) },
                .init(.bank(b, .netIncome)) { $0.pointee.bankNetIncomeByBank[b] },
                .init(.bank(b, .netLoss)) { $0.pointee.lossAndCompensationByBank[2 * b] },
                .init(.bank(b, .compensation)) { $0.pointee.lossAndCompensationByBank[2 * b + 1] },
            ]
        }
        c.append(.init(.anyBankFirstSuspension) { Double($0.pointee.bankFirstSuspension.filter { $0 >= 0 }.min() ?? -1) })
        for t in FirmType.allCases {
            c.append(.init(.firms(t, .distinct)) { $0.pointee.distinctFirms[t] })
            c.append(.init(.firms(t, .population)) { $0.pointee.firmPopulation[t] })
        }
        for k in model.sectorNames.indices {
            for f in SectorFigure.allCases { c.append(.init(.sector(k, f)) { $0.pointee.sectorFigure(k, f) }) }
        }
        for k in model.cohortParts.indices {
            c.append(.init(.part(.cohort, k, .paid)) { $0.pointee.cohortAttribution.paid[k] })
            c.append(.init(.part(.cohort, k, .netLoss)) { $0.pointee.cohortAttribution.netLoss[k] })
        }
        for k in model.sectorParts.indices {
            c.append(.init(.part(.sector, k, .paid)) { $0.pointee.sectorAttribution.paid[k] })
            c.append(.init(.part(.sector, k, .netLoss)) { $0.pointee.sectorAttribution.netLoss[k] })
        }
        for i in model.scenario.record.indices { c.append(.init(.check(i)) { $0.pointee.checkpoints[i] }) }
        c += FundFigure.columns(for: model)
        if model.importance != nil {
            c.append(.init(.weight) { $0.pointee.weight })
            c.append(.init(.importanceScore) { $0.pointee.importanceScore })
        }
        return c
    }
}

/// The per-path numbers of a run, column by column: in memory (`InMemoryTable`) or spilled to disk
/// (`SpilledTable`, for runs too large to hold). The summary reads only through this, so both give the
/// same bytes.
public protocol OutcomeTable: Sendable {
    /// Paths.
    var count: Int { get }
    /// Column `id` (a `PathColumn` of the run's model) in path order.
    func column(_ id: ColumnID) -> [Double]
    /// Whether the table has column `id`.
    func hasColumn(_ id: ColumnID) -> Bool
    /// Series `series` (`SeriesStore.names`) at `step` across all paths, in path order.
    func series(_ series: Int, step: Int) -> [Float]
}

extension OutcomeTable {
    func metric(_ figure: Figure) -> [Double] { column(.metric(figure)) }

    /// The column's sum in path order, divided by the number of paths.
    func mean(_ id: ColumnID) -> Double {
        var s = 0.0
        for v in column(id) { s += v }
        return s / Double(count)
    }
}

/// The outcomes and series of a run held in memory.
public struct InMemoryTable: OutcomeTable {
    public let result: SimulationResult
    let columns: [ColumnID: PathColumn]

    public init(_ result: SimulationResult, model: CompiledScenario) {
        self.result = result
        columns = Dictionary(PathColumn.all(for: model).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public var count: Int { result.outcomes.count }

    public func hasColumn(_ id: ColumnID) -> Bool { columns[id] != nil }

    public func column(_ id: ColumnID) -> [Double] {
        guard let read = columns[id]?.read else { preconditionFailure("no column \(id)") }
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

import LoanSimFiles
import RiskModel

/// Who draws the pool down: a total that is a sum over parts on every path, allocated over them
/// (`EulerAllocation`). The tail is the total's worst 1% of paths; the event, the paths where some
/// pool ran dry. docs/model.md §4. The allocations a run reports, where the scenario has two parts or more:
/// - by bank: the pools' payouts over the banks they paid, the banks' net loss over the banks;
/// - by pool (its district or funder): the payouts over the pools that paid them, the fiscal cost over
///   the pools' costs (paid + fees − recoveries returned) and the subsidies;
/// - by cohort and by output sector: the payouts and the net loss over the parts of the book
///   (`PathAttribution`: a bank's compensation shared by its parts' claims).
public struct RiskContribution: Sendable {
    public let figure: Figure
    public let by: String
    public let partNames: [String]
    public let allocation: EulerAllocation

    /// Every allocation of a run, in the order bank, pool, cohort, sector.
    static func all(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) -> [RiskContribution] {
        guard table.count > 0 else { return [] }
        let dry = table.column(.depletionStep).map { $0 >= 0 }
        func allocate(_ figure: Figure, by: String, _ parts: [(String, [Double])]) -> RiskContribution? {
            guard parts.count > 1 else { return nil }
            return RiskContribution(figure: figure, by: by, partNames: parts.map(\.0),
                                    allocation: EulerAllocation(parts: parts.map(\.1), weights: w.weights, alpha: 0.99, event: dry))
        }
        var out: [RiskContribution?] = []
        let banks = model.scenario.banks.map(\.name)
        for (figure, column) in [(Figure.poolPaid, ColumnID.BankColumn.compensation), (.bankNetLoss, .netLoss)] {
            out.append(allocate(figure, by: "bank", banks.indices.map { (banks[$0], table.column(.bank($0, column))) }))
        }
        out += byPool(model: model, table: table).map { allocate($0.0, by: "pool", $0.1) }
        for (dimension, names) in [(ColumnID.PartDimension.cohort, model.cohortParts), (.sector, model.sectorParts)] where !names.isEmpty {
            var parts = names.indices.map { k in (names[k], table.column(.part(dimension, k, .paid)), table.column(.part(dimension, k, .netLoss))) }
            // A part no path draws on (an ineligible cohort; "no sector" when every loan has one) is left out.
            parts.removeAll { $0.1.allSatisfy { $0 == 0 } && $0.2.allSatisfy { $0 == 0 } }
            out.append(allocate(.poolPaid, by: dimension.rawValue, parts.map { ($0.0, $0.1) }))
            out.append(allocate(.bankNetLoss, by: dimension.rawValue, parts.map { ($0.0, $0.2) }))
        }
        return out.compactMap { $0 }
    }

    /// The payouts over the pools, and the fiscal cost over the pools' costs and the subsidies
    /// (interest, guarantee-fee, insurance and appraisal: the rest of the fiscal cost on each path).
    private static func byPool(model: CompiledScenario, table: OutcomeTable) -> [(Figure, [(String, [Double])])] {
        let names = model.poolNames
        guard !names.isEmpty else { return [] }
        let paid = names.indices.map { (names[$0], table.column(.pool($0, .paid))) }
        var costs = names.indices.map { (names[$0], table.column(.pool($0, .cost))) }
        var subsidies = table.metric(.interestSubsidies)
        for f in [Figure.guaranteeFeeSubsidies, .insuranceSubsidies, .appraisalSubsidies] {
            for (i, v) in table.metric(f).enumerated() { subsidies[i] += v }
        }
        if subsidies.contains(where: { $0 != 0 }) { costs.append((subsidiesPart, subsidies)) }
        return [(.poolPaid, paid), (.fiscalCost, costs)]
    }

    /// The part of the fiscal cost no pool pays: interest, guarantee-fee, insurance and appraisal subsidies.
    public static let subsidiesPart = "(subsidies)"
}

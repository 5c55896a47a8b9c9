import LoanSimFiles
import RiskModel

/// Who draws the pool down: a total that is a sum over parts on every path, allocated over them
/// (`EulerAllocation`): the pools' payouts over the banks they paid, the banks' net loss over the
/// banks. The tail is the payouts' (or the net loss's) worst 1% of paths; the event, the paths where
/// some pool ran dry. docs/model.md §4.
public struct RiskContribution: Sendable {
    public let figure: Figure
    public let by: String
    public let partNames: [String]
    public let allocation: EulerAllocation

    /// By bank, with two banks or more.
    static func byBank(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) -> [RiskContribution] {
        let banks = model.scenario.banks.map(\.name)
        guard banks.count > 1, table.count > 0 else { return [] }
        let dry = table.column(.depletionStep).map { $0 >= 0 }
        return [(Figure.poolPaid, ColumnID.BankColumn.compensation), (.bankNetLoss, .netLoss)].map { figure, column in
            let parts = banks.indices.map { table.column(.bank($0, column)) }
            return RiskContribution(figure: figure, by: "bank", partNames: banks,
                                    allocation: EulerAllocation(parts: parts, weights: w.weights, alpha: 0.99, event: dry))
        }
    }
}

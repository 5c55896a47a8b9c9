import Foundation
import LoanSimFiles
import Testing
import RiskModel
@testable import LoanSim

/// The budget by year: on every path the year rows sum to the run's totals, and each year's fiscal
/// cost is its payouts + admin fees − clawback + subsidies.
@Suite struct BudgetByYearTests {
    @Test(arguments: ["budget-zhengkedai.yaml", "zhengzhou-city-district-province.yaml", "zhengzhou-ip-pledge.yaml"])
    func yearRowsSumToTheRunTotals(_ file: String) throws {
        let s = try ScenarioLoader.load(path: "\(scenariosDirectory)/\(file)").scenario
        let model = CompiledScenario(s)
        let outcomes = simulate(s, paths: 120, seed: 4).outcomes
        let width = BudgetFlow.allCases.count, years = model.years
        func total(_ o: PathOutcome, _ f: BudgetFlow) -> Double { (0..<years).reduce(0) { $0 + o.budgetByYear[$1 * width + f.rawValue] } }
        var subsidised = 0.0
        for o in outcomes {
            #expect(close(total(o, .payouts), o.poolPaid, 1e-9) && close(total(o, .topUps), o.topUps, 1e-9))
            #expect(close(total(o, .interest), o.interest, 1e-9) && close(total(o, .adminFees), o.adminFees, 1e-9))
            #expect(close(total(o, .clawback), o.clawbackPools, 1e-9) && close(total(o, .fiscalCost), o.fiscalCost, 1e-9))
            for y in 0..<years {
                let row = { (f: BudgetFlow) in o.budgetByYear[y * width + f.rawValue] }
                #expect(close(row(.fiscalCost), row(.payouts) + row(.adminFees) - row(.clawback) + row(.subsidies), 1e-9))
                let poolCost = (0..<model.pools.count).reduce(0) { $0 + o.poolCostByYear[y * model.pools.count + $1] }
                #expect(close(poolCost, row(.payouts) + row(.adminFees) - row(.clawback), 1e-9))
            }
            subsidised += total(o, .subsidies)
        }
        if file == "budget-zhengkedai.yaml" { #expect(subsidised > 0) }
    }
}

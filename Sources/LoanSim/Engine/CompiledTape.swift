import Foundation
import RiskModel

/// A bank's loan tape compiled for the path loop (docs/model.md §3.10): per loan its bank, amount,
/// rules cohort, sector, step PD (innovation multiplier applied), live steps and accrual weights; the
/// loans grouped into default classes for exact thinned sampling.
///
/// Sampling: within a class (same rules cohort and sector, step PDs within a factor `classRatio`),
/// given the factors each live loan defaults with its own conditional PD `p_i ≤ P`, the conditional PD
/// of the class's largest step PD. Drawing `Binomial(n, P)` candidates uniformly without replacement
/// and keeping each with probability `p_i / P` gives every loan an independent Bernoulli(`p_i`):
/// exactly the law of one draw per loan, for about `P/p̄` draws per default instead of one per loan.
public struct CompiledTape: Sendable {
    public let count: Int
    public let asOf: YearMonth
    /// Per loan.
    let bank: [Int]
    let amount: [Double]
    let rules: [Int]
    /// Index of the sector factor driving the loan (−1: none) and of its output sector (−1: none).
    let sectorFactor: [Int]
    let outputSector: [Int]
    let stepPD: [Double]
    /// `Φ⁻¹(q_i)` (the copula's quantile) before stress multipliers.
    let threshold: [Double]
    let copula: Copula
    let lgd: [Double]
    let collateralShare: [Double]
    let appraisedIP: [Double]
    /// False for a loan in an ineligible innovation band: the bank bears its loss alone.
    let compensated: [Bool]
    let startStep: [Int]
    let endStep: [Int]
    let loanClass: [Int]
    /// Per loan, `Weight.count` values: what one step of the loan accrues per unit of time.
    let weights: [Double]
    /// Per class: its rules cohort, sector factor, the largest step PD, where its loans sit in the live
    /// list, and `Φ⁻¹(min(P·m_t, 1 − 1e-12))` by step (`classThreshold[t * classes + k]`).
    let classRules: [Int]
    let classSector: [Int]
    let classOffset: [Int]
    let classThreshold: [Double]
    public var classCount: Int { classRules.count }
    /// The stress overlays' PD multipliers by step and cohort (as in `CompiledScenario`).
    let pdMultipliers: [Double]
    let cohortCount: Int
    /// Loans whose first live step is `t` (`startsAt[t]`), and whose last live step is `t − 1` (`endsAt[t]`).
    let startsAt: [[Int]]
    let endsAt: [[Int]]
    /// The linked loans (`linked` on the tape, with the scenario's `linkage`), in class order, and each
    /// one's stake (the tape's, else the scenario's).
    let linkedLoans: [Int]
    let linkedStake: [Double]
    /// Per loan: its place in `linkedLoans`, or −1; per class, where its linked loans start there
    /// (`linkedOffset[k + 1]` the end).
    let linkedIndex: [Int]
    let linkedOffset: [Int]
    /// The tape's distinct firms (by `firm_id`, live loans) by the firm type of the rules cohort of their
    /// first loan on the tape: in the initial book, so counted in reach as financed (and in the population).
    public let firmsByType: FirmCounts
    /// The tape's live principal at the book date (万元), in the programme's lending for leverage.
    public let volume: Double
    /// Step PDs within a class differ by at most this factor (the thinning keeps ≥ 1/classRatio of candidates).
    static let classRatio = 1.25

    /// What a live loan accrues per step, per unit of its balance: principal (1), interest, capital with
    /// and without compensation, guarantee fee, insurance premium; and 1 if guaranteed.
    enum Weight: Int, CaseIterable { case balance, interest, capital, capitalWithout, guaranteeFee, premium, guaranteed }

    init(_ book: TapeBook, scenario s: Scenario, sectorNames names: [String], cohorts: [CompiledCohort], pdMultipliers: [Double], stepMonths d: Int, steps: Int) {
        asOf = book.asOf
        cohortCount = cohorts.count
        self.pdMultipliers = pdMultipliers
        let loans = book.tape.loans.filter { $0.monthsLeft(at: book.asOf) > 0 }
        count = loans.count
        bank = loans.map { l in s.banks.firstIndex { $0.name == l.bank }! }
        amount = loans.map(\.amountWan)
        let rules = loans.map { book.rules[$0.type]! }
        self.rules = rules
        var seen = Set<String>(), firms = FirmCounts()
        for (i, l) in loans.enumerated() where seen.insert(l.firm).inserted { firms[cohorts[rules[i]].firmType] += 1 }
        firmsByType = firms
        volume = loans.reduce(0) { $0 + $1.amountWan }
        sectorFactor = loans.map { l in
            if let n = l.sector, let k = s.sectors.firstIndex(where: { $0.name == n }) { return k }
            return cohorts[book.rules[l.type]!].sectorIndex
        }
        outputSector = loans.map { l in (l.sector ?? s.cohorts[book.rules[l.type]!].sector).flatMap { names.firstIndex(of: $0) } ?? -1 }
        let terms = loans.map { l in
            l.innovationScore.flatMap { InnovationTerms.of(score: $0, bands: s.innovationBands, interpolate: s.innovationInterpolate) }
        }
        let stepPD = loans.indices.map { i in
            ConditionalPD.stepPD(annual: min(0.999, loans[i].annualPD * (terms[i]?.pdMultiplier ?? 1)), months: d)
        }
        self.stepPD = stepPD
        threshold = stepPD.map { s.copula.quantile($0) }
        copula = s.copula
        lgd = rules.map { s.cohorts[$0].lgd }
        collateralShare = loans.indices.map { i in loans[i].collateralShare ?? s.cohorts[rules[i]].collateral?.share ?? 0 }
        appraisedIP = loans.map { $0.appraisedIPWan ?? 0 }
        let compensated = terms.map { $0?.band.eligible ?? true }
        self.compensated = compensated
        let startStep = loans.map { max(0, $0.start.months(since: book.asOf)) / d }
        self.startStep = startStep
        let endStep = loans.map { l in
            let first = max(0, l.start.months(since: book.asOf)) / d
            return max(first + 1, (l.start.months(since: book.asOf) + l.termMonths + d - 1) / d)
        }
        self.endStep = endStep
        var w = [Double](repeating: 0, count: loans.count * Weight.allCases.count)
        for (i, l) in loans.enumerated() {
            let c = s.cohorts[rules[i]], cc = cohorts[rules[i]]
            var own = c
            own.pd = min(0.999, l.annualPD * (terms[i]?.pdMultiplier ?? 1))
            own.termMonths = l.termMonths
            if let share = l.collateralShare { own.collateral?.share = share }
            let rate = max(0, s.bankEconomics.lendingRate - (terms[i]?.rateDiscount ?? c.innovationBand?.rateDiscount ?? 0))
            let values = [1, rate * Double(d) / 12,
                          CompiledScenario.riskWeight(own, s, compensated: compensated[i]) * s.bankEconomics.capital.capitalRatio * Double(d) / 12,
                          CompiledScenario.riskWeight(own, s, compensated: false) * s.bankEconomics.capital.capitalRatio * Double(d) / 12,
                          cc.parties.guaranteeFeePerStep, cc.parties.insurancePremiumPerStep, cc.parties.guaranteed ? 1 : 0]
            for (k, v) in values.enumerated() { w[i * Weight.allCases.count + k] = l.amountWan * v }
        }
        weights = w
        let sectorFactor = self.sectorFactor
        let (classRules, classSector, loanClass, classOffset) = Self.classes(rules: rules, sectors: sectorFactor, stepPD: stepPD)
        (self.classRules, self.classSector, self.loanClass, self.classOffset) = (classRules, classSector, loanClass, classOffset)
        var maxPD = [Double](repeating: 0, count: classRules.count)
        for i in loans.indices { maxPD[loanClass[i]] = max(maxPD[loanClass[i]], stepPD[i]) }
        var table = [Double](repeating: 0, count: steps * classRules.count)
        for t in 0..<steps {
            for k in classRules.indices {
                table[t * classRules.count + k] = s.copula.quantile(min(maxPD[k] * pdMultipliers[t * cohorts.count + classRules[k]], 1 - 1e-12))
            }
        }
        classThreshold = table
        var starts = [[Int]](repeating: [], count: steps + 1), ends = [[Int]](repeating: [], count: steps + 1)
        for i in loans.indices {
            if startStep[i] < steps { starts[startStep[i]].append(i) }
            if endStep[i] <= steps { ends[endStep[i]].append(i) }
        }
        startsAt = starts
        endsAt = ends
        let linked = s.linkage == nil ? [] : loans.indices.filter { loans[$0].linked }.sorted { (loanClass[$0], $0) < (loanClass[$1], $1) }
        linkedLoans = linked
        linkedStake = linked.map { loans[$0].stake ?? s.linkage!.stake }
        var index = [Int](repeating: -1, count: loans.count)
        for (j, i) in linked.enumerated() { index[i] = j }
        linkedIndex = index
        var linkedOffset = [Int](repeating: linked.count, count: classRules.count + 1)
        for (j, i) in linked.enumerated().reversed() { linkedOffset[loanClass[i]] = j }
        for k in stride(from: classRules.count - 1, through: 0, by: -1) { linkedOffset[k] = min(linkedOffset[k], linkedOffset[k + 1]) }
        self.linkedOffset = linkedOffset
    }

    /// Groups loans by (rules cohort, sector factor) and, within each, into runs of step PDs no more
    /// than `classRatio` apart (sorted ascending). Returns each class's rules and sector, each loan's
    /// class, and each class's first slot in the live list (classes laid out in order, `offset[k+1]`
    /// the end of class k).
    static func classes(rules: [Int], sectors: [Int], stepPD: [Double]) -> ([Int], [Int], [Int], [Int]) {
        let order = rules.indices.sorted { (rules[$0], sectors[$0], stepPD[$0], $0) < (rules[$1], sectors[$1], stepPD[$1], $1) }
        var classRules: [Int] = [], classSector: [Int] = [], offset: [Int] = []
        var loanClass = [Int](repeating: 0, count: rules.count)
        var low = 0.0
        for (slot, i) in order.enumerated() {
            let newClass = classRules.isEmpty || classRules.last != rules[i] || classSector.last != sectors[i] || stepPD[i] > low * classRatio
            if newClass {
                classRules.append(rules[i])
                classSector.append(sectors[i])
                offset.append(slot)
                low = stepPD[i]
            }
            loanClass[i] = classRules.count - 1
        }
        offset.append(rules.count)
        return (classRules, classSector, loanClass, offset)
    }

    /// Loan `i`'s default threshold in step `t`: `Φ⁻¹(min(q_i·m_t, 1 − 1e-12))` (the stress's PD multiplier).
    func threshold(_ i: Int, step t: Int) -> Double {
        let m = pdMultipliers[t * cohortCount + rules[i]]
        return m == 1 ? threshold[i] : copula.quantile(min(stepPD[i] * m, 1 - 1e-12))
    }
}

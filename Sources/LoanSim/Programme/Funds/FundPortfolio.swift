import Foundation
import RiskModel

/// One fund's figures on one path (万元 unless named otherwise). `irr` is NaN where it is not defined
/// (no distribution and nothing left, or no contribution).
public struct FundOutcome: Sendable, Equatable, Codable {
    /// Contributions drawn from the limited partners: tickets, follow-ons and fees.
    public var paidIn = 0.0
    public var fees = 0.0
    public var invested = 0.0
    public var distributions = 0.0
    /// The firms still held at the horizon, at cost.
    public var nav = 0.0
    public var tvpi = 0.0
    public var dpi = 0.0
    public var irr = Double.nan
    /// Firms invested in, failed (written off), exited, sold at cost after the holding period.
    public var firms = 0.0
    public var failures = 0.0
    public var exits = 0.0
    public var soldAtCost = 0.0
    /// Fund-backed firms' programme loans: granted, and defaulted (their firm failed).
    public var loans = 0.0
    public var loanDefaults = 0.0
    /// The city's cash into the fund less what it got back, by year (its share of contributions less
    /// distributions; the horizon's NAV is not cash).
    public var cityNetByYear: [Double] = []
    /// Grant-to-equity (拨投结合): grants made and paid (万元), converted into stakes at the next round,
    /// failed before a round, and the converted stakes' proceeds and value at cost at the horizon.
    public var grants = 0.0
    public var grantsPaid = 0.0
    public var grantsConverted = 0.0
    public var grantFailures = 0.0
    public var grantProceeds = 0.0
    public var grantNav = 0.0
    public init() {}

    /// The fund's result for all its partners: distributions + NAV − paid-in.
    public var gain: Double { distributions + nav - paidIn }

    /// The city's result over the horizon (a loss when positive): its share of the fund's paid-in less
    /// distributions and NAV, plus grants paid less what their stakes returned and are worth at cost.
    func cityResult(share: Double) -> Double { share * (paidIn - distributions - nav) + grantsPaid - grantProceeds - grantNav }
}

/// One fund's portfolio on one path, firm by firm (docs/model.md §3.11): each firm's class, cost, first
/// ticket and entry step, whether the fund still holds it, and its programme loan (bank, start, end;
/// bank −1: none). Firms are appended in investment order; the engine drives the phases
/// (`PathEngine+Funds.swift`).
struct FundPortfolio {
    let spec: CompiledFund
    var count = 0
    var firmClass: [Int]
    var start: [Int]
    var cost: [Double]
    var firstTicket: [Double]
    var held: [Bool]
    /// Grant-to-equity firms, and those whose grant still awaits the next round.
    var isGrant: [Bool]
    var awaitingRound: [Bool]
    var loanBank: [Int]
    var loanStart: [Int]
    var loanEnd: [Int]
    /// Net cash to the partners per step (distributions − contributions).
    var flows: [Double]
    var outcome = FundOutcome()
    /// Live fund-backed loans per bank.
    var liveLoans: [Int]

    init(_ spec: CompiledFund, steps: Int, banks: Int) {
        self.spec = spec
        let n = spec.capacity
        firmClass = Array(repeating: 0, count: n)
        start = firmClass
        cost = Array(repeating: 0, count: n)
        firstTicket = cost
        held = Array(repeating: false, count: n)
        isGrant = held
        awaitingRound = held
        loanBank = Array(repeating: -1, count: n)
        loanStart = firmClass
        loanEnd = firmClass
        flows = Array(repeating: 0, count: steps)
        liveLoans = Array(repeating: 0, count: banks)
    }

    mutating func reset(years: Int) {
        count = 0
        for i in flows.indices { flows[i] = 0 }
        for b in liveLoans.indices { liveLoans[b] = 0 }
        outcome = FundOutcome()
        outcome.cityNetByYear = Array(repeating: 0, count: years)
    }

    /// What the partners may still be asked for.
    var uncalled: Double { spec.fund.committed - outcome.paidIn }

    /// A contribution of `amount` in step `t` (tickets, follow-ons, fees).
    mutating func call(_ amount: Double, step t: Int) {
        outcome.paidIn += amount
        flows[t] -= amount
        outcome.cityNetByYear[spec.budgetYear[t]] += spec.fund.cityShare * amount
    }

    /// A distribution of `amount` in step `t` (exit proceeds, sales at cost).
    mutating func distribute(_ amount: Double, step t: Int) {
        outcome.distributions += amount
        flows[t] += amount
        outcome.cityNetByYear[spec.budgetYear[t]] -= spec.fund.cityShare * amount
    }

    /// A new firm of class `k` with `ticket` in step `t`, unless the ticket would take the fund's calls
    /// beyond its commitment less the follow-on reserve. Returns its index, or nil.
    mutating func invest(class k: Int, ticket: Double, step t: Int) -> Int? {
        let investable = spec.fund.committed * (1 - spec.fund.followOn.reserve)
        guard outcome.paidIn + ticket <= investable, let i = addFirm(class: k, cost: ticket, step: t, grant: false) else { return nil }
        outcome.firms += 1
        outcome.invested += ticket
        call(ticket, step: t)
        return i
    }

    /// Appends a firm of class `k` entering in step `t` at `cost`: held by the fund, or a grant awaiting
    /// its next round; nil when the portfolio is full.
    private mutating func addFirm(class k: Int, cost amount: Double, step t: Int, grant: Bool) -> Int? {
        guard count < firmClass.count else { return nil }
        let i = count
        count += 1
        firmClass[i] = k
        start[i] = t
        cost[i] = amount
        firstTicket[i] = amount
        held[i] = !grant
        isGrant[i] = grant
        awaitingRound[i] = grant
        loanBank[i] = -1
        return i
    }

    /// A grant of `amount` (city money) to a new firm of class `k` in step `t`, awaiting its next round.
    mutating func grant(class k: Int, amount: Double, step t: Int) {
        guard addFirm(class: k, cost: amount, step: t, grant: true) != nil else { return }
        outcome.grants += 1
        outcome.grantsPaid += amount
        outcome.cityNetByYear[spec.budgetYear[t]] += amount
    }

    /// Firm `i`'s grant converts into a stake at cost in step `t` (its holding period starts now).
    mutating func convert(_ i: Int, step t: Int) {
        awaitingRound[i] = false
        held[i] = true
        start[i] = t
        outcome.grantsConverted += 1
    }

    /// The management fee of step `t`: on the commitment in the investment period, then on the cost of
    /// the firms held; never beyond the commitment.
    mutating func chargeFee(step t: Int) {
        var base = spec.fund.committed
        if t >= spec.investmentSteps {
            base = 0
            for i in 0..<count where held[i] && !isGrant[i] { base += cost[i] }
        }
        let fee = min(base * spec.feePerStep, max(0, uncalled))
        guard fee > 0 else { return }
        outcome.fees += fee
        call(fee, step: t)
    }

    /// Firm `i`'s follow-on, one year after its first ticket, while the commitment lasts.
    mutating func followOn(_ i: Int, step t: Int) {
        let amount = spec.fund.followOn.multiple * firstTicket[i]
        guard amount > 0, amount <= uncalled else { return }
        cost[i] += amount
        outcome.invested += amount
        call(amount, step: t)
    }

    /// Firm `i` fails: its cost is written off (a grant awaiting its round stays a grant).
    mutating func fail(_ i: Int) {
        if awaitingRound[i] {
            awaitingRound[i] = false
            outcome.grantFailures += 1
            return
        }
        held[i] = false
        if !isGrant[i] { outcome.failures += 1 }
    }

    /// Firm `i` exits at `multiple` × its cost in step `t`.
    mutating func exit(_ i: Int, multiple: Double, step t: Int) {
        held[i] = false
        if isGrant[i] { return returnGrant(cost[i] * multiple, step: t) }
        outcome.exits += 1
        distribute(cost[i] * multiple, step: t)
    }

    /// Firm `i` reached the end of the holding period in step `t` and is sold at cost.
    mutating func sellAtCost(_ i: Int, step t: Int) {
        held[i] = false
        if isGrant[i] { return returnGrant(cost[i], step: t) }
        outcome.soldAtCost += 1
        distribute(cost[i], step: t)
    }

    /// A converted grant's stake sold for `amount` in step `t`: back to the city.
    mutating func returnGrant(_ amount: Double, step t: Int) {
        outcome.grantProceeds += amount
        outcome.cityNetByYear[spec.budgetYear[t]] -= amount
    }

    /// The horizon: NAV at cost, TVPI, DPI and the IRR of the flows with the NAV as a final inflow.
    mutating func finish(stepMonths: Int) {
        var nav = 0.0, grantNav = 0.0
        for i in 0..<count where held[i] {
            if isGrant[i] { grantNav += cost[i] } else { nav += cost[i] }
        }
        outcome.nav = nav
        outcome.grantNav = grantNav
        let paid = outcome.paidIn
        outcome.tvpi = paid > 0 ? (outcome.distributions + nav) / paid : 0
        outcome.dpi = paid > 0 ? outcome.distributions / paid : 0
        var cash = flows
        if !cash.isEmpty { cash[cash.count - 1] += nav }
        outcome.irr = FundIRR.annual(cash, stepMonths: stepMonths) ?? .nan
    }
}

/// The internal rate of return of a cash-flow path.
enum FundIRR {
    /// The annual rate `r` with `Σ_t flow_t (1 + r)^(−t·stepMonths/12) = 0`, flows at the end of each
    /// step counted from step 0; nil unless there is an outflow and an inflow. The present value falls
    /// in `r` when outflows come first, so the root is found by bisection on [−0.9999, 1000].
    static func annual(_ flows: [Double], stepMonths: Int) -> Double? {
        guard flows.contains(where: { $0 < 0 }), flows.contains(where: { $0 > 0 }) else { return nil }
        let years = Double(stepMonths) / 12
        func value(_ r: Double) -> Double {
            let v = 1 / pow(1 + r, years)
            var pv = 0.0, discount = 1.0
            for f in flows {
                pv += f * discount
                discount *= v
            }
            return pv
        }
        var lo = -0.9999, hi = 1000.0
        var vlo = value(lo)
        guard vlo.sign != value(hi).sign else { return nil }
        while hi - lo >= 1e-12 {
            let mid = (lo + hi) / 2
            let vm = value(mid)
            if vm == 0 { return mid }
            if vm.sign == vlo.sign { (lo, vlo) = (mid, vm) } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}

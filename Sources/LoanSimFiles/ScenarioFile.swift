import Foundation

/// `scenario.json`: the scenario as run (after `extends`, includes and overrides), written beside a
/// run's results by LoanSim and read by the reports. One Codable type used by both sides; keys are the
/// snake_case of the property names; money in 万元 (`…_wan`); absent or non-finite values are `null`.
public struct ScenarioFile: Codable, Sendable, Equatable {
    public var name: String
    public var description: String
    public var horizonMonths: Int
    /// The calendar month of month 1 (`YYYY-MM`), when the scenario states it.
    public var start: String?
    public var step: String
    public var generator: String
    public var sampling: String
    public var moneyUnit: String
    public var macro: Macro
    public var sectors: [Sector]
    public var banks: [Bank]
    public var cohorts: [Cohort]
    public var programme: Programme
    /// Every pool; `pool` repeats the first for readers of single-pool files. Optional: files written
    /// before version 0.1.0's result sets have only `pool`.
    public var pools: [Pool]?
    public var pool: Pool?
    public var breakers: [Breaker]?
    public var breaker: Breaker?
    public var stresses: [Stress]
    /// The bank's loan tape, summarised (absent without one).
    public var book: Book?
    /// "t" with `copulaNu` degrees of freedom; absent for the Gaussian copula.
    public var copula: String?
    public var copulaNu: Double?
    /// The city's funds (absent without any): each fund's own specification.
    public var funds: [FundSpec]?
    /// Invest-loan linkage: the rule's own specification (absent without it).
    public var linkage: LinkageSpec?
    /// Names' labels for the reports, by name (absent without any).
    public var labels: [String: NameLabel]?
    /// The scenario's target, its months resolved (absent without one).
    public var target: TargetSpec?

    public init(name: String, description: String, horizonMonths: Int, step: String, generator: String, sampling: String,
                macro: Macro, sectors: [Sector], banks: [Bank], cohorts: [Cohort], programme: Programme, pools: [Pool],
                breakers: [Breaker], stresses: [Stress]) {
        self.name = name
        self.description = description
        self.horizonMonths = horizonMonths
        self.step = step
        self.generator = generator
        self.sampling = sampling
        moneyUnit = "万元"
        self.macro = macro
        self.sectors = sectors
        self.banks = banks
        self.cohorts = cohorts
        self.programme = programme
        self.pools = pools
        pool = pools.first
        self.breakers = breakers
        breaker = breakers.first
        self.stresses = stresses
    }

    /// A loan tape: its file (as the scenario names it), date, live loans and amount, amount-weighted
    /// annual PD, and per loan type the count, amount and the cohort whose rules it follows.
    public struct Book: Codable, Equatable, Sendable {
        public var tape: String
        public var sha256: String
        public var asOf: String
        public var loans: Int
        public var amountWan: Double
        public var weightedAnnualPd: Double
        public var byType: [BookType]
        public init(tape: String, sha256: String, asOf: String, loans: Int, amountWan: Double, weightedAnnualPd: Double, byType: [BookType]) {
            (self.tape, self.sha256, self.asOf, self.loans, self.amountWan, self.weightedAnnualPd, self.byType) =
                (tape, sha256, asOf, loans, amountWan, weightedAnnualPd, byType)
        }
    }

    public struct BookType: Codable, Equatable, Sendable {
        public var type: String
        public var loans: Int
        public var amountWan: Double
        public var rules: String
        public init(type: String, loans: Int, amountWan: Double, rules: String) {
            (self.type, self.loans, self.amountWan, self.rules) = (type, loans, amountWan, rules)
        }
    }

    /// Every pool, from `pools` or, in older files, `pool`.
    public var allPools: [Pool] { pools ?? pool.map { [$0] } ?? [] }
    /// Every breaker, from `breakers` or, in older files, `breaker`.
    public var allBreakers: [Breaker] { breakers ?? breaker.map { [$0] } ?? [] }

    public struct Macro: Codable, Sendable, Equatable {
        public var phiMonthly: Double
        public var fixedPath: Bool
        public init(phiMonthly: Double, fixedPath: Bool) { (self.phiMonthly, self.fixedPath) = (phiMonthly, fixedPath) }
    }

    public struct Sector: Codable, Sendable, Equatable {
        public var name: String
        public var phiMonthly: Double
        public init(name: String, phiMonthly: Double) { (self.name, self.phiMonthly) = (name, phiMonthly) }
    }

    public struct Bank: Codable, Sendable, Equatable {
        public var name: String
        public var share: Double
        public init(name: String, share: Double) { (self.name, self.share) = (name, share) }
    }

    public struct Collateral: Codable, Sendable, Equatable {
        public var share: Double
        public var haircut: Double
        public var lagMonths: Int
        public init(share: Double, haircut: Double, lagMonths: Int) { (self.share, self.haircut, self.lagMonths) = (share, haircut, lagMonths) }
    }

    public struct Cohort: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public var eligible: Bool
        public var revenueWan: Double?
        public var firms: Int
        public var initialBorrowers: Int
        public var pd: Double
        public var macroLoading: Double
        public var rho: Double
        public var sector: String?
        public var sectorLoading: Double
        public var loanSizeMedianWan: Double
        public var loanSizeSigma: Double
        public var lgd: Double
        /// How the LGD moves with the cycle: nil for a fixed LGD, "frye-jacobs" for a downturn LGD whose
        /// mean is `lgd`.
        public var lgdModel: String?
        public var termMonths: Int
        public var repayment: String
        public var renewalProbability: Double
        public var demandPerYear: Double
        public var newFirmsPerYear: Double
        public var loanType: String
        /// The ratio the rules give the cohort (its override, a revenue tier, the type ratio, the term
        /// bonus), before per-loan full compensation and caps.
        public var compensationRatio: Double
        public var collateral: Collateral?
        /// The cohort's IP pledge, if its loans are pledged on IP: the rule's own specification.
        public var ipPledge: IPPledgeSpec?
        /// The cohort's policy guarantee, loss split and guarantee-insurance premium (a year, on the
        /// outstanding principal), if it has them: the other parties' own specifications.
        public var guarantee: GuaranteeSpec?
        public var lossSplit: LossSplitSpec?
        public var insurancePremium: Double?

        public init(name: String, type: String, eligible: Bool, revenueWan: Double?, firms: Int, initialBorrowers: Int, pd: Double,
                    macroLoading: Double, sector: String?, sectorLoading: Double, loanSizeMedianWan: Double, loanSizeSigma: Double,
                    lgd: Double, termMonths: Int, repayment: String, renewalProbability: Double, demandPerYear: Double,
                    newFirmsPerYear: Double, loanType: String, compensationRatio: Double, collateral: Collateral?,
                    ipPledge: IPPledgeSpec? = nil, guarantee: GuaranteeSpec? = nil, lossSplit: LossSplitSpec? = nil,
                    insurancePremium: Double? = nil) {
            (self.ipPledge, self.guarantee, self.lossSplit, self.insurancePremium) = (ipPledge, guarantee, lossSplit, insurancePremium)
            self.name = name
            self.type = type
            self.eligible = eligible
            self.revenueWan = revenueWan
            self.firms = firms
            self.initialBorrowers = initialBorrowers
            self.pd = pd
            self.macroLoading = macroLoading
            rho = macroLoading * macroLoading
            self.sector = sector
            self.sectorLoading = sectorLoading
            self.loanSizeMedianWan = loanSizeMedianWan
            self.loanSizeSigma = loanSizeSigma
            self.lgd = lgd
            self.termMonths = termMonths
            self.repayment = repayment
            self.renewalProbability = renewalProbability
            self.demandPerYear = demandPerYear
            self.newFirmsPerYear = newFirmsPerYear
            self.loanType = loanType
            self.compensationRatio = compensationRatio
            self.collateral = collateral
        }
    }

    public struct Programme: Codable, Sendable, Equatable {
        public var name: String
        public var eligibleTypes: [String]
        public var maxRevenueWan: Double?
        public var maxTermMonths: Int?
        public var ratioCredit: Double
        public var ratioCollateralised: Double
        public var perLoanCapWan: Double?
        public var claimLagMonths: Int
        public var perFirmLimitWan: Double?
        public var leverageLimit: Double?
        /// Share of each firm type's firms the city aims to give loan access (by type name).
        public var accessTargets: [String: Double]?
        /// The per-bank yearly cap on each pool's compensation, if the programme has one.
        public var perBankYearCap: BankYearCapSpec?
        /// The compensation rules beyond the two type ratios, if there are any; whether schemes stack;
        /// the cap on what all pools pay on one loss (a share of it).
        public var compensation: CompensationRulesSpec?
        public var stacking: Bool?
        public var publicCap: Double?
        public init(name: String, eligibleTypes: [String], maxRevenueWan: Double?, maxTermMonths: Int?, ratioCredit: Double,
                    ratioCollateralised: Double, perLoanCapWan: Double?, claimLagMonths: Int, perFirmLimitWan: Double?, leverageLimit: Double?,
                    accessTargets: [String: Double]? = nil, perBankYearCap: BankYearCapSpec? = nil,
                    compensation: CompensationRulesSpec? = nil, stacking: Bool? = nil, publicCap: Double? = nil) {
            (self.compensation, self.stacking, self.publicCap) = (compensation, stacking, publicCap)
            self.accessTargets = accessTargets
            self.perBankYearCap = perBankYearCap
            self.name = name
            self.eligibleTypes = eligibleTypes
            self.maxRevenueWan = maxRevenueWan
            self.maxTermMonths = maxTermMonths
            self.ratioCredit = ratioCredit
            self.ratioCollateralised = ratioCollateralised
            self.perLoanCapWan = perLoanCapWan
            self.claimLagMonths = claimLagMonths
            self.perFirmLimitWan = perFirmLimitWan
            self.leverageLimit = leverageLimit
        }
    }

    public struct Funder: Codable, Sendable, Equatable {
        public var name: String
        public var share: Double
        public init(name: String, share: Double) { (self.name, self.share) = (name, share) }
    }

    public struct Pool: Codable, Sendable, Equatable {
        public var name: String
        public var scheme: String?
        public var shareOfScheme: Double?
        public var funders: [Funder]
        public var initialWan: Double
        /// The scheduled top-ups and the shortfall rule: the payout rule's own specifications.
        public var topUps: [TopUpSpec]
        public var interestRate: Double
        public var adminFeeRate: Double
        public var shortfall: ShortfallRule
        /// The yearly refill rule, if the pool has one.
        public var refill: RefillSpec?
        /// Which loans the pool covers (when not all) and its scheme's own compensation rules (if any).
        public var covers: PoolCoverageSpec?
        public var compensation: CompensationRulesSpec?
        /// The pool's own per-bank-year cap, on the balance of the loans it covers (if it has one).
        public var perBankYearCap: BankYearCapSpec?
        public init(name: String, scheme: String, shareOfScheme: Double, funders: [Funder], initialWan: Double, topUps: [TopUpSpec],
                    interestRate: Double, adminFeeRate: Double, shortfall: ShortfallRule, refill: RefillSpec? = nil,
                    covers: PoolCoverageSpec? = nil, compensation: CompensationRulesSpec? = nil, perBankYearCap: BankYearCapSpec? = nil) {
            (self.covers, self.compensation, self.perBankYearCap) = (covers, compensation, perBankYearCap)
            self.refill = refill
            self.name = name
            self.scheme = scheme
            self.shareOfScheme = shareOfScheme
            self.funders = funders
            self.initialWan = initialWan
            self.topUps = topUps
            self.interestRate = interestRate
            self.adminFeeRate = adminFeeRate
            self.shortfall = shortfall
        }
    }

    /// The breaker's own specification (Rules/CircuitBreakerSpec.swift): no mirror.
    public typealias Breaker = CircuitBreakerSpec

    public struct Stress: Codable, Sendable, Equatable {
        public var name: String
        public var fromMonth: Int
        public var toMonth: Int
        public var macroShift: Double
        public var pdMultiplier: Double
        public var collateralHaircut: Double
        public var ipValueHaircut: Double
        public var rhoMultiplier: Double
        public var cohorts: [String]
        public var sectors: [String]
        public init(name: String, fromMonth: Int, toMonth: Int, macroShift: Double, pdMultiplier: Double, collateralHaircut: Double,
                    ipValueHaircut: Double, rhoMultiplier: Double, cohorts: [String], sectors: [String]) {
            self.name = name
            self.fromMonth = fromMonth
            self.toMonth = toMonth
            self.macroShift = macroShift
            self.pdMultiplier = pdMultiplier
            self.collateralHaircut = collateralHaircut
            self.ipValueHaircut = ipValueHaircut
            self.rhoMultiplier = rhoMultiplier
            self.cohorts = cohorts
            self.sectors = sectors
        }
    }
}

/// How LoanSim's files are encoded and decoded: snake_case keys, sorted, pretty-printed (so the same
/// content gives the same bytes); a decoding error names the file and the field.
public enum OutputCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw OutputFileError(file: file, problem: describe(error))
        }
    }

    /// "field a.b[2].c: what is wrong", from a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\(snake($0.stringValue))" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let c): return "field \(path(c.codingPath + [key])) is missing"
        case .typeMismatch(let t, let c): return "field \(path(c.codingPath)): expected \(t)"
        case .valueNotFound(let t, let c): return "field \(path(c.codingPath)): expected \(t), found null"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not JSON" : "field \(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "unreadable"
        }
    }

    /// camelCase → snake_case, as the encoder writes keys.
    static func snake(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}

/// A LoanSim file that cannot be decoded: the file and the field.
public struct OutputFileError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String
    public var description: String { "\(file): \(problem)" }
}

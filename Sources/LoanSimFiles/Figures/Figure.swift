/// Every per-path figure a run reports, declared once: its key (in `summary.json`'s `metrics`, as
/// `paths.csv`'s column with `_wan` for money, and in `compare`/`sweep` files), its unit and kind, its
/// English and Chinese labels and a one-line glossary text. The engine reads each off a path
/// (`MetricDefinition` in LoanSim), stdout and the reports label it from here: there is no other label
/// table for these, and a misspelt figure is a compile error (`Figure.poolPaid`, not `"pool_paid"`).
public enum Figure: String, CaseIterable, Sendable, Codable {
    case grossLoss = "gross_loss", poolPaid = "pool_paid", bankNetLoss = "bank_net_loss", unpaidClaims = "unpaid_claims"
    case poolBalanceEnd = "pool_balance_end", defaults
    case exposureAtDefault = "exposure_at_default", recoveries, claimsFiled = "claims_filed", claimsAfterHorizon = "claims_after_horizon"
    case bankRetained = "bank_retained", topUps = "top_ups", interest, adminFees = "admin_fees"
    case loansOriginated = "loans_originated", lendingVolume = "lending_volume", breakerTrips = "breaker_trips"
    case guarantorLoss = "guarantor_loss", insurerLoss = "insurer_loss", appraiserLoss = "appraiser_loss"
    case claimsDenied = "claims_denied", ipRecoveries = "ip_recoveries", clawbackPools = "clawback_pools"
    case clawbackOtherParties = "clawback_other_parties"
    case guaranteeFees = "guarantee_fees", insurancePremiums = "insurance_premiums", appraisalFees = "appraisal_fees"
    case appraisalSubsidies = "appraisal_subsidies"
    case interestIncome = "interest_income", fundingCost = "funding_cost", operatingCost = "operating_cost", feeIncome = "fee_income"
    case bankNetIncome = "bank_net_income", bankNetIncomeWithoutCompensation = "bank_net_income_without_compensation"
    case raroc, rarocWithoutCompensation = "raroc_without_compensation", capitalYears = "capital_years"
    case linkageInvested = "linkage_invested", linkageProceeds = "linkage_proceeds", linkageNet = "linkage_net"
    case combinedNetIncome = "combined_net_income", exits
    case interestSubsidies = "interest_subsidies", guaranteeFeeSubsidies = "guarantee_fee_subsidies"
    case insuranceSubsidies = "insurance_subsidies", fiscalCost = "fiscal_cost", fiscalCostPV = "fiscal_cost_pv"
    case firmsFinanced = "firms_financed", newFirmsFinanced = "new_firms_financed", renewals
    case returningBorrowers = "returning_borrowers", distinctFirmsFinanced = "distinct_firms_financed"

    /// What a figure counts, which decides its unit and how it is printed.
    public enum Kind: String, Sendable {
        case money, loans, firms, count, ratio
        public var unit: String {
            switch self {
            case .money: return "万元"
            case .loans: return "loans"
            case .firms: return "firms"
            case .count: return "count"
            case .ratio: return "ratio"
            }
        }
    }

    /// One figure's declaration.
    public struct Declaration: Sendable {
        public let kind: Kind
        public let en: String
        public let zh: String
        public let glossary: String
    }

    public var kind: Kind { declaration.kind }
    public var unit: String { declaration.kind.unit }
    public var key: String { rawValue }
    /// The label in Chinese or English.
    public func label(chinese: Bool) -> String { chinese ? declaration.zh : declaration.en }
    public var glossary: String { declaration.glossary }

    /// The first six are the headline ones, in this order.
    public static let headline: [Figure] = [.grossLoss, .poolPaid, .bankNetLoss, .unpaidClaims, .poolBalanceEnd, .defaults]

    public var declaration: Declaration {
        switch self {
        case .grossLoss: return .init(kind: .money, en: "Gross principal loss", zh: "本金损失", glossary: "principal lost on defaulted loans after recoveries; compensation is computed on it")
        case .poolPaid: return .init(kind: .money, en: "Pool paid", zh: "资金池代偿", glossary: "compensation the pools paid within the horizon")
        case .bankNetLoss: return .init(kind: .money, en: "Bank net loss", zh: "银行净损失", glossary: "gross loss less compensation received and every other party's share")
        case .unpaidClaims: return .init(kind: .money, en: "Unpaid claims at horizon", zh: "期末未付代偿申请", glossary: "claims filed but not paid by the end of the horizon (the queue)")
        case .poolBalanceEnd: return .init(kind: .money, en: "Pool balance at horizon", zh: "期末资金池余额", glossary: "the pools' balance at the end of the horizon")
        case .defaults: return .init(kind: .loans, en: "Defaults", zh: "违约笔数", glossary: "loans that defaulted within the horizon")
        case .exposureAtDefault: return .init(kind: .money, en: "Exposure at default", zh: "违约敞口", glossary: "outstanding principal of the loans that defaulted")
        case .recoveries: return .init(kind: .money, en: "Recoveries", zh: "回收", glossary: "collateral and unsecured recoveries of defaulted loans")
        case .claimsFiled: return .init(kind: .money, en: "Claims filed", zh: "代偿申请", glossary: "claims filed with the pools within the horizon")
        case .claimsAfterHorizon: return .init(kind: .money, en: "Claims due after horizon", zh: "期后申请", glossary: "claims that would be filed after the horizon, left out of every pool figure")
        case .bankRetained: return .init(kind: .money, en: "Loss outside compensation", zh: "银行自担损失", glossary: "the part of the loss no rule lets the bank claim (1 − ratio, amounts above the cap)")
        case .topUps: return .init(kind: .money, en: "Pool top-ups", zh: "补充资金", glossary: "scheduled top-ups and refills paid into the pools")
        case .interest: return .init(kind: .money, en: "Pool interest", zh: "资金池利息", glossary: "interest earned on the pools' balance")
        case .adminFees: return .init(kind: .money, en: "Pool admin fees", zh: "管理费", glossary: "administration fees charged on the pools' balance")
        case .loansOriginated: return .init(kind: .loans, en: "Loans originated", zh: "新发放笔数", glossary: "programme loans granted after the start (fresh loans and renewals)")
        case .lendingVolume: return .init(kind: .money, en: "New lending (at mean size)", zh: "新发放金额", glossary: "principal of the loans originated, at the cohorts' mean loan size")
        case .breakerTrips: return .init(kind: .count, en: "Breaker trips", zh: "熔断次数", glossary: "times a circuit breaker began to act on a bank")
        case .guarantorLoss: return .init(kind: .money, en: "Guarantor's share of loss", zh: "担保机构分担", glossary: "the guarantor's share of the loss, before recoveries")
        case .insurerLoss: return .init(kind: .money, en: "Insurer's share of loss", zh: "保险机构分担", glossary: "the insurer's share of the loss, before recoveries")
        case .appraiserLoss: return .init(kind: .money, en: "Appraiser's share of loss", zh: "评估机构分担", glossary: "the appraiser's share of the loss, before recoveries")
        case .claimsDenied: return .init(kind: .money, en: "Claims denied or capped at filing", zh: "拒付或超限代偿", glossary: "claims cut at filing: per-bank-year caps, a breaker stopping compensation, denial by the pool")
        case .ipRecoveries: return .init(kind: .money, en: "IP disposal recoveries", zh: "知识产权处置回收", glossary: "recoveries from disposing of pledged IP, realised within the horizon")
        case .clawbackPools: return .init(kind: .money, en: "Recoveries returned to pools", zh: "返还资金池", glossary: "IP recoveries returned to the pools pro rata (clawback)")
        case .clawbackOtherParties: return .init(kind: .money, en: "Recoveries returned to other parties", zh: "返还其他分担方", glossary: "IP recoveries returned to the guarantor, insurer and appraiser")
        case .guaranteeFees: return .init(kind: .money, en: "Guarantee fees", zh: "担保费", glossary: "guarantee fees on the outstanding principal")
        case .insurancePremiums: return .init(kind: .money, en: "Insurance premiums", zh: "保证保险保费", glossary: "credit-insurance premiums on the outstanding principal")
        case .appraisalFees: return .init(kind: .money, en: "Appraisal fees", zh: "评估费", glossary: "IP appraisal fees at origination")
        case .appraisalSubsidies: return .init(kind: .money, en: "Appraisal-fee subsidies", zh: "评估费补贴", glossary: "the government's subsidy of appraisal fees")
        case .interestIncome: return .init(kind: .money, en: "Bank interest income", zh: "利息收入", glossary: "interest at the programme rate on the outstanding principal")
        case .fundingCost: return .init(kind: .money, en: "Bank funding cost", zh: "资金成本", glossary: "the bank's funding cost on the outstanding principal")
        case .operatingCost: return .init(kind: .money, en: "Bank operating cost", zh: "运营成本", glossary: "the bank's operating cost on the outstanding principal")
        case .feeIncome: return .init(kind: .money, en: "Bank fee income", zh: "手续费收入", glossary: "upfront fees on loans granted")
        case .bankNetIncome: return .init(kind: .money, en: "Bank net income", zh: "银行净收益", glossary: "income less costs and credit losses net of compensation")
        case .bankNetIncomeWithoutCompensation: return .init(kind: .money, en: "Bank net income without compensation", zh: "无补偿时净收益", glossary: "the same if the pools paid nothing")
        case .raroc: return .init(kind: .ratio, en: "RAROC", zh: "有补偿 RAROC", glossary: "annual net income ÷ average capital held, with compensation")
        case .rarocWithoutCompensation: return .init(kind: .ratio, en: "RAROC without compensation", zh: "无补偿 RAROC", glossary: "the same without compensation or its capital relief")
        case .capitalYears: return .init(kind: .money, en: "Capital held (× years)", zh: "占用资本（×年）", glossary: "capital held against the book times the years it is held")
        case .linkageInvested: return .init(kind: .money, en: "Linkage stakes bought", zh: "投贷联动投资", glossary: "equity stakes bought in linked firms")
        case .linkageProceeds: return .init(kind: .money, en: "Linkage proceeds", zh: "投贷联动回收", glossary: "exit proceeds, and stakes still held at the horizon at cost")
        case .linkageNet: return .init(kind: .money, en: "Linkage net gain", zh: "投贷联动净收益", glossary: "linkage proceeds less stakes bought")
        case .combinedNetIncome: return .init(kind: .money, en: "Loan + equity net income", zh: "投贷合计净收益", glossary: "bank net income plus the linkage net gain")
        case .exits: return .init(kind: .count, en: "Linked-firm exits", zh: "退出企业数", glossary: "linked firms that exited (IPO or sale) within the horizon")
        case .interestSubsidies: return .init(kind: .money, en: "Interest subsidies (贴息)", zh: "贴息", glossary: "the government's interest subsidy on the outstanding principal")
        case .guaranteeFeeSubsidies: return .init(kind: .money, en: "Guarantee-fee subsidies", zh: "担保费补贴", glossary: "the government's subsidy of guarantee fees")
        case .insuranceSubsidies: return .init(kind: .money, en: "Insurance-premium subsidies", zh: "保费补贴", glossary: "the government's subsidy of insurance premiums")
        case .fiscalCost: return .init(kind: .money, en: "Fiscal cost", zh: "财政成本", glossary: "pool paid + subsidies + admin fees − clawback to the pools")
        case .fiscalCostPV: return .init(kind: .money, en: "Fiscal cost, present value", zh: "财政成本现值", glossary: "the fiscal cost discounted at the scenario's rate")
        case .firmsFinanced: return .init(kind: .loans, en: "Loans financed (initial book + new, renewals included)", zh: "贷款笔数（期初+新发放，含续贷）", glossary: "loans in the initial book and granted since, renewals included")
        case .newFirmsFinanced: return .init(kind: .firms, en: "First-time borrowers", zh: "首次获贷企业", glossary: "fresh loans to firms that never had a programme loan")
        case .renewals: return .init(kind: .loans, en: "Renewals", zh: "续贷笔数", glossary: "loans renewed at maturity")
        case .returningBorrowers: return .init(kind: .firms, en: "Returning borrowers (fresh loans)", zh: "再次获贷企业", glossary: "fresh loans to firms that had a programme loan before")
        case .distinctFirmsFinanced: return .init(kind: .firms, en: "Distinct firms financed", zh: "获贷企业（户）", glossary: "firms with a programme loan in the horizon (initial book and first-time borrowers)")
        }
    }
}

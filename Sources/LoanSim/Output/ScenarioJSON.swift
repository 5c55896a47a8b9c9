/// The resolved scenario (after `extends`, includes and overrides) as JSON, written beside a run's
/// results so that reports can restate every input with its unit.
public enum ScenarioJSON {
    public static func render(_ s: Scenario) -> String {
        func amount(_ x: Double) -> JSONValue { .number(x) }
        let cohorts: [JSONValue] = s.cohorts.map { c in
            var pairs: [(String, JSONValue)] = [
                ("name", .string(c.name)), ("type", .string(c.type.rawValue)),
                ("eligible", .bool(s.programme.eligibility.admits(c))),
                ("revenue_wan", c.revenueWan.map(JSONValue.number) ?? .null),
                ("firms", .integer(c.firms)), ("initial_borrowers", .integer(c.initialBorrowers)),
                ("pd", .number(c.pd)), ("macro_loading", .number(c.macroLoading)), ("rho", .number(c.macroLoading * c.macroLoading)),
                ("sector", c.sector.map(JSONValue.string) ?? .null), ("sector_loading", .number(c.sectorLoading)),
                ("loan_size_median_wan", amount(c.loanSize.median)), ("loan_size_sigma", .number(c.loanSize.sigma)),
                ("lgd", .number(c.lgd)), ("term_months", .integer(c.termMonths)), ("repayment", .string(c.repayment.rawValue)),
                ("renewal_probability", .number(c.renewalProbability)), ("demand_per_year", .number(c.demandPerYear)),
                ("new_firms_per_year", .number(c.newFirmsPerYear)), ("loan_type", .string(c.loanType.rawValue)),
                // The ratio the rules give this cohort (its override, a revenue tier, the type ratio, the term
                // bonus), before per-loan full compensation and caps.
                ("compensation_ratio", .number(s.programme.baseRatio(c))),
            ]
            if let col = c.collateral {
                pairs.append(("collateral", .object([("share", .number(col.share)), ("haircut", .number(col.haircut)),
                                                      ("lag_months", .integer(col.lagMonths))])))
            }
            return .object(pairs)
        }
        let p = s.programme
        func pool(_ pool: PoolSpec) -> JSONValue {
            .object([
                ("name", .string(pool.name)), ("scheme", .string(pool.schemeName)), ("share_of_scheme", .number(pool.share)),
                ("funders", .array(pool.funders.map { .object([("name", .string($0.name)), ("share", .number($0.share))]) })),
                ("initial_wan", amount(pool.initialCapital)),
                ("top_ups", .array(pool.topUps.map { .object([("month", .integer($0.month)), ("amount_wan", amount($0.amount))]) })),
                ("interest_rate", .number(pool.interestRate)), ("admin_fee_rate", .number(pool.adminFeeRate)),
                ("shortfall", .string(pool.shortfall.rawValue)),
            ])
        }
        func breaker(_ b: BreakerSpec) -> JSONValue {
            .object([("metric", .string(b.metric.rawValue)), ("threshold", .number(b.threshold)), ("window_months", .integer(b.windowMonths)),
                     ("min_suspension_months", .integer(b.minSuspensionMonths)), ("action", .string(b.action.rawValue)),
                     ("until_recovered", .bool(b.untilRecovered))])
        }
        let root: JSONValue = .object([
            ("name", .string(s.name)), ("description", .string(s.description)),
            ("horizon_months", .integer(s.horizonMonths)), ("step", .string(s.step.rawValue)),
            ("generator", .string(s.generator.rawValue)), ("sampling", .string(s.sampling.rawValue)),
            ("money_unit", .string("万元")),
            ("macro", .object([("phi_monthly", .number(s.macro.phi)), ("fixed_path", .bool(s.macro.path != nil))])),
            ("sectors", .array(s.sectors.map { .object([("name", .string($0.name)), ("phi_monthly", .number($0.phi))]) })),
            ("banks", .array(s.banks.map { .object([("name", .string($0.name)), ("share", .number($0.share))]) })),
            ("cohorts", .array(cohorts)),
            ("programme", .object([
                ("name", .string(p.name)),
                ("eligible_types", .array(p.eligibility.types.map { .string($0.rawValue) })),
                ("max_revenue_wan", p.eligibility.maxRevenueWan.map(JSONValue.number) ?? .null),
                ("max_term_months", p.maxTermMonths.map(JSONValue.integer) ?? .null),
                ("ratio_credit", .number(p.creditRatio)), ("ratio_collateralised", .number(p.collateralisedRatio)),
                ("per_loan_cap_wan", amount(p.perLoanCap)), ("claim_lag_months", .integer(p.claimLagMonths)),
                ("per_firm_limit_wan", amount(p.perFirmLimit)), ("leverage_limit", p.leverageLimit.map(JSONValue.number) ?? .null),
            ])),
            // Every pool and breaker; `pool` and `breaker` repeat the first for readers of single-pool files.
            ("pools", .array(s.pools.map(pool))),
            ("pool", pool(s.pool)),
            ("breakers", .array(s.breakers.map(breaker))),
            ("breaker", s.breaker.map(breaker) ?? .null),
            ("stresses", .array(s.stresses.map { st in
                .object([("name", .string(st.name)), ("from_month", .integer(st.fromMonth)), ("to_month", .integer(st.toMonth)),
                         ("macro_shift", .number(st.macroShift)), ("pd_multiplier", .number(st.pdMultiplier)),
                         ("collateral_haircut", .number(st.collateralHaircut)), ("ip_value_haircut", .number(st.ipValueHaircut)),
                         ("rho_multiplier", .number(st.rhoMultiplier)),
                         ("cohorts", .array(st.cohorts.map(JSONValue.string))), ("sectors", .array(st.sectors.map(JSONValue.string)))])
            })),
        ])
        return root.rendered() + "\n"
    }
}

extension SummaryFile {
    /// What moves the headline answer (`summary.json` `drivers`), in three kinds: Monte Carlo error (the
    /// run's own estimate and standard error), parameter uncertainty (the run at the posterior's 10%,
    /// 50% and 90% PD draws) and assumptions (the tornado: each input the scenario tags with a `range:`,
    /// set to both ends). All but the first on `paths` paths of the run's seed (common random numbers):
    /// changes are paired, with their own standard errors.
    public struct Drivers: Codable, Equatable, Sendable {
        /// `depletion.monthN`, and the year it ends ("2029", "year 5"; the horizon without a target).
        public var metric: String
        public var byLabel: String
        /// The year's index in the figures by year (`depletion.by_year`, `calendar_years`).
        public var year: Int
        public var monteCarlo: Estimate
        public var paths: Int
        /// The scenario as given on `paths` paths: the base of every change below.
        public var base: Estimate
        public var parameterQuantiles: [ParameterQuantile]
        /// By swing (the larger of the two changes in absolute value), largest first.
        public var assumptions: [Assumption]
        /// With a whole-record posterior (`posterior_block: record_conditioned`): the answer beside the
        /// counts' posterior alone, on the same paths.
        public var posteriors: Posteriors?
        public var definition: String

        public init(metric: String, byLabel: String, year: Int, monteCarlo: Estimate, paths: Int, base: Estimate, parameterQuantiles: [ParameterQuantile],
                    assumptions: [Assumption], definition: String) {
            (self.metric, self.byLabel, self.year, self.monteCarlo, self.paths, self.base) = (metric, byLabel, year, monteCarlo, paths, base)
            (self.parameterQuantiles, self.assumptions, self.definition) = (parameterQuantiles, assumptions, definition)
        }
    }

    /// An estimate with its standard error and, against the base on the same paths, its change and that change's standard error.
    public struct Estimate: Codable, Equatable, Sendable {
        public var estimate: Double
        public var se: Double
        public var change: Double?
        public var changeSe: Double?
        public init(estimate: Double, se: Double, change: Double? = nil, changeSe: Double? = nil) {
            (self.estimate, self.se, self.change, self.changeSe) = (estimate, se, change, changeSe)
        }

        // A standard error of one path is not finite: written as null, read back as NaN.
        enum CodingKeys: String, CodingKey { case estimate, se, change, changeSe }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(estimate: try c.decodeNumber(forKey: .estimate), se: try c.decodeNumber(forKey: .se),
                      change: try c.decodeIfPresent(Double.self, forKey: .change),
                      changeSe: try c.contains(.changeSe) ? c.decodeNumber(forKey: .changeSe) : nil)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeNumber(estimate, forKey: .estimate)
            try c.encodeNumber(se, forKey: .se)
            if let change { try c.encodeNumber(change, forKey: .change) }
            if let changeSe { try c.encodeNumber(changeSe, forKey: .changeSe) }
        }
    }

    /// P(dry) by year and the record checks' agreement under the whole record's posterior (the run's) and
    /// the counts' alone; `countOnlyHeadline` paired against the whole record's.
    public struct Posteriors: Codable, Equatable, Sendable {
        public var wholeRecordByYear: [Double]
        public var wholeRecordByYearSe: [Double?]
        public var countOnlyByYear: [Double]
        public var countOnlyByYearSe: [Double?]
        public var countOnlyHeadline: Estimate
        public var checks: [PosteriorCheck]
        /// Per calibrated scenario cohort: the annual PD's posterior mean, 5% and 95% under each posterior.
        public var pd: [PosteriorPD]?
        public init(wholeRecordByYear: [Double], wholeRecordByYearSe: [Double?], countOnlyByYear: [Double], countOnlyByYearSe: [Double?],
                    countOnlyHeadline: Estimate, checks: [PosteriorCheck]) {
            (self.wholeRecordByYear, self.wholeRecordByYearSe, self.countOnlyByYear, self.countOnlyByYearSe) =
                (wholeRecordByYear, wholeRecordByYearSe, countOnlyByYear, countOnlyByYearSe)
            (self.countOnlyHeadline, self.checks) = (countOnlyHeadline, checks)
        }
    }

    public struct PosteriorPD: Codable, Equatable, Sendable {
        public var cohort: String
        /// [mean, 5%, 95%] of the draws.
        public var wholeRecord: [Double]
        public var countOnly: [Double]
        public init(cohort: String, wholeRecord: [Double], countOnly: [Double]) {
            (self.cohort, self.wholeRecord, self.countOnly) = (cohort, wholeRecord, countOnly)
        }
    }

    public struct PosteriorCheck: Codable, Equatable, Sendable {
        public var name: String
        public var nameZh: String
        public var pAgreeWholeRecord: Double
        public var pAgreeCountOnly: Double
        public init(name: String, nameZh: String, pAgreeWholeRecord: Double, pAgreeCountOnly: Double) {
            (self.name, self.nameZh, self.pAgreeWholeRecord, self.pAgreeCountOnly) = (name, nameZh, pAgreeWholeRecord, pAgreeCountOnly)
        }
    }

    public struct ParameterQuantile: Codable, Equatable, Sendable {
        public var quantile: Double
        /// The draw's annual PD by calibrated cohort.
        public var pd: [String: Double]
        public var headline: Estimate
        public var byYear: [Double]
        /// null where not finite (a run of one path).
        public var byYearSe: [Double?]
        public init(quantile: Double, pd: [String: Double], headline: Estimate, byYear: [Double], byYearSe: [Double?]) {
            (self.quantile, self.pd, self.headline, self.byYear, self.byYearSe) = (quantile, pd, headline, byYear, byYearSe)
        }
    }

    public struct Assumption: Codable, Equatable, Sendable {
        /// The key path, the scenario's value and the range's ends as the file writes them, and the tag's line.
        public var key: String
        public var value: String
        public var low: String
        public var high: String
        public var line: Int
        public var atLow: Estimate
        public var atHigh: Estimate
        public init(key: String, value: String, low: String, high: String, line: Int, atLow: Estimate, atHigh: Estimate) {
            (self.key, self.value, self.low, self.high, self.line, self.atLow, self.atHigh) = (key, value, low, high, line, atLow, atHigh)
        }

        public var swing: Double { max(abs(atLow.change ?? 0), abs(atHigh.change ?? 0)) }
    }
}

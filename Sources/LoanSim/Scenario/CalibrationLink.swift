/// A scenario's link to a calibration (`calibration:` in the YAML): which cohorts take their PD and ρ
/// from `loansim calibrate`'s posterior, the point estimate the plain run uses, and the posterior draws
/// each path picks from when parameter uncertainty is on.
public struct CalibrationLink: Sendable, Equatable {
    public enum Point: String, Sendable, Equatable, CaseIterable {
        case posteriorMean = "posterior_mean", posteriorMedian = "posterior_median", mle
    }

    /// `calibration.json` as resolved, and its SHA-256.
    public var file: String
    public var sha256: String
    public var point: Point
    /// Run with (PD, ρ) drawn from the posterior, one draw per path, beside the point-estimate run.
    public var parameterUncertainty: Bool
    /// Scenario cohort indices that are calibrated, with the calibrated cohort each maps to and its PD scale.
    public var cohorts: [Mapped]
    /// `pd[k][j]`: annual PD of mapped cohort k in draw j (scale applied); `rho[j]`: ρ in draw j.
    public var pdDraws: [[Double]]
    public var rhoDraws: [Double]
    /// The point values applied to the cohorts (scale applied).
    public var pointPD: [Double]
    public var pointRho: Double

    public struct Mapped: Sendable, Equatable {
        public var cohort: Int
        public var from: String
        public var pdScale: Double
    }

    public var drawCount: Int { rhoDraws.count }

    /// Which posterior of `calibration.json` the draws are: the counts' (`counts`) or the whole record's.
    public enum Block: String, Sendable, Equatable, CaseIterable {
        case counts, recordConditioned = "record_conditioned"
    }
    public var block: Block = .counts

    /// The other posterior's draws, mapped as `pdDraws`/`rhoDraws`: with `record_conditioned`, the
    /// count-only posterior, so that a run can say how much the rest of the record moves its answer.
    public struct Draws: Sendable, Equatable {
        public var pdDraws: [[Double]]
        public var rhoDraws: [Double]
    }
    public var countOnly: Draws?

    /// With a whole-record posterior averaged over the breaker's readings: each draw's reading (an index
    /// into `Scenario.breakerVariants`), its name and settings; nil otherwise.
    public var variantDraws: [Int]?
    public var variants: [Variant] = []
    public struct Variant: Sendable, Equatable {
        public var name: String
        public var nameZh: String
        public var settings: [ScenarioOverride]
    }
}

extension Scenario {
    /// The same scenario with parameter uncertainty off: every path at the point estimate.
    public var atPointEstimate: Scenario {
        var s = self
        s.calibration?.parameterUncertainty = false
        return s
    }

    /// The same scenario drawing from the count-only posterior (nil when the scenario does not draw from
    /// the whole record's).
    public var withCountOnlyPosterior: Scenario? {
        guard var c = calibration, let other = c.countOnly else { return nil }
        (c.pdDraws, c.rhoDraws, c.block, c.countOnly, c.variantDraws) = (other.pdDraws, other.rhoDraws, .counts, nil, nil)
        var s = self
        s.calibration = c
        return s
    }

    /// True when the run draws (PD, ρ) per path.
    public var drawsParameters: Bool { calibration?.parameterUncertainty == true && (calibration?.drawCount ?? 0) > 0 }
}

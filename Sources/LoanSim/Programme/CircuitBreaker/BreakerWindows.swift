/// The per-bank statistics of the last `slots` steps that the circuit breakers look back over.
struct BreakerWindows {
    enum Series: Int, CaseIterable { case defaultExposure, loss, compensation, guarantorPaid, outstanding }
    let slots: Int
    let banks: Int
    private let values: UnsafeMutableBufferPointer<Double>

    init(maxWindowSteps: Int, banks: Int, memory: EngineMemory) {
        slots = ringSlots(maxWindowSteps + 1)
        self.banks = banks
        values = memory.buffer(Series.allCases.count * slots * banks, 0.0)
    }

    private func index(_ series: Series, _ step: Int, _ bank: Int) -> Int { (series.rawValue * slots + (step & (slots - 1))) * banks + bank }

    mutating func reset() { for i in values.indices { values[i] = 0 } }

    mutating func record(_ series: Series, step: Int, bank: Int, _ value: Double) { values[index(series, step, bank)] = value }

    func value(_ series: Series, step: Int, bank: Int) -> Double { values[index(series, step, bank)] }

    /// The sum of `series` over the `window` steps ending with `step` (window ≤ step + 1), newest first.
    func sum(_ series: Series, window: Int, endingAt step: Int, bank: Int) -> Double {
        var s = 0.0
        let mask = slots - 1, base = series.rawValue * slots
        for j in 0..<window { s += values[(base + ((step - j) & mask)) * banks + bank] }
        return s
    }
}

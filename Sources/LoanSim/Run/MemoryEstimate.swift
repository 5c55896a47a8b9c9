import LoanSimFiles
import Foundation

/// An up-front estimate of a run's peak memory, so that a run that cannot fit is refused with the
/// estimate, the limit and what to change, instead of aborting in the allocator.
///
/// Per path: the outcome record with its small arrays (≈ 1.6 KB measured on B1: 187 MB at 100,000
/// paths), the three per-step series as `Float`, and the sorted copies the summary statistics make
/// (one `Double` column per metric in flight, two threads).
public enum MemoryEstimate {
    public static func bytes(paths: Int, steps: Int, pools: Int, banks: Int) -> Double {
        // The outcome, its arrays (pools, banks, checkpoints) and the budget by year (flows and pool costs).
        let years = Double((steps + 11) / 12)
        let outcome = Double(MemoryLayout<PathOutcome>.stride) + 64 * 5 + 8 * Double(2 * pools * 10 + 2 * banks)
            + 8 * years * Double(BudgetFlow.allCases.count + pools)
        let series = Double(3 * steps * 4)
        let statistics = 2 * 8.0 * 2
        return Double(paths) * (outcome + series + statistics + 1024) + 64e6
    }

    /// The memory a run may use: 80% of the machine's physical memory.
    public static var limit: Double { Double(ProcessInfo.processInfo.physicalMemory) * 0.8 }

    /// Nil when `paths` fits, else a message naming the estimate, the limit and the largest count that fits.
    public static func refusal(paths: Int, steps: Int, pools: Int, banks: Int, option: String) -> String? {
        let need = bytes(paths: paths, steps: steps, pools: pools, banks: banks)
        let cap = limit
        guard need > cap else { return nil }
        let perPath = (need - 64e6) / Double(paths)
        let fits = max(0, Int((cap - 64e6) / perPath))
        return String(format: "%@ %d needs about %.1f GB of memory; this machine allows %.1f GB (80%% of its memory). Use %@ %d or fewer%@, or use --precision METRIC=SE to stop once the standard error is small enough.",
                      option, paths, need / 1e9, cap / 1e9, option, fits, option == "--paths" ? ", let the run keep its per-path results on disk (--spill auto)" : "")
    }
}

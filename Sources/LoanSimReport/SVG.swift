import LoanSimFiles
import Foundation

/// Inline SVG charts: no scripts, no external resources. Each chart is an `<svg>` with a
/// `data-chart` attribute naming it (the browser test looks for them) and `<title>` tooltips.
struct SVGChart {
    let id: String
    /// The page's content width (960 px less its padding): charts use all of it.
    let width = 928.0
    let height: Double
    let left = 84.0, right = 60.0, top = 16.0, bottom = 46.0
    var body: [String] = []

    init(id: String, height: Double = 320) {
        self.id = id
        self.height = height
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func x(_ v: Double, _ lo: Double, _ hi: Double) -> Double { left + (hi > lo ? (v - lo) / (hi - lo) : 0.5) * plotWidth }
    func y(_ v: Double, _ lo: Double, _ hi: Double) -> Double { top + plotHeight - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * plotHeight }

    mutating func add(_ element: String) { body.append(element) }

    /// The chart in a container that scrolls sideways where the screen is narrower than the chart (a phone).
    func render(label: String) -> String {
        "<div class=\"chart\"><svg data-chart=\"\(id)\" role=\"img\" aria-label=\"\(esc(label))\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#fff\"/>"
            + body.joined() + "</svg></div>"
    }

    /// Axes with nice ticks; `fmt` formats the y ticks.
    mutating func axes(xLo: Double, xHi: Double, yLo: Double, yHi: Double, xLabel: String, yLabel: String,
                       xTicks: [Double]? = nil, fmt: (Double) -> String, xFmt: ((Double) -> String)? = nil) {
        for t in niceTicks(yLo, yHi) {
            let yy = y(t, yLo, yHi)
            add("<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" stroke=\"#e5e7eb\"/>")
            add("<text x=\"\(f(left - 6))\" y=\"\(f(yy + 4))\" text-anchor=\"end\" class=\"tick\">\(esc(fmt(t)))</text>")
        }
        for t in xTicks ?? niceTicks(xLo, xHi) {
            let xx = x(t, xLo, xHi), label = xFmt?(t) ?? shortNumber(t)
            add("<line x1=\"\(f(xx))\" x2=\"\(f(xx))\" y1=\"\(f(top + plotHeight))\" y2=\"\(f(top + plotHeight + 4))\" stroke=\"#6b7280\"/>")
            // A label that would reach left of the axis starts at its tick, clear of the y labels.
            let atEdge = xx - Self.textWidth(label) / 2 < left + 2
            add("<text x=\"\(f(xx))\" y=\"\(f(top + plotHeight + 17))\" text-anchor=\"\(atEdge ? "start" : "middle")\" class=\"tick\">\(esc(label))</text>")
        }
        add("<line x1=\"\(f(left))\" x2=\"\(f(left + plotWidth))\" y1=\"\(f(top + plotHeight))\" y2=\"\(f(top + plotHeight))\" stroke=\"#6b7280\"/>")
        add("<line x1=\"\(f(left))\" x2=\"\(f(left))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\" stroke=\"#6b7280\"/>")
        add("<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\" class=\"axis\">\(esc(xLabel))</text>")
        add("<text transform=\"translate(14 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">\(esc(yLabel))</text>")
    }

    /// A title for a second scale on the right-hand side, read bottom to top as the left one is (its
    /// glyphs rise leftwards from the baseline, so it stays inside the chart's right edge).
    mutating func rightAxisTitle(_ title: String, color: String) {
        add("<text transform=\"translate(\(f(width - 5)) \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" class=\"axis\" style=\"fill:\(color)\">\(esc(title))</text>")
    }

    mutating func polyline(_ points: [(Double, Double)], color: String, width: Double = 2, dash: String? = nil, title: String? = nil) {
        let d = points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        add("<polyline points=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(width))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")>"
            + (title.map { "<title>\(esc($0))</title>" } ?? "") + "</polyline>")
    }

    mutating func band(upper: [(Double, Double)], lower: [(Double, Double)], color: String, opacity: Double, title: String) {
        let pts = (upper + lower.reversed()).map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
        add("<polygon points=\"\(pts)\" fill=\"\(color)\" fill-opacity=\"\(f(opacity))\" stroke=\"none\"><title>\(esc(title))</title></polygon>")
    }

    mutating func rect(x: Double, y: Double, w: Double, h: Double, color: String, title: String) {
        add("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(w, 0)))\" height=\"\(f(max(h, 0)))\" fill=\"\(color)\"><title>\(esc(title))</title></rect>")
    }

    /// Estimated width of `s` at the 11 px mark font: CJK characters are about square, others narrower.
    static func textWidth(_ s: String) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 11.5 : 6.6) }
    }

    /// A dashed vertical marker with its label in row `row` (14 px apart from the top of the plot), right
    /// of the line (`side` +1) or left of it (−1); by default right unless the label would leave the plot.
    mutating func vline(at xx: Double, color: String, label: String, dash: String = "5 4", row: Int = 0, side: Int? = nil) {
        add("<line x1=\"\(f(xx))\" x2=\"\(f(xx))\" y1=\"\(f(top))\" y2=\"\(f(top + plotHeight))\" stroke=\"\(color)\" stroke-width=\"1.5\" stroke-dasharray=\"\(dash)\"/>")
        let fits = xx + 4 + Self.textWidth(label) <= left + plotWidth
        let flip = side.map { $0 < 0 } ?? !fits
        add("<text x=\"\(f(flip ? xx - 4 : xx + 4))\" y=\"\(f(top + 12 + Double(row) * 14))\" text-anchor=\"\(flip ? "end" : "start")\" class=\"mark\" fill=\"\(color)\">\(esc(label))</text>")
    }

    mutating func text(_ s: String, x: Double, y: Double, anchor: String = "start", cls: String = "tick", color: String? = nil) {
        // A style (not a fill attribute) so that the colour wins over the stylesheet's class rule.
        add("<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" class=\"\(cls)\"\(color.map { " style=\"fill:\($0)\"" } ?? "")>\(esc(s))</text>")
    }
}

func f(_ x: Double) -> String { String(format: "%.1f", x) }

func esc(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

/// About five round tick values spanning [lo, hi].
/// The decimals that tell `niceTicks(lo, hi)` apart: none for a step of 1 or more, else the step's.
func tickDecimals(_ lo: Double, _ hi: Double) -> Int {
    let ticks = niceTicks(lo, hi)
    guard ticks.count > 1 else { return 0 }
    let step = ticks[1] - ticks[0]
    return (0...6).first { d in
        let scaled = step * pow(10, Double(d))
        return abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled)
    } ?? 6
}

func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
    guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
    let raw = (hi - lo) / Double(count)
    let mag = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
    // Integer multiples of the step, rounded to its decimals (3 × 0.2 is 0.6000000000000001 otherwise).
    let scale = pow(10, max(0, -floor(log10(step)) + 1))
    var k = ceil(lo / step), out: [Double] = []
    while k * step <= hi + step * 1e-9 {
        let t = (k * step * scale).rounded() / scale
        out.append(t == 0 ? 0 : t)
        k += 1
    }
    return out
}

/// A whole number as text, "–" when the value read from a file is not a finite number.
func wholeText(_ x: Double) -> String {
    x.isFinite && abs(x) < 1e15 ? String(Int(x.rounded())) : "–"
}

func shortNumber(_ x: Double) -> String {
    if x == x.rounded() && abs(x) < 1e9 { return String(Int(x)) }
    return String(format: "%.2g", x)
}

/// A sequential colour from pale to dark blue for t in [0, 1].
func heatColor(_ t: Double) -> String {
    let u = min(max(t.isFinite ? t : 0, 0), 1)
    let r = Int(239 - u * (239 - 30)), g = Int(246 - u * (246 - 64)), b = Int(255 - u * (255 - 175))
    return String(format: "#%02x%02x%02x", r, g, b)
}

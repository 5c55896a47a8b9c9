import Foundation

/// Maximises a smooth function of unconstrained variables: BFGS with a backtracking line search, on
/// central-difference gradients (a few variables) or the caller's own (`gradient:`; hundreds of
/// cohorts, docs/calibration.md). Deterministic.
public enum Optimizer {
    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        public var iterations: Int
    }

    /// The maximum of `f` from `start`. `f` may return −∞ outside its domain.
    public static func maximize(_ f: ([Double]) -> Double, gradient analytic: (([Double]) -> [Double])? = nil, start: [Double],
                                gradientTolerance: Double = 1e-6, maxIterations: Int = 200) -> Result {
        let n = start.count
        var x = start
        var fx = f(x)
        if n == 0 { return Result(x: x, value: fx, iterations: 0) }
        func grad(_ x: [Double]) -> [Double] { analytic?(x) ?? gradient(f, x) }
        var g = grad(x)
        var h = identity(n)  // approximation of the inverse of −Hessian
        var it = 0
        while it < maxIterations {
            it += 1
            if g.map(abs).max()! < gradientTolerance { break }
            var dir = multiply(h, g)
            if dot(dir, g) <= 0 {
                h = identity(n)
                dir = g
            }
            var step = 1.0
            var xn = x, fn = -Double.infinity
            var accepted = false
            for _ in 0..<60 {
                xn = zip(x, dir).map { $0 + step * $1 }
                fn = f(xn)
                if fn.isFinite && fn >= fx + 1e-4 * step * dot(dir, g) { accepted = true; break }
                step *= 0.5
            }
            if !accepted { break }
            let gn = grad(xn)
            let sv = zip(xn, x).map { $0 - $1 }
            let yv = zip(g, gn).map { $0 - $1 }   // gradient of −f: y = ∇(−f)(xn) − ∇(−f)(x)
            let sy = dot(sv, yv)
            if sy > 1e-12 {
                let hy = multiply(h, yv)
                let yhy = dot(yv, hy)
                for i in 0..<n {
                    for j in 0..<n {
                        h[i][j] += (sy + yhy) * sv[i] * sv[j] / (sy * sy) - (hy[i] * sv[j] + sv[i] * hy[j]) / sy
                    }
                }
            }
            let improvement = fn - fx
            x = xn
            fx = fn
            g = gn
            if improvement < 1e-13 * max(1, abs(fx)) && g.map(abs).max()! < 1e-3 { break }
        }
        return Result(x: x, value: fx, iterations: it)
    }

    /// Central-difference gradient.
    public static func gradient(_ f: ([Double]) -> Double, _ x: [Double], step: Double = 1e-5) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        var xp = x
        for i in x.indices {
            xp[i] = x[i] + step
            let up = f(xp)
            xp[i] = x[i] - step
            let down = f(xp)
            xp[i] = x[i]
            g[i] = (up.isFinite && down.isFinite) ? (up - down) / (2 * step) : 0
        }
        return g
    }

    /// Central-difference Hessian.
    public static func hessian(_ f: ([Double]) -> Double, _ x: [Double], step: Double = 1e-4) -> [[Double]] {
        let n = x.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        let f0 = f(x)
        for i in 0..<n {
            for j in i..<n {
                var v = x
                if i == j {
                    v[i] = x[i] + step
                    let up = f(v)
                    v[i] = x[i] - step
                    let down = f(v)
                    h[i][i] = (up - 2 * f0 + down) / (step * step)
                } else {
                    func at(_ di: Double, _ dj: Double) -> Double {
                        var w = x
                        w[i] += di
                        w[j] += dj
                        return f(w)
                    }
                    let value = (at(step, step) - at(step, -step) - at(-step, step) + at(-step, -step)) / (4 * step * step)
                    h[i][j] = value
                    h[j][i] = value
                }
            }
        }
        return h
    }

    static func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } }
    }

    static func multiply(_ m: [[Double]], _ v: [Double]) -> [Double] {
        m.map { row in dot(row, v) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }
}

/// Small dense linear algebra for covariance matrices.
public enum SmallMatrix {
    /// Cholesky factor `L` (lower) of a symmetric positive-definite matrix, or nil if it is not.
    public static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        return l
    }

    /// Inverse of a symmetric positive-definite matrix, or nil.
    public static func inverse(_ a: [[Double]]) -> [[Double]]? {
        guard let l = cholesky(a) else { return nil }
        let n = a.count
        var inv = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for col in 0..<n {
            var y = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var s = i == col ? 1.0 : 0.0
                for k in 0..<i { s -= l[i][k] * y[k] }
                y[i] = s / l[i][i]
            }
            var x = [Double](repeating: 0, count: n)
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = y[i]
                for k in (i + 1)..<n { s -= l[k][i] * x[k] }
                x[i] = s / l[i][i]
            }
            for i in 0..<n { inv[i][col] = x[i] }
        }
        return inv
    }
}

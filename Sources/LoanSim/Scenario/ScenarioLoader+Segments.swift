import Foundation
import TextFormats
import Yams

/// `segments:` — a scenario made of other scenarios' books (the city's whole sci-tech book). Each entry
/// takes the cohorts of another scenario file (with what it extends), renamed `SEGMENT/COHORT`, scaled
/// by `scale` (firms, borrowers at the start and new firms a year), and says which pool pays for them:
/// `pool: own` brings that file's pool, named as the segment (its `initial` scaled, its programme's compensation ratios and
/// per-bank-year cap as the pool's own, covering only these cohorts) and its breakers, each reading and suspending these
/// cohorts only (after the scenario's own breaker, in `breakers:`), `pool: NAME` adds them to a pool already here, `pool:
/// none` leaves them with their banks. The file's own pools are narrowed to its own cohorts. Every
/// segment's file must be a valid scenario by itself; a problem in it is named in it. Other rules of a
/// segment's file (leverage, eligibility; the breakers of a segment paid by another pool) are not
/// brought: the scenario states them (docs/model-choices.md).
extension ScenarioLoader {
    static let segmentKeys = ["name", "from", "take", "scale", "pool", "label_zh", "label_en"]

    static func applySegments(in path: String, to tree: Node, sources: inout SourceLog, depth: Int, chain: [String]) throws -> Node {
        guard case .mapping(var map) = tree, let list = map["segments"] else { return tree }
        map["segments"] = nil
        func issue(_ node: Node?, _ key: String, _ message: String, _ allowed: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, keyPath: key,
                                         message: message, allowed: allowed)])
        }
        guard let entries = list.sequence else { throw issue(list, "segments", "expected a list", "segments: [{name: ip, from: x.yaml, pool: own}]") }
        var cohorts = Array(map["cohorts"]?.sequence ?? Node.Sequence([]))
        let ownNames = cohorts.compactMap { $0.mapping?["name"]?.scalar?.string }
        // The file's own pools pay for its own cohorts only.
        var pools: [Node]
        if let one = map["pool"] { pools = [one] } else { pools = Array(map["pools"]?.sequence ?? Node.Sequence([])) }
        map["pool"] = nil
        pools = pools.map { covering($0, ownNames) }
        var broughtBreakers: [Node] = []
        for (i, entry) in entries.enumerated() {
            let key = "segments[\(i)]"
            guard let e = entry.mapping else { throw issue(entry, key, "expected a mapping", "{name: ip, from: x.yaml, pool: own}") }
            if let unknown = e.keys.compactMap(\.scalar?.string).first(where: { !segmentKeys.contains($0) }) {
                throw issue(entry, key + "." + unknown, "unknown key '\(unknown)'", segmentKeys.joined(separator: ", "))
            }
            guard let name = e["name"]?.scalar?.string, !name.isEmpty, !name.contains("/"), !name.contains(".") else {
                throw issue(e["name"] ?? entry, key + ".name", "a segment needs a name (no '/' or '.')", "e.g. name: ip-pledge")
            }
            guard let from = e["from"]?.scalar?.string else { throw issue(entry, key + ".from", "a segment needs the scenario file it takes", "from: zhengzhou-ip-pledge.yaml") }
            let file = (resolve(from, relativeTo: path) as NSString).standardizingPath
            guard FileManager.default.isReadableFile(atPath: file) else { throw issue(e["from"], key + ".from", "cannot read '\(file)'", "a scenario file, relative to this one") }
            var layers: [Layer] = []
            let other = try composeWithExtends(path: file, sources: &sources, layers: &layers, depth: depth + 1, chain: chain + [(path as NSString).standardizingPath])
            let ctx = ReadContext(file: file)
            ctx.baseDirectory = PathName.parent(file)
            _ = try read(other, ctx: ctx)
            let scaleText = e["scale"]?.scalar?.string ?? "1"
            guard let scale = DecimalNumber.parse(scaleText), scale.isFinite, scale > 0, scale <= 1000 else {
                throw issue(e["scale"], key + ".scale", "'\(scaleText)' is not a scale", "a number, 0 < scale ≤ 1000")
            }
            let available = other.mapping?["cohorts"]?.sequence.map(Array.init) ?? []
            let wanted = e["take"]?.sequence?.compactMap(\.scalar?.string)
            var taken: [String] = []
            for c in available {
                guard var m = c.mapping, let n = m["name"]?.scalar?.string, wanted?.contains(n) ?? true else { continue }
                m["name"] = Node(name + "/" + n)
                for k in ["firms", "initial_borrowers", "new_firms_per_year"] {
                    if let t = m[k]?.scalar?.string, let v = DecimalNumber.parse(t) { m[k] = Node(plain((v * scale).rounded())) }
                }
                cohorts.append(.mapping(m))
                taken.append(name + "/" + n)
            }
            if let wanted, let missing = wanted.first(where: { w in !taken.contains(name + "/" + w) }) {
                throw issue(e["take"], key + ".take", "'\(file)' has no cohort '\(missing)'", available.compactMap { $0.mapping?["name"]?.scalar?.string }.joined(separator: ", "))
            }
            let poolChoice = e["pool"]?.scalar?.string ?? "own"
            switch poolChoice {
            case "none": break
            case "own":
                guard var p = (other.mapping?["pool"] ?? other.mapping?["pools"]?.sequence?.first)?.mapping else {
                    throw issue(e["pool"] ?? entry, key + ".pool", "'\(file)' has no pool of its own", "own (the file has a pool), none, or a pool's name here")
                }
                if let t = p["initial"]?.scalar?.string, let v = Quantity.amountWan(t) { p["initial"] = Node(plain(v * scale) + "万") }
                if let comp = other.mapping?["programme"]?.mapping?["compensation"], p["compensation"] == nil { p["compensation"] = comp }
                // The scheme's per-bank-year cap becomes its pool's own, on the balance of the loans the pool covers.
                if let cap = other.mapping?["programme"]?.mapping?["per_bank_year_cap"], p["per_bank_year_cap"] == nil, cap.mapping != nil {
                    p["per_bank_year_cap"] = cap
                }
                for k in ["label_zh", "label_en"] where e[k] != nil { p[k] = e[k] }
                p["scheme"] = nil
                p["name"] = Node(name)        // the segment's pool, by the segment's name
                pools.append(covering(.mapping(p), taken))
                broughtBreakers += try breakers(of: other, segment: name, taken: taken, file: file)
            default:
                guard let k = pools.firstIndex(where: { $0.mapping?["name"]?.scalar?.string == poolChoice }) else {
                    throw issue(e["pool"], key + ".pool", "no pool named '\(poolChoice)' here", "own, none, or one of: " + pools.compactMap { $0.mapping?["name"]?.scalar?.string }.joined(separator: ", "))
                }
                pools[k] = covering(pools[k], (pools[k].mapping?["covers"]?.mapping?["cohorts"]?.sequence?.compactMap(\.scalar?.string) ?? []) + taken)
            }
        }
        map["cohorts"] = .sequence(Node.Sequence(cohorts))
        map["pools"] = .sequence(Node.Sequence(pools))
        if !broughtBreakers.isEmpty {
            // The scenario's own breaker first (a calibration's readings are of it), then the schemes'.
            var list: [Node] = []
            if let one = map["breaker"], one.mapping != nil { list = [one] } else if let many = map["breakers"]?.sequence { list = Array(many) }
            map["breaker"] = nil
            map["breakers"] = .sequence(Node.Sequence(list + broughtBreakers))
        }
        return .mapping(map)
    }

    /// The breakers of a segment's file (`breaker:` or `breakers:`), each reading and suspending the
    /// segment's cohorts only (`cohorts:` renamed to the segment's; a breaker naming none of the taken
    /// cohorts is left behind). A breaker that cannot be narrowed to cohorts (a pools' figure, a stop of
    /// compensation) is refused at its place in that file.
    static func breakers(of other: Node, segment: String, taken: [String], file: String) throws -> [Node] {
        let list: [Node]
        if let one = other.mapping?["breaker"], one.mapping != nil { list = [one] } else { list = Array(other.mapping?["breakers"]?.sequence ?? Node.Sequence([])) }
        return try list.compactMap { b in
            guard var m = b.mapping else { return nil }
            if m["metric"]?.scalar?.string == "compensation_to_balance" || m["action"]?.scalar?.string == "stop_compensation" {
                throw ScenarioError([ScenarioIssue(file: file, line: b.mark?.line ?? 1, column: b.mark?.column ?? 1, keyPath: "breaker",
                    message: "segment '\(segment)' brings this breaker on its own cohorts, and compensation_to_balance or stop_compensation cannot be narrowed to cohorts",
                    allowed: "in the segment: pool: none or a pool's name (the file's breakers stay behind); or a breaker that suspends lending on an overdue, loss or guarantor payout rate")])
            }
            let named = m["cohorts"]?.sequence?.compactMap(\.scalar?.string).map { segment + "/" + $0 }
            let book = named.map { n in taken.filter { n.contains($0) } } ?? taken
            guard !book.isEmpty else { return nil }
            m["cohorts"] = .sequence(Node.Sequence(book.map { Node($0) }))
            return .mapping(m)
        }
    }

    /// `pool` narrowed to the cohorts `names` (its other conditions kept).
    static func covering(_ pool: Node, _ names: [String]) -> Node {
        guard var p = pool.mapping else { return pool }
        var covers = p["covers"]?.mapping ?? Node.Mapping([])
        covers["cohorts"] = .sequence(Node.Sequence(names.map { Node($0) }))
        p["covers"] = .mapping(covers)
        return .mapping(p)
    }

    /// A number as a plain decimal (no exponent).
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.6f", x).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }
}

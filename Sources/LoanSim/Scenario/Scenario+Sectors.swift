extension Scenario {
    /// Names of the by-sector outputs: the scenario's sector factors, then sectors named only by a cohort
    /// or a tape loan. Empty when nothing names a sector (no by-sector outputs).
    public var outputSectors: [String] {
        var names = sectors.map(\.name)
        for c in cohorts { if let n = c.sector, !names.contains(n) { names.append(n) } }
        for l in book?.tape.loans ?? [] { if let n = l.sector, !names.contains(n) { names.append(n) } }
        return names
    }
}

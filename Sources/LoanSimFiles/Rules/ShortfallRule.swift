/// What a pool does when its balance cannot pay the claims due (`pools[].shortfall`). One type read
/// from YAML (`Programme/PoolPayout/PoolPayoutReader`), echoed in `scenario.json` as its raw value and
/// described by the report.
public enum ShortfallRule: String, Codable, Sendable, Equatable, CaseIterable {
    /// Claims wait in filing order and are paid, partly if need be, as money arrives.
    case fifo
    /// All waiting claims are paid the same fraction of what they are owed; the rest waits.
    case proRata = "pro_rata"
    /// What cannot be paid when a claim is filed is denied (falls to the bank) and reported.
    case deny

    /// Whether a claim can wait in the pool's queue (it cannot under denial).
    @inlinable public var queues: Bool { self != .deny }

    /// The rule in words, in both report languages.
    public func describe(chinese zh: Bool) -> (label: String, value: String) {
        switch self {
        case .fifo:
            return zh ? ("资金不足时", "按申请先后排队，到账即付（可部分支付）")
                      : ("When money runs short", "claims wait in filing order and are paid, partly if need be, as money arrives")
        case .proRata:
            return zh ? ("资金不足时", "所有待付申请按相同比例支付，余额继续等待")
                      : ("When money runs short", "every waiting claim is paid the same share of what it is owed; the rest waits")
        case .deny:
            return zh ? ("资金不足时", "申请时无法支付的部分不予代偿，由银行承担")
                      : ("When money runs short", "what cannot be paid when a claim is filed is denied and falls to the bank")
        }
    }
}

//! Why a call ended: the reasons `phone.discardCall` and `phoneCallDiscarded` carry.

/// Why a call ended, as `phoneCallDiscardReason*` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiscardReason {
    /// Not answered in time (`phoneCallDiscardReasonMissed`).
    Missed,
    /// The exchange or the connection failed (`phoneCallDiscardReasonDisconnect`).
    Disconnect,
    /// A party hung up (`phoneCallDiscardReasonHangup`).
    Hangup,
    /// The callee is busy or declined (`phoneCallDiscardReasonBusy`).
    Busy,
}

//! Mistakes in a generator body that the driver catches: what they are, and the
//! message the resuming call panics with (none while dropping: then the body is
//! just unwound).

/// A bug in a generator body that the driver reports (by panicking, except while
/// dropping, when it just unwinds the body).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Misuse {
    WrongGenerator,
    LocalInSendable,
    TwoAtOnce,
    StartedSub,
    UnstartedSub,
    ClosedSub,
    BadReraise,
    ForeignFuture,
    NotReceived,
    LostOnReturn,
    Inconsistent,
}

impl Misuse {
    pub(crate) fn message(self) -> &'static str {
        match self {
            Misuse::WrongGenerator => {
                "a generator handle was used inside another generator, or after its own generator \
                 was dropped; a handle only works in the body it was given to"
            }
            Misuse::LocalInSendable => {
                "a LocalGen (whose body need not be Send) was handed to yield_from in a chain \
                 driven by a Gen, which is Send; delegate to it from a LocalGen's body instead"
            }
            Misuse::TwoAtOnce => {
                "a generator body awaited two of its yields at once (join! or select! of yields?); \
                 a generator is suspended at one yield at a time"
            }
            Misuse::StartedSub => {
                "yield_from was given a generator that is already suspended at a yield; CPython \
                 resumes it with None, but gensend will not invent a value of the sent type: \
                 resume it with one with yield_from_sending(sub, value)"
            }
            Misuse::UnstartedSub => {
                "yield_from_sending was given a generator that has not started (CPython: \
                 can't send non-None value to a just-started generator); yield_from starts it"
            }
            Misuse::ClosedSub => {
                "yield_from was given a closed generator whose return value is gone (taken, or it \
                 was closed or unwound before returning); CPython evaluates that to None, which \
                 yield_from_or_none does"
            }
            Misuse::BadReraise => {
                "reraise can only re-raise the kind of interrupt being handled in this resume \
                 (a throw while handling a throw, Exit while handling a close)"
            }
            Misuse::ForeignFuture => {
                "a generator body awaited a future that is not one of its handle's (yield_, \
                 try_yield, yield_from, ...); a generator can only suspend at its own yields"
            }
            Misuse::NotReceived => {
                "the value delivered to the generator was not received by the yield it was \
                 suspended at (was that yield future dropped, e.g. by select!?)"
            }
            Misuse::LostOnReturn => {
                "the generator body returned while a yielded or delivered value was still in \
                 flight (was a yield future dropped, e.g. by select!?)"
            }
            Misuse::Inconsistent => "internal error: the generator state was inconsistent at a resume",
        }
    }
}

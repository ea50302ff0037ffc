//! The RESP2 parser of `examples/resp.rs`: the same messages and the same typed
//! errors however the input is split into chunks.

#[path = "../examples/resp.rs"]
#[allow(dead_code)]
mod resp;

use gensend::{SendError, State, Step};
use proptest::prelude::*;
use resp::{ErrorKind, Limit, Limits, ParseError, RECORDED, Value, parse_chunks, parser};

fn bulk(text: &str) -> Value {
    Value::Bulk(text.into())
}

/// `RECORDED`, message by message.
fn recorded_messages() -> Vec<Value> {
    vec![
        Value::Array(vec![bulk("SET"), bulk("key"), bulk("value")]),
        Value::Simple(b"OK".to_vec()),
        Value::Integer(42),
        Value::NullBulk,
        Value::Array(vec![Value::Array(vec![Value::Integer(1)]), Value::Error(b"ERR x".to_vec())]),
    ]
}

/// `input` cut at the given offsets (sorted, each in `0..=input.len()`).
fn split(input: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut chunks = Vec::new();
    let mut from = 0;
    for &cut in cuts {
        chunks.push(input[from..cut].to_vec());
        from = cut;
    }
    chunks.push(input[from..].to_vec());
    chunks
}

type Outcome = (Vec<Value>, Result<u64, ParseError>);

/// Every how many bytes the cut points of the exhaustive splits are tried: every
/// byte natively; every 16th under Miri (`scripts/miri.sh`), which interprets
/// every step (the three-point splits of `RECORDED` alone are ~70,000 parses).
/// Single cuts are tried at every byte either way.
const CUT_STRIDE: usize = if cfg!(miri) { 16 } else { 1 };

/// proptest's default natively (256 cases, or `PROPTEST_CASES`; failures
/// persisted in `resp.proptest-regressions` and replayed). Under Miri, 4 cases
/// and no failure persistence (Miri's isolation refuses its file access).
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if cfg!(miri) {
        config.cases = 4;
        config.failure_persistence = None;
    }
    config
}

/// Checks that every split of `input` at one or two points (the second every
/// [`CUT_STRIDE`] bytes), and one byte at a time, gives `expected`.
fn assert_split_invariant(input: &[u8], limits: Limits, expected: &Outcome) {
    let n = input.len();
    assert_eq!(&parse_chunks(limits, [input.to_vec()]), expected, "one chunk");
    assert_eq!(&parse_chunks(limits, input.chunks(1).map(<[u8]>::to_vec)), expected, "byte by byte");
    for i in 0..=n {
        assert_eq!(&parse_chunks(limits, split(input, &[i])), expected, "split at {i}");
        for j in (i..=n).step_by(CUT_STRIDE) {
            assert_eq!(&parse_chunks(limits, split(input, &[i, j])), expected, "split at {i}, {j}");
        }
    }
}

#[test]
fn recorded_stream_parses_into_its_five_messages() {
    assert_eq!(parse_chunks(Limits::default(), [RECORDED]), (recorded_messages(), Ok(5)));
}

#[test]
fn recorded_stream_gives_the_same_messages_split_at_every_one_or_two_points() {
    assert_split_invariant(RECORDED, Limits::default(), &(recorded_messages(), Ok(5)));
}

#[test]
fn recorded_stream_gives_the_same_messages_split_at_every_three_points() {
    let expected = (recorded_messages(), Ok(5));
    let n = RECORDED.len();
    for i in (0..=n).step_by(CUT_STRIDE) {
        for j in (i..=n).step_by(CUT_STRIDE) {
            for k in (j..=n).step_by(CUT_STRIDE) {
                assert_eq!(parse_chunks(Limits::default(), split(RECORDED, &[i, j, k])), expected);
            }
        }
    }
}

#[test]
fn each_send_returns_the_next_complete_message_or_none() {
    let mut p = parser(Limits::default());
    // Two messages and half of a third in one chunk: one message per send.
    assert_eq!(
        p.send(b"+A\r\n:1\r\n$5\r\nhe".to_vec()),
        Ok(Step::Yielded(Some(Value::Simple(b"A".to_vec()))))
    );
    assert_eq!(p.send(Vec::new()), Ok(Step::Yielded(Some(Value::Integer(1)))));
    assert_eq!(p.send(Vec::new()), Ok(Step::Yielded(None)), "a partial message yields nothing");
    assert_eq!(p.send(b"l".to_vec()), Ok(Step::Yielded(None)));
    assert_eq!(p.send(b"lo\r\n".to_vec()), Ok(Step::Yielded(Some(bulk("hello")))));
    assert_eq!(p.close(), Ok(Some(Ok(3))));
}

#[test]
fn messages_before_an_error_in_the_same_chunk_are_delivered_first() {
    let mut p = parser(Limits::default());
    assert_eq!(p.send(b":1\r\n:2\r\n?".to_vec()), Ok(Step::Yielded(Some(Value::Integer(1)))));
    assert_eq!(p.send(Vec::new()), Ok(Step::Yielded(Some(Value::Integer(2)))));
    let error = ParseError { offset: 8, kind: ErrorKind::BadType(b'?') };
    assert_eq!(p.send(Vec::new()), Ok(Step::Complete(Err(error))));
    assert_eq!(p.state(), State::Closed);
    assert_eq!(
        p.send(b"+more\r\n".to_vec()),
        Err(SendError::Closed(b"+more\r\n".to_vec())),
        "chunk handed back"
    );
    assert_eq!(error.to_string(), "unknown type byte '?' at byte 8");
}

#[test]
fn closing_with_input_left_over_is_truncated_at_the_first_undelivered_byte() {
    let mut p = parser(Limits::default());
    assert_eq!(p.send(b"+OK\r\n+NEXT\r\n".to_vec()), Ok(Step::Yielded(Some(Value::Simple(b"OK".to_vec())))));
    // "+NEXT" is complete but was never taken with another send.
    assert_eq!(p.close(), Ok(Some(Err(ParseError { offset: 5, kind: ErrorKind::Truncated }))));

    let mut p = parser(Limits::default());
    assert_eq!(p.close(), Ok(Some(Ok(0))), "no input at all is a clean end");
}

fn tight() -> Limits {
    Limits { max_line: 4, max_bulk: 4, max_array: 2, max_depth: 3, max_message: 16 }
}

fn err(offset: u64, kind: ErrorKind) -> Result<u64, ParseError> {
    Err(ParseError { offset, kind })
}

#[test]
fn malformed_inputs_give_the_same_typed_error_at_every_split() {
    use ErrorKind::*;
    let ok = || vec![Value::Simple(b"OK".to_vec())];
    let cases: Vec<(&[u8], Limits, Outcome)> = vec![
        // bad type byte
        (b"+OK\r\n?huh\r\n", Limits::default(), (ok(), err(5, BadType(b'?')))),
        (b"*2\r\n:1\r\n!\r\n", Limits::default(), (vec![], err(8, BadType(b'!')))),
        // bad length
        (b"$3x\r\nabc\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        (b"*\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        // negative length other than -1
        (b"$-2\r\n", Limits::default(), (vec![], err(0, BadLength(-2)))),
        (b"+OK\r\n*-5\r\n", Limits::default(), (ok(), err(5, BadLength(-5)))),
        // missing \r\n
        (b":1\n", Limits::default(), (vec![], err(2, BadLineEnd))),
        (b"+OK\rX\n", Limits::default(), (vec![], err(4, BadLineEnd))),
        (b"$3\n", Limits::default(), (vec![], err(2, BadLineEnd))),
        (b"$3\r\nabcd\r\n", Limits::default(), (vec![], err(7, BadLineEnd))),
        (b"$3\r\nabc\rx", Limits::default(), (vec![], err(8, BadLineEnd))),
        // non-digit integer
        (b":12a\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        (b":\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        (b":-\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        (b":+5\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        (b":9223372036854775808\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        (b"$99999999999999999999\r\n", Limits::default(), (vec![], err(0, BadInteger))),
        // too deep / too large
        (b"*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", tight(), (vec![], err(12, TooDeep))),
        (b"*1\r\n*1\r\n*1\r\n*0\r\n", tight(), (vec![], err(12, TooDeep))),
        (b"$5\r\nhello\r\n", tight(), (vec![], err(0, TooLarge(Limit::Bulk)))),
        (b"$9223372036854775807\r\n", Limits::default(), (vec![], err(0, TooLarge(Limit::Bulk)))),
        (b"*3\r\n:1\r\n:2\r\n:3\r\n", tight(), (vec![], err(0, TooLarge(Limit::Array)))),
        (b"+HELLO\r\n", tight(), (vec![], err(0, TooLarge(Limit::Line)))),
        (b"+HELLO", tight(), (vec![], err(0, TooLarge(Limit::Line)))),
        (b"*2\r\n$3\r\nabc\r\n$3\r\ndef\r\n", tight(), (vec![], err(0, TooLarge(Limit::Message)))),
        (b"*2\r\n$4\r\nabcd\r\n$1\r\n", tight(), (vec![], err(0, TooLarge(Limit::Message)))),
        // input ends inside a message
        (b"*2\r\n:1\r\n", Limits::default(), (vec![], err(0, Truncated))),
        (b"+OK\r\n+PART", Limits::default(), (ok(), err(5, Truncated))),
        (b"$5\r\nhel", Limits::default(), (vec![], err(0, Truncated))),
        (b"+OK\r", Limits::default(), (vec![], err(0, Truncated))),
    ];
    for (input, limits, expected) in cases {
        let shown = String::from_utf8_lossy(input);
        let result = std::panic::catch_unwind(|| assert_split_invariant(input, limits, &expected));
        assert!(result.is_ok(), "input {shown:?}");
    }
}

#[test]
fn values_at_exactly_each_limit_are_accepted() {
    // Line of 4, bulk of 4, arrays of 2 elements nested 3 deep in a message of
    // exactly 16 bytes.
    let at_limits: &[u8] = b"+HELL\r\n$4\r\nabcd\r\n*2\r\n*1\r\n*0\r\n:1\r\n*-1\r\n";
    let expected = vec![
        Value::Simple(b"HELL".to_vec()),
        bulk("abcd"),
        Value::Array(vec![Value::Array(vec![Value::Array(vec![])]), Value::Integer(1)]),
        Value::NullArray,
    ];
    assert_split_invariant(at_limits, tight(), &(expected, Ok(4)));
}

#[test]
fn integers_cover_the_whole_i64_range() {
    let input = b":-9223372036854775808\r\n:9223372036854775807\r\n:007\r\n:-0\r\n";
    let expected = [i64::MIN, i64::MAX, 7, 0].map(Value::Integer).to_vec();
    assert_split_invariant(input, Limits::default(), &(expected, Ok(4)));
}

#[test]
fn bulk_strings_are_binary_safe() {
    let input = b"$4\r\n\r\n\r\n\r\n$0\r\n\r\n";
    let expected = vec![Value::Bulk(b"\r\n\r\n".to_vec()), Value::Bulk(vec![])];
    assert_split_invariant(input, Limits::default(), &(expected, Ok(2)));
}

#[test]
fn a_declared_length_within_limits_waits_for_its_bytes() {
    // 256 MiB declared, 2 bytes sent: the parser waits (nothing is allocated
    // from the declared length), and closing reports the truncated message.
    let mut p = parser(Limits::default());
    assert_eq!(p.send(b"$268435456\r\nab".to_vec()), Ok(Step::Yielded(None)));
    assert_eq!(p.close(), Ok(Some(err(0, ErrorKind::Truncated))));
    // The same for an array of the largest accepted length.
    let mut p = parser(Limits::default());
    assert_eq!(p.send(b"*1048576\r\n:1\r\n".to_vec()), Ok(Step::Yielded(None)));
    assert_eq!(p.close(), Ok(Some(err(0, ErrorKind::Truncated))));
    // One byte more than a limit is refused as soon as the header is read.
    let mut p = parser(Limits::default());
    let error = err(0, ErrorKind::TooLarge(Limit::Array));
    assert_eq!(p.send(b"*1048577\r\n".to_vec()), Ok(Step::Complete(error)));
}

fn text() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>().prop_filter("no CR or LF", |b| *b != b'\r' && *b != b'\n'), 0..12)
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        text().prop_map(Value::Simple),
        text().prop_map(Value::Error),
        any::<i64>().prop_map(Value::Integer),
        prop::collection::vec(any::<u8>(), 0..24).prop_map(Value::Bulk),
        Just(Value::NullBulk),
        Just(Value::NullArray),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| prop::collection::vec(inner, 0..6).prop_map(Value::Array))
}

fn cuts(len: usize, picks: &[prop::sample::Index]) -> Vec<usize> {
    let mut cuts: Vec<usize> = picks.iter().map(|pick| pick.index(len + 1)).collect();
    cuts.sort_unstable();
    cuts
}

/// Small limits, so random input hits them.
fn small() -> Limits {
    Limits { max_line: 8, max_bulk: 8, max_array: 4, max_depth: 3, max_message: 48 }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_messages_round_trip_under_any_chunking(
        messages in prop::collection::vec(value(), 0..8),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..16),
    ) {
        let mut wire = Vec::new();
        messages.iter().for_each(|message| message.encode(&mut wire));
        let chunks = split(&wire, &cuts(wire.len(), &picks));
        prop_assert_eq!(parse_chunks(Limits::default(), chunks), (messages.clone(), Ok(messages.len() as u64)));
    }

    #[test]
    fn any_bytes_give_the_same_outcome_under_any_chunking(
        input in prop::collection::vec(prop::sample::select(b"+-:$*\r\n\r\n0123456789-1xy".to_vec()), 0..64),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..16),
    ) {
        let whole = parse_chunks(small(), [input.clone()]);
        prop_assert_eq!(&parse_chunks(small(), split(&input, &cuts(input.len(), &picks))), &whole);
        prop_assert_eq!(&parse_chunks(small(), input.chunks(1).map(<[u8]>::to_vec)), &whole);
    }

    #[test]
    fn corrupted_valid_streams_give_the_same_outcome_under_any_chunking(
        messages in prop::collection::vec(value(), 1..6),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        delete in any::<bool>(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..16),
    ) {
        let mut wire = Vec::new();
        let mut ends = Vec::new();
        for message in &messages {
            message.encode(&mut wire);
            ends.push(wire.len());
        }
        let at = at.index(wire.len());
        if delete { wire.remove(at); } else { wire[at] = byte; }
        let whole = parse_chunks(Limits::default(), [wire.clone()]);
        prop_assert_eq!(&parse_chunks(Limits::default(), split(&wire, &cuts(wire.len(), &picks))), &whole);
        // The messages that end before the corrupted byte are delivered unchanged.
        let intact = ends.iter().filter(|end| **end <= at).count();
        prop_assert!(whole.0.len() >= intact);
        prop_assert_eq!(&whole.0[..intact], &messages[..intact]);
    }
}

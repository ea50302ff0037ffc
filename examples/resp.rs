//! A sans-IO streaming parser for RESP2, the Redis wire protocol, written as a
//! generator that is fed byte chunks with `send`.
//!
//! The parser does no I/O: whoever owns the socket sends it whatever bytes
//! arrived (`Vec<u8>`, any size, split anywhere), and each `send` returns the
//! next complete message, if there is one:
//!
//! - `Yielded(Some(message))`: a message is complete. More may be buffered:
//!   keep sending (an empty chunk is fine) until `Yielded(None)`.
//! - `Yielded(None)`: no complete message; send more bytes.
//! - `Complete(Err(error))`: the input is malformed; the parser is finished.
//! - `close()` returns `Ok(Some(Ok(count)))` if the input ended exactly after a
//!   delivered message, or `Ok(Some(Err(Truncated)))` if bytes were left over.
//!
//! Because the body is straight-line code that awaits bytes, the parse state
//! (where in a line, how deep in nested arrays) is just its local variables,
//! kept across yields: no hand-written state machine, and no re-parsing of a
//! partial message when more bytes arrive (each byte is examined once).
//!
//! Supported: simple strings `+`, errors `-`, integers `:`, bulk strings `$`
//! (with the null bulk string `$-1`), arrays `*` (nested, with the null array
//! `*-1`). Malformed input gives a typed [`ParseError`] with the stream offset
//! of the offending byte, never a panic or a hang; the error and its offset do
//! not depend on how the input was split into chunks.
//!
//! Memory is bounded by [`Limits`]: the longest line, bulk string, array length,
//! nesting depth and total message size accepted. The parser holds the part of
//! what it was sent that it has not delivered yet; a message in progress never
//! holds more than `max_message` bytes of input (plus the parsed values), and
//! nothing is allocated from a declared length before the bytes arrive.
//!
//! `tests/resp.rs` includes this file and feeds it a recorded stream split at
//! every boundary. Run the demo with `cargo run --example resp`.

use std::fmt;

use gensend::{Co, Gen, Interrupt, Step};

/// One RESP2 message (or array element).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `+OK\r\n`
    Simple(Vec<u8>),
    /// `-ERR unknown command\r\n`
    Error(Vec<u8>),
    /// `:42\r\n`
    Integer(i64),
    /// `$5\r\nhello\r\n` (binary-safe)
    Bulk(Vec<u8>),
    /// `$-1\r\n`
    NullBulk,
    /// `*2\r\n...` (elements follow)
    Array(Vec<Value>),
    /// `*-1\r\n`
    NullArray,
}

impl Value {
    /// Appends the wire form of `self` to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Value::Simple(text) => line(out, b'+', text),
            Value::Error(text) => line(out, b'-', text),
            Value::Integer(n) => line(out, b':', n.to_string().as_bytes()),
            Value::Bulk(data) => {
                line(out, b'$', data.len().to_string().as_bytes());
                out.extend_from_slice(data);
                out.extend_from_slice(b"\r\n");
            }
            Value::NullBulk => out.extend_from_slice(b"$-1\r\n"),
            Value::Array(items) => {
                line(out, b'*', items.len().to_string().as_bytes());
                items.iter().for_each(|item| item.encode(out));
            }
            Value::NullArray => out.extend_from_slice(b"*-1\r\n"),
        }
    }
}

fn line(out: &mut Vec<u8>, kind: u8, text: &[u8]) {
    out.push(kind);
    out.extend_from_slice(text);
    out.extend_from_slice(b"\r\n");
}

/// Shown roughly as `redis-cli` does.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Simple(text) => write!(f, "{}", String::from_utf8_lossy(text)),
            Value::Error(text) => write!(f, "(error) {}", String::from_utf8_lossy(text)),
            Value::Integer(n) => write!(f, "(integer) {n}"),
            Value::Bulk(data) => write!(f, "{:?}", String::from_utf8_lossy(data)),
            Value::NullBulk | Value::NullArray => f.write_str("(nil)"),
            Value::Array(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}

/// What the parser accepts; anything larger is a [`ErrorKind::TooLarge`] or
/// [`ErrorKind::TooDeep`] error, reported before the bytes are buffered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest line (simple string, error, integer, length), without `\r\n`.
    pub max_line: usize,
    /// Longest bulk string.
    pub max_bulk: usize,
    /// Most elements declared by one array header.
    pub max_array: usize,
    /// Deepest array nesting; a top-level array has depth 1. Counts every
    /// array but the null array `*-1`.
    pub max_depth: usize,
    /// Largest message, in bytes of input (checked as each line or bulk
    /// header is read, against where it says the message will reach).
    pub max_message: usize,
}

impl Default for Limits {
    /// Redis's own bulk limit (`proto-max-bulk-len`, 512 MiB), 64 KiB lines,
    /// 1,048,576 elements per array, depth 64, 512 MiB messages.
    fn default() -> Self {
        Limits {
            max_line: 64 * 1024,
            max_bulk: 512 << 20,
            max_array: 1 << 20,
            max_depth: 64,
            max_message: 512 << 20,
        }
    }
}

/// Which limit was exceeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::max_line`]
    Line,
    /// [`Limits::max_bulk`]
    Bulk,
    /// [`Limits::max_array`]
    Array,
    /// [`Limits::max_message`]
    Message,
}

/// What is wrong with the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A value starts with a byte other than `+ - : $ *`.
    BadType(u8),
    /// A line ends otherwise than with `\r\n` (a `\r` followed by something
    /// else, or a `\n` on its own), or bulk data is not followed by `\r\n`.
    BadLineEnd,
    /// An integer or length that is not `-?[0-9]+` within `i64`.
    BadInteger,
    /// A length below -1.
    BadLength(i64),
    /// A [`Limits`] value was exceeded.
    TooLarge(Limit),
    /// Arrays nested deeper than [`Limits::max_depth`].
    TooDeep,
    /// Closed with input left over: a message in progress, or complete
    /// messages that were never taken with another `send`.
    Truncated,
}

/// Malformed input: what is wrong, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Stream offset (bytes since the first chunk) of the offending byte; for
    /// a bad integer, length or limit, of the line's type byte; for
    /// [`Limit::Message`] and [`ErrorKind::Truncated`], of the message's
    /// first byte.
    pub offset: u64,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::BadType(byte) => write!(f, "unknown type byte {:?}", char::from(byte))?,
            ErrorKind::BadLineEnd => f.write_str("line does not end with \\r\\n")?,
            ErrorKind::BadInteger => f.write_str("not a decimal integer")?,
            ErrorKind::BadLength(n) => write!(f, "negative length {n}")?,
            ErrorKind::TooLarge(limit) => write!(f, "{limit:?} limit exceeded")?,
            ErrorKind::TooDeep => f.write_str("arrays nested too deep")?,
            ErrorKind::Truncated => f.write_str("input ends inside a message")?,
        }
        write!(f, " at byte {}", self.offset)
    }
}

impl std::error::Error for ParseError {}

/// The parser: send it chunks, it yields complete messages one at a time.
pub type Parser = Gen<'static, Option<Value>, Vec<u8>, Result<u64, ParseError>>;

type Handle<'a> = Co<'a, Option<Value>, Vec<u8>>;

/// Makes a parser, already started: its first `send` is the first chunk.
///
/// Starting it yields `None` ("no message yet"), which is checked rather than
/// dropped; `gensend::consumer` would refuse this generator, as its yields
/// carry values.
pub fn parser(limits: Limits) -> Parser {
    let mut parser: Parser = Gen::new(move |co| async move {
        let mut input = Input::default();
        let mut count = 0;
        loop {
            let start = input.offset();
            let stop = match read_value(&co, &mut input, &limits, start).await {
                Ok(message) => {
                    count += 1;
                    match co.try_yield(Some(message)).await {
                        Ok(chunk) => {
                            input.extend(chunk);
                            continue;
                        }
                        Err(Interrupt::Exit) => (input.offset(), Stop::Closed),
                    }
                }
                Err(stop) => (start, stop),
            };
            // `close()`: fine if nothing was left over after the last message.
            return match stop {
                (_, Stop::Bad(error)) => Err(error),
                (start, Stop::Closed) if input.offset() == start && input.available() == 0 => Ok(count),
                (start, Stop::Closed) => Err(ParseError { offset: start, kind: ErrorKind::Truncated }),
            };
        }
    });
    let first = parser.start();
    assert_eq!(first, Ok(Step::Yielded(None)), "a fresh parser waits for input");
    parser
}

/// Sends `chunk` and appends every message it completes to `out`. After an
/// `Err`, the parser is finished.
///
/// # Panics
///
/// If the parser is already finished.
pub fn feed(parser: &mut Parser, chunk: Vec<u8>, out: &mut Vec<Value>) -> Result<(), ParseError> {
    let mut step = parser.send(chunk);
    loop {
        match step {
            Ok(Step::Yielded(Some(message))) => {
                out.push(message);
                step = parser.send(Vec::new());
            }
            Ok(Step::Yielded(None)) => return Ok(()),
            Ok(Step::Complete(result)) => return result.map(drop),
            Err(error) => panic!("feed: the parser is finished ({error})"),
        }
    }
}

/// Ends the input: the number of messages delivered, or
/// [`ErrorKind::Truncated`] if bytes were left over.
///
/// # Panics
///
/// If the parser is already finished.
pub fn finish(parser: &mut Parser) -> Result<u64, ParseError> {
    match parser.close() {
        Ok(Some(result)) => result,
        other => panic!("finish: the parser is finished ({other:?})"),
    }
}

/// Parses a whole stream given as chunks: the messages, and how it ended.
pub fn parse_chunks<I>(limits: Limits, chunks: I) -> (Vec<Value>, Result<u64, ParseError>)
where
    I: IntoIterator,
    I::Item: Into<Vec<u8>>,
{
    let mut parser = parser(limits);
    let mut messages = Vec::new();
    for chunk in chunks {
        if let Err(error) = feed(&mut parser, chunk.into(), &mut messages) {
            return (messages, Err(error));
        }
    }
    let end = finish(&mut parser);
    (messages, end)
}

/// Why parsing stopped inside the body.
enum Stop {
    /// `close()` (or drop) while waiting for bytes.
    Closed,
    /// Malformed input.
    Bad(ParseError),
}

fn bad(offset: u64, kind: ErrorKind) -> Stop {
    Stop::Bad(ParseError { offset, kind })
}

/// The bytes sent so far that have not been consumed.
#[derive(Default)]
struct Input {
    buf: Vec<u8>,
    /// Next unconsumed byte in `buf`.
    pos: usize,
    /// Stream offset of `buf[0]`.
    base: u64,
}

impl Input {
    fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    fn available(&self) -> usize {
        self.buf.len() - self.pos
    }

    fn end(&self) -> u64 {
        self.base + self.buf.len() as u64
    }

    /// Index in `buf` of stream offset `at` (which must be buffered).
    fn index(&self, at: u64) -> usize {
        usize::try_from(at - self.base).expect("buffered offsets fit in usize")
    }

    fn extend(&mut self, chunk: Vec<u8>) {
        // Drop consumed bytes once they are at least half the buffer, so each
        // byte is moved O(1) times on average.
        if self.pos > 0 && self.pos >= self.buf.len() / 2 {
            self.buf.drain(..self.pos);
            self.base += self.pos as u64;
            self.pos = 0;
        }
        if self.buf.is_empty() {
            self.buf = chunk;
        } else {
            self.buf.extend_from_slice(&chunk);
        }
    }

    /// Yields "no complete message" until bytes up to stream offset `end` are
    /// buffered.
    async fn wait_for(&mut self, co: &Handle<'_>, end: u64) -> Result<(), Stop> {
        while self.end() < end {
            match co.try_yield(None).await {
                Ok(chunk) => self.extend(chunk),
                Err(Interrupt::Exit) => return Err(Stop::Closed),
            }
        }
        Ok(())
    }

    fn byte_at(&self, at: u64) -> u8 {
        self.buf[self.index(at)]
    }
}

/// Reads one whole message (arrays iteratively, with an explicit stack).
async fn read_value(co: &Handle<'_>, input: &mut Input, limits: &Limits, start: u64) -> Result<Value, Stop> {
    // Arrays being filled: their elements so far, and how many are missing.
    let mut open: Vec<(Vec<Value>, usize)> = Vec::new();
    loop {
        let at = input.offset();
        input.wait_for(co, at + 1).await?;
        let kind = input.byte_at(at);
        if !b"+-:$*".contains(&kind) {
            return Err(bad(at, ErrorKind::BadType(kind)));
        }
        let text = read_line(co, input, limits, at).await?;
        if input.offset() - start > limits.max_message as u64 {
            return Err(bad(start, ErrorKind::TooLarge(Limit::Message)));
        }
        let mut value = match kind {
            b'+' => Value::Simple(text),
            b'-' => Value::Error(text),
            b':' => Value::Integer(parse_integer(&text).ok_or(bad(at, ErrorKind::BadInteger))?),
            b'$' => match parse_length(&text, at)? {
                None => Value::NullBulk,
                Some(n) if n > limits.max_bulk => return Err(bad(at, ErrorKind::TooLarge(Limit::Bulk))),
                Some(n) => Value::Bulk(read_bulk(co, input, limits, start, n).await?),
            },
            _ => match parse_length(&text, at)? {
                None => Value::NullArray,
                Some(n) if n > limits.max_array => return Err(bad(at, ErrorKind::TooLarge(Limit::Array))),
                Some(_) if open.len() >= limits.max_depth => return Err(bad(at, ErrorKind::TooDeep)),
                Some(0) => Value::Array(Vec::new()),
                Some(n) => {
                    // Capacity grows with the elements that arrive, not with
                    // the declared length.
                    open.push((Vec::with_capacity(n.min(16)), n));
                    continue;
                }
            },
        };
        // `value` is complete: put it in its array, closing every array it fills.
        loop {
            let Some((items, missing)) = open.last_mut() else { return Ok(value) };
            items.push(value);
            *missing -= 1;
            if *missing > 0 {
                break;
            }
            let Some((items, _)) = open.pop() else { unreachable!("just looked at it") };
            value = Value::Array(items);
        }
    }
}

/// Reads the rest of the line whose type byte is at `at`, and consumes it with
/// its `\r\n`. Every byte is examined once, as it arrives.
async fn read_line(co: &Handle<'_>, input: &mut Input, limits: &Limits, at: u64) -> Result<Vec<u8>, Stop> {
    let mut next = at + 1;
    loop {
        input.wait_for(co, next + 1).await?;
        match input.byte_at(next) {
            b'\r' => {
                input.wait_for(co, next + 2).await?;
                if input.byte_at(next + 1) != b'\n' {
                    return Err(bad(next + 1, ErrorKind::BadLineEnd));
                }
                let text = input.buf[input.index(at + 1)..input.index(next)].to_vec();
                input.pos = input.index(next + 2);
                return Ok(text);
            }
            b'\n' => return Err(bad(next, ErrorKind::BadLineEnd)),
            _ if next - at > limits.max_line as u64 => return Err(bad(at, ErrorKind::TooLarge(Limit::Line))),
            _ => next += 1,
        }
    }
}

/// Reads `n` bytes of bulk data and the `\r\n` after them.
async fn read_bulk(
    co: &Handle<'_>,
    input: &mut Input,
    limits: &Limits,
    start: u64,
    n: usize,
) -> Result<Vec<u8>, Stop> {
    let data = input.offset();
    let end = data + n as u64 + 2;
    if end - start > limits.max_message as u64 {
        return Err(bad(start, ErrorKind::TooLarge(Limit::Message)));
    }
    input.wait_for(co, end).await?;
    for (at, expected) in [(end - 2, b'\r'), (end - 1, b'\n')] {
        if input.byte_at(at) != expected {
            return Err(bad(at, ErrorKind::BadLineEnd));
        }
    }
    let bytes = input.buf[input.index(data)..input.index(end - 2)].to_vec();
    input.pos = input.index(end);
    Ok(bytes)
}

/// `-?[0-9]+` within `i64`.
fn parse_integer(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0i64, |n, &d| {
        let digit = i64::from(d.checked_sub(b'0').filter(|d| *d <= 9)?);
        n.checked_mul(10)?.checked_add(if negative { -digit } else { digit })
    })
}

/// A bulk or array length: `None` for -1 (null).
fn parse_length(text: &[u8], at: u64) -> Result<Option<usize>, Stop> {
    match parse_integer(text) {
        None => Err(bad(at, ErrorKind::BadInteger)),
        Some(-1) => Ok(None),
        Some(n) if n < 0 => Err(bad(at, ErrorKind::BadLength(n))),
        // A length beyond usize is beyond every limit.
        Some(n) => Ok(Some(usize::try_from(n).unwrap_or(usize::MAX))),
    }
}

/// A recorded exchange: a client's `SET key value`, then replies.
pub const RECORDED: &[u8] =
    b"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n+OK\r\n:42\r\n$-1\r\n*2\r\n*1\r\n:1\r\n-ERR x\r\n";

fn main() {
    println!("recorded stream, {} bytes, fed in 7-byte chunks:", RECORDED.len());
    let mut p = parser(Limits::default());
    for (i, chunk) in RECORDED.chunks(7).enumerate() {
        let mut messages = Vec::new();
        feed(&mut p, chunk.to_vec(), &mut messages).expect("the recorded stream is valid");
        let shown: Vec<String> = messages.iter().map(ToString::to_string).collect();
        println!(
            "  chunk {i:2} {:<22} -> {}",
            format!("{:?}", String::from_utf8_lossy(chunk)),
            shown.join(" | ")
        );
    }
    println!("  end of input: {:?} (messages delivered)", finish(&mut p));

    println!("\none send with two messages and half of a third:");
    let mut p = parser(Limits::default());
    for chunk in [&b"+A\r\n:1\r\n$5\r\nhe"[..], b"", b"", b"llo\r\n"] {
        let shown = match p.send(chunk.to_vec()) {
            Ok(Step::Yielded(Some(message))) => format!("Yielded(Some({message}))"),
            Ok(Step::Yielded(None)) => "Yielded(None): nothing complete, send more".to_string(),
            other => format!("{other:?}"),
        };
        println!("  {:<30} = {shown}", format!("send({:?})", String::from_utf8_lossy(chunk)));
    }
    println!("  close() = {:?}", p.close());

    println!("\nmalformed input gives a typed error wherever the chunks are split:");
    let tight = Limits { max_depth: 2, max_bulk: 8, ..Limits::default() };
    for input in [
        &b"+OK\r\n?huh\r\n"[..],
        b":12a\r\n",
        b"$-2\r\n",
        b"+OK\n",
        b"$3\r\nabcd\r\n",
        b"*1\r\n*1\r\n*1\r\n:1\r\n",
        b"$1000\r\n",
        b"*2\r\n:1\r\n",
    ] {
        let (messages, end) = parse_chunks(tight, [input]);
        let error = end.expect_err("malformed");
        let same = (0..=input.len())
            .all(|cut| parse_chunks(tight, [&input[..cut], &input[cut..]]) == (messages.clone(), Err(error)));
        let shown = format!("{:?}", String::from_utf8_lossy(input));
        println!(
            "  {shown:<28} -> {} message(s), then {error} (same at every split: {same})",
            messages.len()
        );
    }
}

//! A sans-IO HTTP/1.1 request-head parser fed chunks cut anywhere (issue 18, program 2): each
//! send yields the heads it completed (0..n), and waiting for a line is a helper `async fn`.

use gensend::{Co, Gen, Step};

/// A request line and its headers.
struct Head {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
}

type Handle<'a> = Co<'a, Vec<Head>, String>; // yields batches of heads, is sent chunks
/// Waits for a whole `\r\n`-terminated line in `buf`, yielding the heads
/// completed so far (`done`) each time it needs another chunk.
async fn line(co: &Handle<'_>, buf: &mut String, done: &mut Vec<Head>) -> String {
    loop {
        if let Some(end) = buf.find("\r\n") {
            let line = buf[..end].to_string();
            buf.drain(..end + 2);
            return line;
        }
        buf.push_str(&co.yield_(std::mem::take(done)).await);
    }
}

/// Reads one request head (request line, headers, blank line).
async fn head(co: &Handle<'_>, buf: &mut String, done: &mut Vec<Head>) -> Result<Head, String> {
    let request = line(co, buf, done).await;
    let Some((method, path)) = request.strip_suffix(" HTTP/1.1").and_then(|r| r.split_once(' ')) else {
        return Err(format!("bad request line {request:?}"));
    };
    let mut head = Head { method: method.into(), path: path.into(), headers: Vec::new() };
    loop {
        let header = line(co, buf, done).await;
        if header.is_empty() {
            return Ok(head);
        }
        let (name, value) = header.split_once(':').ok_or(format!("bad header {header:?}"))?;
        head.headers.push((name.to_lowercase(), value.trim().into()));
    }
}

/// Parses heads until one is malformed; then returns the heads completed by
/// the last chunk, and the error.
fn parser<'a>() -> Gen<'a, Vec<Head>, String, (Vec<Head>, String)> {
    Gen::new(|co| async move {
        let (mut buf, mut done) = (String::new(), Vec::new());
        loop {
            match head(&co, &mut buf, &mut done).await {
                Ok(head) => done.push(head),
                Err(error) => return (done, error),
            }
        }
    })
}

fn main() {
    let input = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\nPOST /form HTTP/1.1\r\nHost: example.com\r\n\
                 Content-Length: 0\r\n\r\nGET /a HTTP/1.1\r\n\r\nBROKEN\r\n\r\n";
    let mut parser = parser();
    parser.start().expect("a fresh parser starts");
    for chunk in input.as_bytes().chunks(23).map(|c| String::from_utf8_lossy(c).into_owned()) {
        println!("chunk {chunk:?}");
        let (heads, error) = match parser.send(chunk).expect("the parser is suspended") {
            Step::Yielded(heads) => (heads, None),
            Step::Complete((heads, error)) => (heads, Some(error)),
        };
        heads.iter().for_each(|h| println!("  {} {} {:?}", h.method, h.path, h.headers));
        if let Some(error) = error {
            return println!("  parser stopped: {error}");
        }
    }
}

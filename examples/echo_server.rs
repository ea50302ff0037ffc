//! An echo server's per-connection protocol handler, as a generator fed one
//! line at a time with `send`. No sockets: `main` plays the network, with a
//! few clients whose lines arrive interleaved.
//!
//! The handler is sans-IO: it yields each reply, receives the next line, and
//! returns a session summary, either when the client sends `QUIT` (the `send`
//! returns `Complete(summary)`) or when the server shuts down and closes it (a
//! catching yield sees `Exit` and returns the summary, which `close()` hands
//! back, as in CPython 3.13).
//!
//! Its first yield is the greeting, a value that matters, so the server primes
//! it with `start()` and sends the greeting on; `gensend::consumer` would not
//! accept this body (its yields carry values), so the greeting cannot be
//! silently dropped by priming.
//!
//! Run with `cargo run --example echo_server`.

use std::collections::BTreeMap;

use gensend::{Gen, Interrupt, SendError, Step};

/// How a session ended.
#[derive(Debug, PartialEq)]
enum End {
    Quit,
    Shutdown,
}

/// What a session handler returns.
#[derive(Debug, PartialEq)]
struct Summary {
    client: u32,
    lines: u32,
    bytes: usize,
    end: End,
}

/// The protocol of one connection: `PING`, `ECHO text`, `QUIT`; anything else
/// is echoed back as is.
fn session<'a>(client: u32) -> Gen<'a, String, String, Summary> {
    Gen::new(move |co| async move {
        let mut summary = Summary { client, lines: 0, bytes: 0, end: End::Shutdown };
        let mut reply = format!("+OK hello, client {client}");
        loop {
            let line: String = match co.try_yield(reply).await {
                Ok(line) => line,
                Err(Interrupt::Exit) => return summary, // end: Shutdown
            };
            summary.lines += 1;
            summary.bytes += line.len();
            let (command, rest) = line.split_once(' ').unwrap_or((&line, ""));
            reply = match command.to_ascii_uppercase().as_str() {
                "QUIT" => {
                    summary.end = End::Quit;
                    return summary;
                }
                "PING" => "+PONG".to_string(),
                "ECHO" => rest.to_string(),
                _ => line.clone(),
            };
        }
    })
}

/// What happens on the simulated network.
enum Event {
    Connect(u32),
    Line(u32, &'static str),
    Shutdown,
}

fn main() {
    use Event::{Connect, Line, Shutdown};
    let script = [
        Connect(1),
        Line(1, "hello"),
        Connect(2),
        Line(2, "PING"),
        Line(1, "ECHO generators all the way down"),
        Connect(3),
        Line(2, "QUIT"),
        Line(3, "echo lower-case works too"),
        Line(2, "anyone there?"),
        Line(1, "bye for now"),
        Shutdown,
    ];

    let mut sessions: BTreeMap<u32, Gen<String, String, Summary>> = BTreeMap::new();
    let mut summaries = Vec::new();
    for event in script {
        match event {
            Connect(client) => {
                let mut handler = session(client);
                if let Ok(Step::Yielded(greeting)) = handler.start() {
                    println!("client {client} connects      <- {greeting}");
                }
                sessions.insert(client, handler);
            }
            Line(client, line) => {
                println!("client {client} -> {line:?}");
                let Some(handler) = sessions.get_mut(&client) else { continue };
                match handler.send(line.to_string()) {
                    Ok(Step::Yielded(reply)) => println!("client {client}               <- {reply}"),
                    Ok(Step::Complete(summary)) => {
                        println!("client {client} quits: {summary:?}");
                        summaries.push(summary);
                    }
                    // The session already ended: the line comes back to us.
                    Err(SendError::Closed(line) | SendError::NotStarted(line)) => {
                        println!("client {client} has left; {line:?} not delivered");
                    }
                }
            }
            Shutdown => {
                println!("server shutting down:");
                for (client, mut handler) in std::mem::take(&mut sessions) {
                    match handler.close() {
                        Ok(Some(summary)) => {
                            println!("  close client {client}: {summary:?}");
                            summaries.push(summary);
                        }
                        Ok(None) => println!("  client {client} had already ended"),
                        Err(ignored) => println!("  client {client}: {ignored}"),
                    }
                }
            }
        }
    }

    let total: usize = summaries.iter().map(|s| s.bytes).sum();
    println!("\n{} sessions, {total} bytes received", summaries.len());
    assert_eq!(summaries.len(), 3);
    assert_eq!(summaries[0], Summary { client: 2, lines: 2, bytes: 8, end: End::Quit });
    assert!(summaries[1..].iter().all(|s| s.end == End::Shutdown));
}

//! A fixed amount of work for instruction counting under callgrind:
//! `instructions PEER OP N` runs OP (`send` or `lifecycle`) N times on PEER
//! (`handwritten_boxed`, `gensend`, `genawaiter_rc`, `genawaiter_sync`); `instructions gensend
//! depth-D N` sends N items through a `yield_from` chain of depth D.
//!
//! `scripts/bench/callgrind.sh` runs it with N = 0 and N = 100,000 and prints
//! the difference per operation: a noise-free cost measure on a shared machine.
//! Run without arguments (as `cargo bench` does), it does nothing.

mod peers;

use std::hint::black_box;

fn send(peer: &str, n: u64) -> i64 {
    let mut sum = 0;
    match peer {
        "handwritten_boxed" => {
            let mut g = black_box(peers::boxed());
            for _ in 0..n {
                sum += g.resume(black_box(1));
            }
        }
        "gensend" => {
            let mut g = peers::gensend();
            peers::gensend_start(&mut g);
            for _ in 0..n {
                sum += peers::gensend_send(&mut g, black_box(1));
            }
        }
        "genawaiter_rc" => {
            let mut g = peers::genawaiter();
            peers::genawaiter_start(&mut g);
            for _ in 0..n {
                sum += peers::genawaiter_send(&mut g, black_box(1));
            }
        }
        "genawaiter_sync" => {
            let mut g = peers::genawaiter_sync();
            peers::genawaiter_sync_start(&mut g);
            for _ in 0..n {
                sum += peers::genawaiter_sync_send(&mut g, black_box(1));
            }
        }
        other => panic!("unknown peer {other}"),
    }
    sum
}

/// The peer is chosen once, outside the loop: a `match` on the name inside it
/// would add its string comparisons (about 50 instructions) to every iteration.
fn lifecycle(peer: &str, n: u64) -> i64 {
    // Generic, so that each peer's cycle is inlined into its own loop.
    fn times(n: u64, cycle: impl Fn() -> i64) -> i64 {
        (0..n).map(|_| cycle()).sum()
    }
    match peer {
        "handwritten_boxed" => times(n, peers::boxed_lifecycle),
        "gensend" => times(n, peers::gensend_lifecycle),
        "genawaiter_rc" => times(n, peers::genawaiter_lifecycle),
        "genawaiter_sync" => times(n, peers::genawaiter_sync_lifecycle),
        other => panic!("unknown peer {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let [peer, op, n] = args.as_slice() else { return };
    let n: u64 = n.parse().expect("N is a number");
    let sum = match op.as_str() {
        "send" => send(peer, n),
        "lifecycle" => lifecycle(peer, n),
        depth if depth.starts_with("depth-") => {
            let d = depth["depth-".len()..].parse().expect("depth-D with D a number");
            let mut g = peers::chain(d);
            peers::gensend_start(&mut g);
            (0..n).map(|_| peers::gensend_send(&mut g, black_box(1))).sum()
        }
        other => panic!("unknown operation {other}"),
    };
    println!("{peer} {op} x{n}: checksum {sum}");
}

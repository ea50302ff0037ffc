//! A recursive tree walk with `yield_from` at depth 1,000,000 (issue 18, program 5).
//! CPython stops near depth 1,000; gensend resumes the innermost generator directly,
//! so nothing recurses on the machine stack. The tree is an arena, so dropping it
//! does not recurse either. `cargo run --release --example deep_walk`.

use gensend::Gen;

/// Yields the nodes of the subtree at `node`, in pre-order.
fn walk(children: &[Vec<usize>], node: usize) -> Gen<'_, usize> {
    Gen::new(move |co| async move {
        co.yield_(node).await;
        for &child in &children[node] {
            co.yield_from(walk(children, child)).await;
        }
    })
}

fn main() {
    const DEPTH: usize = 1_000_000;
    // A path 0 → 1 → … → DEPTH-1, and one more leaf under the root.
    let mut children: Vec<Vec<usize>> = (1..DEPTH).map(|i| vec![i]).collect();
    children.extend([vec![], vec![]]);
    children[0].push(DEPTH);
    let (mut count, mut last) = (0, 0);
    for node in walk(&children, 0) {
        (count, last) = (count + 1, node);
    }
    println!("walked {count} nodes, depth {DEPTH}; last: {last}");
}

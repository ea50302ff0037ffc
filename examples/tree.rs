//! In-order traversal of a binary tree by recursive `yield_from`.
//!
//! Python:
//!
//! ```python
//! def in_order(node):
//!     if node is not None:
//!         yield from in_order(node.left)
//!         yield node.value
//!         yield from in_order(node.right)
//! ```
//!
//! In CPython every item of a tree `d` deep passes through `d` generator frames,
//! and a list-shaped tree 100,000 deep overflows the interpreter's recursion
//! limit. gensend resumes the innermost generator directly, so an item costs the
//! same at any depth and the depth is limited only by memory.
//!
//! Run with `cargo run --example tree`.

use gensend::Gen;

/// A binary tree: `None` is the empty tree.
pub type Tree = Option<Box<Node>>;

/// A node of a [`Tree`].
pub struct Node {
    pub value: i32,
    /// Values that come before `value`.
    pub left: Tree,
    /// Values that come after `value`.
    pub right: Tree,
}

impl Node {
    /// A tree whose root holds `value`.
    pub fn new(left: Tree, value: i32, right: Tree) -> Tree {
        Some(Box::new(Node { value, left, right }))
    }
}

/// Drops the children iteratively: the default recursive drop of a tree
/// 100,000 deep would overflow the stack.
impl Drop for Node {
    fn drop(&mut self) {
        let mut pending: Vec<Box<Node>> = self.left.take().into_iter().chain(self.right.take()).collect();
        while let Some(mut node) = pending.pop() {
            pending.extend(node.left.take());
            pending.extend(node.right.take());
        }
    }
}

/// Yields the values of `tree` in order: left subtree, node, right subtree.
/// Each subtree is traversed by a generator of its own, delegated to.
pub fn in_order(tree: &Tree) -> Gen<'_, &i32> {
    Gen::new(move |co| async move {
        if let Some(node) = tree {
            co.yield_from(in_order(&node.left)).await;
            co.yield_(&node.value).await;
            co.yield_from(in_order(&node.right)).await;
        }
    })
}

/// A list-shaped tree of `0..n` where every node is the left child of the next:
/// the in-order traversal is `0, 1, ..., n - 1`, and the first item is `n` deep.
pub fn leaning_left(n: i32) -> Tree {
    (0..n).fold(None, |below, value| Node::new(below, value, None))
}

/// A list-shaped tree of `0..n` where every node is the right child of the
/// previous one: the last item is `n` deep.
pub fn leaning_right(n: i32) -> Tree {
    (0..n).rev().fold(None, |below, value| Node::new(None, value, below))
}

/// A balanced tree holding `values` (in order) in its in-order positions.
pub fn balanced(values: &[i32]) -> Tree {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    Node::new(balanced(&values[..mid]), values[mid], balanced(&values[mid + 1..]))
}

/// How many generators are suspended (the length of the delegation chain) while
/// the traversal of `tree` is at its item number `index`.
pub fn chain_length_at(tree: &Tree, index: usize) -> usize {
    let mut walk = in_order(tree);
    walk.nth(index);
    walk.backtrace().count()
}

/// Traverses `tree`, prints what it found, and returns the values in order.
fn show(name: &str, tree: &Tree) -> Vec<i32> {
    let values: Vec<i32> = in_order(tree).copied().collect();
    let sorted = values.windows(2).all(|pair| pair[0] <= pair[1]);
    let (first, last) = (values[0], values[values.len() - 1]);
    println!("{name}:");
    println!("  {} items, first {first}, last {last}, sorted: {sorted}", values.len());
    println!(
        "  generators suspended at the first item: {}, at the last item: {}",
        chain_length_at(tree, 0),
        chain_length_at(tree, values.len() - 1)
    );
    values
}

fn main() {
    const DEPTH: i32 = 100_000;
    let left = show("list-shaped tree leaning left, 100,000 deep", &leaning_left(DEPTH));
    assert_eq!(left, (0..DEPTH).collect::<Vec<_>>());
    let right = show("list-shaped tree leaning right, 100,000 deep", &leaning_right(DEPTH));
    assert_eq!(right, (0..DEPTH).collect::<Vec<_>>());

    let evens: Vec<i32> = (0..(1 << 17) - 1).map(|i| 2 * i).collect();
    let balanced_values = show("balanced tree of 131,071 even numbers, 17 levels", &balanced(&evens));
    assert_eq!(balanced_values, evens);
}

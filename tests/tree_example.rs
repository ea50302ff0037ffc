//! The traversal of `examples/tree.rs` on small trees, with exact orders.

#[path = "../examples/tree.rs"]
#[allow(dead_code)] // the example's `main`
mod tree;

use tree::{Node, Tree, balanced, chain_length_at, in_order, leaning_left, leaning_right};

fn leaf(value: i32) -> Tree {
    Node::new(None, value, None)
}

fn values(tree: &Tree) -> Vec<i32> {
    in_order(tree).copied().collect()
}

// def in_order(node): ... (see examples/tree.rs)
//         1
//       /   \
//      2     3
//     / \     \
//    4   5     6
// list(in_order(root)) == [4, 2, 5, 1, 3, 6]
#[test]
fn in_order_visits_left_subtree_then_node_then_right_subtree() {
    let tree = Node::new(Node::new(leaf(4), 2, leaf(5)), 1, Node::new(None, 3, leaf(6)));
    assert_eq!(values(&tree), [4, 2, 5, 1, 3, 6]);
}

#[test]
fn empty_tree_yields_nothing() {
    let mut walk = in_order(&None);
    assert_eq!(walk.next(), None);
    assert_eq!(walk.take_return(), Some(()));
}

#[test]
fn list_shaped_trees_are_traversed_in_order() {
    assert_eq!(values(&leaning_left(10)), (0..10).collect::<Vec<_>>());
    assert_eq!(values(&leaning_right(10)), (0..10).collect::<Vec<_>>());
}

#[test]
fn every_level_of_the_path_to_the_current_item_is_a_suspended_generator() {
    let left = leaning_left(10);
    assert_eq!(chain_length_at(&left, 0), 10);
    assert_eq!(chain_length_at(&left, 9), 1);
    let right = leaning_right(10);
    assert_eq!(chain_length_at(&right, 0), 1);
    assert_eq!(chain_length_at(&right, 9), 10);
}

#[test]
fn balanced_tree_keeps_values_in_their_in_order_positions() {
    let evens: Vec<i32> = (0..15).map(|i| 2 * i).collect();
    let tree = balanced(&evens);
    assert_eq!(values(&tree), evens);
    // 15 values: 4 levels, and the first item is at the bottom one.
    assert_eq!(chain_length_at(&tree, 0), 4);
}

/// How deep the list-shaped tree is: 100,000 natively, 500 under Miri
/// (`scripts/miri.sh`), which checks each level's accesses, not the stack depth.
const DEEP: usize = if cfg!(miri) { 500 } else { 100_000 };

#[test]
fn deep_list_shaped_tree_is_traversed_and_dropped_without_overflow() {
    let tree = leaning_left(DEEP as i32);
    let mut walk = in_order(&tree);
    assert_eq!(walk.next(), Some(&0));
    assert_eq!(walk.backtrace().count(), DEEP);
    assert_eq!(walk.by_ref().count(), DEEP - 1);
}

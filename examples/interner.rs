//! A `LocalGen`: a generator whose body is not `Send`.
//!
//! A word splitter that interns every word it sees in a table it shares with
//! its caller (`Rc<RefCell<..>>`) and yields the shared `Rc<str>` of each word.
//! Neither `Rc` nor a `RefCell` may cross threads, so the body is not `Send`:
//! `Gen::new` rejects it at compile time, and `Gen::new_local` makes a
//! `LocalGen`, which has the whole protocol but stays on its thread.
//!
//! Python:
//!
//! ```python
//! def words(table):
//!     line = yield None
//!     while line:  # an empty line ends it
//!         for word in line.split():
//!             yield table.setdefault(word, word)  # the one shared copy
//!         line = yield None
//!     return len(table)
//! ```
//!
//! Run with `cargo run --example interner`.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use gensend::{Gen, LocalGen, Step};

type Table = Rc<RefCell<HashSet<Rc<str>>>>;

/// Yields the interned copy of each word of the lines sent in; a line is sent
/// in whenever the previous one is used up (the yields then carry `None`).
fn words(table: Table) -> LocalGen<'static, Option<Rc<str>>, &'static str, usize> {
    Gen::new_local(move |co| async move {
        let mut line: &str = co.yield_(None).await;
        loop {
            if line.is_empty() {
                return table.borrow().len(); // an empty line ends it
            }
            for word in line.split_whitespace() {
                let interned = {
                    let mut table = table.borrow_mut();
                    match table.get(word) {
                        Some(known) => known.clone(),
                        None => {
                            let new: Rc<str> = Rc::from(word);
                            table.insert(new.clone());
                            new
                        }
                    }
                };
                co.yield_(Some(interned)).await;
            }
            line = co.yield_(None).await;
        }
    })
}

fn main() {
    let table = Table::default();
    let mut splitter = words(table.clone());
    splitter.start().unwrap();

    let mut seen: Vec<Rc<str>> = Vec::new();
    for line in ["the cat saw the dog", "the dog saw a cat"] {
        let mut step = splitter.send(line);
        while let Ok(Step::Yielded(Some(word))) = step {
            seen.push(word);
            step = splitter.send("");
        }
        assert_eq!(step, Ok(Step::Yielded(None)), "the line is used up");
    }
    println!("words: {}", seen.iter().map(|w| &**w).collect::<Vec<_>>().join(" "));

    let the: Vec<&Rc<str>> = seen.iter().filter(|w| &***w == "the").collect();
    let shared = the.windows(2).all(|pair| Rc::ptr_eq(pair[0], pair[1]));
    println!("all three \"the\" are one shared string: {shared}");
    println!("references to \"the\": {} (the table's, and one per use)", Rc::strong_count(the[0]));

    let distinct = splitter.send("");
    println!("distinct words when closed: {distinct:?}");
    println!(
        "table: {} words, still usable here: {:?}",
        table.borrow().len(),
        table.borrow().contains("cat")
    );
}

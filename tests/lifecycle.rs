//! PROTOCOL.md A and D6: the states a generator goes through for every way of
//! ending, and where it is suspended (`suspended_at`, `backtrace`, `Debug`).
//!
//! Source locations are checked against this file's own text: a yield line ends
//! with a `// @marker` comment, and [`mark`] finds its line and the column of the
//! call.

use std::panic::{AssertUnwindSafe, catch_unwind};

use gensend::{Frame, Gen, Interrupt, Point, State, Step};

const SOURCE: &str = include_str!("lifecycle.rs");

/// The line of the one source line ending in `// <marker>`, and the column at
/// which `call` starts on it (1-based, as `Location` counts).
fn mark(marker: &str, call: &str) -> (u32, u32) {
    let suffix = format!("// {marker}");
    let mut found = SOURCE.lines().enumerate().filter(|(_, text)| text.ends_with(&suffix));
    let (index, text) = found.next().unwrap_or_else(|| panic!("no line ends with {suffix}"));
    assert!(found.next().is_none(), "{suffix} marks more than one line");
    let column = text.find(call).unwrap_or_else(|| panic!("{call} is not on the line of {suffix}"));
    (index as u32 + 1, column as u32 + 1)
}

/// `(line, column)` of where `g` is suspended, checking the file too.
fn at<Y, S, R, E>(g: &Gen<'_, Y, S, R, E>) -> Option<(u32, u32)> {
    let location = g.suspended_at()?;
    assert_eq!(location.file(), file!());
    Some((location.line(), location.column()))
}

// ---- states -------------------------------------------------------------------------

#[test]
fn python_names_match_inspect_getgeneratorstate() {
    let names = [State::Created, State::Running, State::Suspended, State::Closed].map(State::python_name);
    assert_eq!(names, ["GEN_CREATED", "GEN_RUNNING", "GEN_SUSPENDED", "GEN_CLOSED"]);
}

fn two_step() -> Gen<'static, i32, i32, i32, String> {
    Gen::throwable(|co| async move {
        let a = co.yield_(1).await;
        let b = co.yield_(2).await;
        a + b
    })
}

#[test]
fn state_through_life_ending_in_return() {
    let mut g = two_step();
    assert_eq!(g.state(), State::Created);
    g.start().unwrap();
    assert_eq!(g.state(), State::Suspended);
    g.send(3).unwrap();
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.send(4), Ok(Step::Complete(7)));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_through_life_ending_in_uncaught_throw() {
    let mut g = two_step();
    assert_eq!(g.state(), State::Created);
    g.start().unwrap();
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.throw("ValueError".to_string()), Err("ValueError".to_string()));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_through_life_ending_in_caught_throw_that_returns() {
    let mut g: Gen<i32, (), &str, &str> = Gen::throwable(|co| async move {
        match co.try_yield(1).await {
            Err(Interrupt::Throw(e)) => e,
            _ => "other",
        }
    });
    assert_eq!(g.state(), State::Created);
    g.start().unwrap();
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.throw("handled"), Ok(Step::Complete("handled")));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_through_life_ending_in_close() {
    let mut g = two_step();
    g.start().unwrap();
    g.send(3).unwrap();
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_through_life_ending_in_close_before_start() {
    let mut g = two_step();
    assert_eq!(g.state(), State::Created);
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_through_life_ending_in_throw_before_start() {
    let mut g = two_step();
    assert_eq!(g.throw("early".to_string()), Err("early".to_string()));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_through_life_ending_in_panic() {
    let mut g: Gen<i32, i32> = Gen::new(|co| async move {
        let x = co.yield_(1).await;
        assert!(x > 0, "x must be positive");
    });
    assert_eq!(g.state(), State::Created);
    g.start().unwrap();
    assert_eq!(g.state(), State::Suspended);
    assert!(catch_unwind(AssertUnwindSafe(|| g.send(-1))).is_err());
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_through_life_ending_in_iterator_exhaustion() {
    let mut g: Gen<i32, (), &str> = Gen::new(|co| async move {
        co.yield_(1).await;
        co.yield_(2).await;
        "done"
    });
    assert_eq!(g.state(), State::Created);
    assert_eq!(g.next(), Some(1));
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.next(), Some(2));
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.next(), None);
    assert_eq!(g.state(), State::Closed);
    assert_eq!(g.take_return(), Some("done"));
    assert_eq!(g.state(), State::Closed);
}

#[test]
fn state_stays_suspended_when_exit_is_ignored() {
    let mut g: Gen<i32> = Gen::new(|co| async move {
        if co.try_yield(1).await.is_err() {
            co.yield_(2).await;
        }
    });
    g.start().unwrap();
    assert_eq!(g.close().unwrap_err().yielded, 2);
    assert_eq!(g.state(), State::Suspended);
    assert_eq!(g.close(), Ok(None));
    assert_eq!(g.state(), State::Closed);
}

// ---- suspended_at -------------------------------------------------------------------

#[test]
fn suspended_at_is_none_unless_suspended() {
    let mut g = two_step();
    assert_eq!(g.suspended_at(), None, "created");
    g.start().unwrap();
    assert!(g.suspended_at().is_some());
    g.close().unwrap();
    assert_eq!(g.suspended_at(), None, "closed");
}

#[test]
fn suspended_at_is_file_line_and_column_of_the_yield() {
    let mut g: Gen<u32> = Gen::new(|co| async move {
        co.yield_(line!()).await; // @single
    });
    g.start().unwrap();
    let location = g.suspended_at().unwrap();
    assert_eq!(location.file(), "tests/lifecycle.rs");
    assert_eq!((location.line(), location.column()), mark("@single", "yield_("));
}

#[test]
fn suspended_at_follows_each_yield_point() {
    let mut g: Gen<u32, (), (), &str> = Gen::throwable(|co| async move {
        co.yield_(line!()).await; // @first
        let _ = co.try_yield(line!()).await; // @second
        co.yield_from_iter([line!(), line!()]).await; // @iter
        co.yield_(line!()).await; // @last
    });
    // Each yield carries its own line!(); suspended_at agrees with it every time.
    let mut seen = Vec::new();
    let mut step = g.start().unwrap();
    while let Step::Yielded(line) = step {
        let (at_line, at_column) = at(&g).unwrap();
        assert_eq!(at_line, line);
        seen.push((at_line, at_column));
        step = g.send(()).unwrap();
    }
    assert_eq!(step, Step::Complete(()));
    let iter = mark("@iter", "yield_from_iter(");
    assert_eq!(
        seen,
        [mark("@first", "yield_("), mark("@second", "try_yield("), iter, iter, mark("@last", "yield_(")]
    );
}

async fn helper_yield(co: &gensend::Co<'_, u32>) {
    co.yield_(7).await; // @helper
}

#[test]
fn suspended_at_inside_an_async_helper_is_the_helpers_yield() {
    let mut g: Gen<u32> = Gen::new(|co| async move {
        helper_yield(&co).await;
    });
    g.start().unwrap();
    assert_eq!(at(&g), Some(mark("@helper", "yield_(")));
}

fn leaf<E: Send + 'static>() -> Gen<'static, u32, (), (), E> {
    Gen::throwable(|co| async move {
        co.yield_(1).await; // @leaf-1
        co.yield_(2).await; // @leaf-2
    })
}

fn middle() -> Gen<'static, u32> {
    Gen::new(|co| async move {
        co.yield_from(leaf()).await; // @middle
        co.yield_(3).await; // @middle-after
    })
}

fn top() -> Gen<'static, u32, (), (), &'static str> {
    Gen::throwable(|co| async move {
        let inner = Gen::throwable(|co| async move {
            co.yield_from(leaf()).await; // @inner-delegator
        });
        let _ = co.try_yield_from(inner).await; // @top
    })
}

#[test]
fn suspended_at_while_delegating_is_the_innermost_yield() {
    let mut g = middle();
    assert_eq!(g.next(), Some(1));
    assert_eq!(at(&g), Some(mark("@leaf-1", "yield_(")));
    assert_eq!(g.next(), Some(2));
    assert_eq!(at(&g), Some(mark("@leaf-2", "yield_(")));
    assert_eq!(g.next(), Some(3));
    assert_eq!(at(&g), Some(mark("@middle-after", "yield_(")));
}

// ---- backtrace ----------------------------------------------------------------------

fn frames<Y, S, R, E>(g: &Gen<'_, Y, S, R, E>) -> Vec<(Point, u32, u32)> {
    g.backtrace()
        .map(|frame| {
            assert_eq!(frame.location.file(), file!());
            (frame.point, frame.location.line(), frame.location.column())
        })
        .collect()
}

fn with(point: Point, (line, column): (u32, u32)) -> (Point, u32, u32) {
    (point, line, column)
}

#[test]
fn backtrace_is_empty_unless_suspended() {
    let mut g = middle();
    assert_eq!(frames(&g), []);
    g.by_ref().for_each(drop);
    assert_eq!(frames(&g), []);
    let mut closed = middle();
    closed.next();
    closed.close().unwrap();
    assert_eq!(frames(&closed), []);
}

#[test]
fn backtrace_lists_each_level_outermost_first() {
    let mut g = middle();
    g.next();
    assert_eq!(
        frames(&g),
        [
            with(Point::YieldFrom, mark("@middle", "yield_from(")),
            with(Point::Yield, mark("@leaf-1", "yield_("))
        ]
    );
    g.next();
    assert_eq!(
        frames(&g),
        [
            with(Point::YieldFrom, mark("@middle", "yield_from(")),
            with(Point::Yield, mark("@leaf-2", "yield_("))
        ]
    );
    // The delegate returned: its level is gone.
    g.next();
    assert_eq!(frames(&g), [with(Point::Yield, mark("@middle-after", "yield_("))]);
    assert_eq!(g.backtrace().last().map(|frame| frame.location), g.suspended_at());
}

#[test]
fn backtrace_shows_three_levels_and_catching_delegation() {
    let mut g = top();
    assert_eq!(g.start(), Ok(Step::Yielded(1)));
    assert_eq!(
        frames(&g),
        [
            with(Point::TryYieldFrom, mark("@top", "try_yield_from(")),
            with(Point::YieldFrom, mark("@inner-delegator", "yield_from(")),
            with(Point::Yield, mark("@leaf-1", "yield_(")),
        ]
    );
    assert!(g.backtrace().next().unwrap().point.catches());
    assert_eq!(g.backtrace().rev().map(|frame| frame.point).next(), Some(Point::Yield));
}

#[test]
fn backtrace_of_yield_from_iter_points_at_the_call() {
    let mut g: Gen<char> = Gen::new(|co| async move {
        co.yield_from_iter("ab".chars()).await; // @chars
    });
    assert_eq!(g.next(), Some('a'));
    assert_eq!(frames(&g), [with(Point::YieldFrom, mark("@chars", "yield_from_iter("))]);
    assert_eq!(g.next(), Some('b'));
    assert_eq!(frames(&g), [with(Point::YieldFrom, mark("@chars", "yield_from_iter("))]);
}

#[test]
fn frame_display_is_point_at_file_line_column_in_function() {
    let mut g = middle();
    g.next();
    let shown: Vec<String> = g.backtrace().map(|frame: Frame| frame.to_string()).collect();
    let (middle_line, middle_column) = mark("@middle", "yield_from(");
    let (leaf_line, leaf_column) = mark("@leaf-1", "yield_(");
    assert_eq!(
        shown,
        [
            format!("yield_from at tests/lifecycle.rs:{middle_line}:{middle_column} in middle"),
            format!("yield_ at tests/lifecycle.rs:{leaf_line}:{leaf_column} in leaf"),
        ]
    );
}

// ---- Debug --------------------------------------------------------------------------

#[test]
fn debug_shows_state_and_location() {
    let mut g: Gen<i32, ()> = Gen::new(|co| async move {
        let _ = co.try_yield(1).await; // @debug
    });
    assert_eq!(format!("{g:?}"), "Gen { state: Created, backtrace: [] }");
    g.start().unwrap();
    let (line, column) = mark("@debug", "try_yield(");
    assert_eq!(
        format!("{g:?}"),
        format!(
            "Gen {{ state: Suspended, backtrace: [try_yield at tests/lifecycle.rs:{line}:{column} \
             in debug_shows_state_and_location] }}"
        )
    );
    g.send(()).unwrap();
    assert_eq!(format!("{g:?}"), "Gen { state: Closed, backtrace: [] }");
}

#[test]
fn debug_shows_the_whole_delegation_chain() {
    let mut g = middle();
    g.next();
    let (middle_line, middle_column) = mark("@middle", "yield_from(");
    let (leaf_line, leaf_column) = mark("@leaf-1", "yield_(");
    assert_eq!(
        format!("{g:?}"),
        format!(
            "Gen {{ state: Suspended, backtrace: [yield_from at tests/lifecycle.rs:{middle_line}:{middle_column} \
             in middle, yield_ at tests/lifecycle.rs:{leaf_line}:{leaf_column} in leaf] }}"
        )
    );
}

//! PROTOCOL.md E2: pipelines of consumers. The stages are the ones in
//! `examples/pipeline.rs`; the expected logs come from the equivalent Python
//! program run under CPython 3.13 (quoted in each test).

#[path = "../examples/pipeline.rs"]
#[allow(dead_code)]
mod pipeline;

use gensend::{Gen, SendError, State, Step, consumer};
use pipeline::{Log, averager, broadcast, collector, filter, map};

// The Python program the first tests mirror (CPython 3.13 output in each test):
//
// log = []
// def averager():
//     total, count = 0.0, 0
//     try:
//         while True:
//             x = yield
//             log.append(f"sink got {x}")
//             total += x; count += 1
//     except GeneratorExit:
//         log.append("sink closing")
//         return total / count if count else None
//
// def scale(factor, downstream):
//     try:
//         while True:
//             x = yield
//             log.append(f"scale got {x}")
//             downstream.send(x * factor)
//     except GeneratorExit:
//         log.append("scale closing")
//         result = downstream.close()
//         log.append(f"scale closed downstream: {result}")
//         return result
//
// def keep_positive(downstream):
//     try:
//         while True:
//             x = yield
//             log.append(f"filter got {x}")
//             if x > 0:
//                 downstream.send(x)
//     except GeneratorExit:
//         log.append("filter closing")
//         result = downstream.close()
//         log.append(f"filter closed downstream: {result}")
//         return result
//
// sink = averager(); next(sink)
// mid = scale(10, sink); next(mid)
// head = keep_positive(mid); next(head)
// for x in [1, -2, 3]:
//     head.send(x)
// print("head.close() ->", head.close())

/// filter(x > 0) -> scale(x * 10) -> averager, as in the Python program above.
fn three_stages(log: &Log) -> Gen<'static, (), i32, Option<f64>> {
    let sink = averager("sink", log.clone());
    let scale = map("scale", log.clone(), |x: i32| f64::from(x * 10), sink);
    filter("filter", log.clone(), |x: &i32| *x > 0, scale)
}

fn take(log: &Log) -> Vec<String> {
    log.lock().unwrap().drain(..).collect()
}

#[test]
fn e2_each_item_runs_through_every_stage_before_the_next_enters() {
    let log = Log::default();
    let mut head = three_stages(&log);
    assert_eq!(take(&log), Vec::<String>::new(), "priming runs no stage's per-item code");
    for x in [1, -2, 3] {
        assert_eq!(head.send(x), Ok(Step::Yielded(())));
    }
    // CPython 3.13, the log after the three sends:
    assert_eq!(
        take(&log),
        [
            "filter got 1",
            "scale got 1",
            "sink got 10",
            "filter got -2",
            "filter got 3",
            "scale got 3",
            "sink got 30",
        ]
    );
}

#[test]
fn e2_close_flows_from_head_to_sink_and_the_sink_result_comes_back() {
    let log = Log::default();
    let mut head = three_stages(&log);
    for x in [1, -2, 3] {
        head.send(x).unwrap();
    }
    take(&log);
    // CPython 3.13: head.close() -> 20.0, and the log continues:
    //   filter closing / scale closing / sink closing /
    //   scale closed downstream: 20.0 / filter closed downstream: 20.0
    // Each stage's handler starts before its downstream's and ends after it.
    assert_eq!(head.close(), Ok(Some(Some(20.0))));
    assert_eq!(
        take(&log),
        [
            "filter closing",
            "scale closing",
            "sink closing",
            "scale closed downstream: Some(20.0)",
            "filter closed downstream: Some(20.0)",
        ]
    );
    assert_eq!(head.state(), State::Closed);
    assert_eq!(head.close(), Ok(None), "closing again runs nothing");
    assert_eq!(take(&log), Vec::<String>::new());
}

#[test]
fn e2_a_sink_with_nothing_to_report_gives_none_through_every_stage() {
    let log = Log::default();
    let mut head = three_stages(&log);
    head.send(-1).unwrap(); // filtered out: the sink never sees a value
    assert_eq!(head.close(), Ok(Some(None)));
    assert_eq!(
        take(&log),
        [
            "filter got -1",
            "filter closing",
            "scale closing",
            "sink closing",
            "scale closed downstream: None",
            "filter closed downstream: None",
        ]
    );
}

#[test]
fn e2_dropping_the_head_closes_every_stage_in_the_same_order() {
    // Python: `del head` (with no other references) runs the same handlers in the
    // same order: filter closing, scale closing, sink closing, scale closed
    // downstream: 40.0, filter closed downstream: 40.0.
    let log = Log::default();
    let mut head = three_stages(&log);
    head.send(4).unwrap();
    drop(head);
    assert_eq!(
        take(&log),
        [
            "filter got 4",
            "scale got 4",
            "sink got 40",
            "filter closing",
            "scale closing",
            "sink closing",
            "scale closed downstream: Some(40.0)",
            "filter closed downstream: Some(40.0)",
        ]
    );
}

#[test]
fn e2_broadcast_delivers_each_item_to_every_downstream_in_order() {
    let log = Log::default();
    let outlets = ["a", "b", "c"].map(|name| collector(name, log.clone(), usize::MAX)).into();
    let mut fan = broadcast("fan", log.clone(), outlets);
    fan.send("x").unwrap();
    fan.send("y").unwrap();
    assert_eq!(
        take(&log),
        ["fan got x", "a got x", "b got x", "c got x", "fan got y", "a got y", "b got y", "c got y"]
    );
    let xy = Some(vec!["x", "y"]);
    assert_eq!(fan.close(), Ok(Some(Some(vec![xy.clone(), xy.clone(), xy]))));
    assert_eq!(
        take(&log),
        [
            "fan closing",
            "a closing",
            "b closing",
            "c closing",
            r#"fan closed downstreams: [Some(["x", "y"]), Some(["x", "y"]), Some(["x", "y"])]"#,
        ]
    );
}

#[test]
fn e2_broadcast_keeps_a_finished_downstreams_result_and_feeds_the_others() {
    let log = Log::default();
    let outlets = vec![collector("one", log.clone(), 1), collector("all", log.clone(), usize::MAX)];
    let mut fan = broadcast("fan", log.clone(), outlets);
    fan.send(1).unwrap();
    fan.send(2).unwrap();
    assert_eq!(take(&log), ["fan got 1", "one got 1", "one full", "all got 1", "fan got 2", "all got 2"]);
    assert_eq!(fan.close(), Ok(Some(Some(vec![Some(vec![1]), Some(vec![1, 2])]))));
    // A finished downstream is not closed again: only "all" logs closing.
    assert_eq!(
        take(&log),
        ["fan closing", "all closing", "fan closed downstreams: [Some([1]), Some([1, 2])]"]
    );
}

#[test]
fn e2_a_sink_that_finishes_completes_the_pipeline_upstream() {
    let log = Log::default();
    let mut head = map("double", log.clone(), |x: i32| x * 2, collector("take2", log.clone(), 2));
    assert_eq!(head.send(1), Ok(Step::Yielded(())));
    assert_eq!(head.send(2), Ok(Step::Complete(Some(vec![2, 4]))));
    assert_eq!(head.state(), State::Closed);
    assert_eq!(head.send(3), Err(SendError::Closed(3)), "the caller gets its item back");
    assert_eq!(
        take(&log),
        [
            "double got 1",
            "take2 got 2",
            "double got 2",
            "take2 got 4",
            "take2 full",
            "double: downstream finished with Some([2, 4])",
        ]
    );
}

#[test]
fn r28_a_stage_wired_to_a_closed_sink_gets_its_item_back() {
    let log = Log::default();
    let mut sink = averager("sink", log.clone());
    assert_eq!(sink.close(), Ok(Some(None)));
    let mut head = map("scale", log.clone(), |x: i32| f64::from(x) / 2.0, sink);
    // The example's stages log the item SendError::Closed handed back and stop.
    assert_eq!(head.send(7), Ok(Step::Complete(None)));
    assert_eq!(
        take(&log),
        ["sink closing", "scale got 7", "scale: downstream closed, 3.5 handed back; stopping"]
    );
}

#[test]
fn r28_sending_to_an_exhausted_downstream_is_a_typed_value_not_runtime_error() {
    // Python (rule R28), CPython 3.13:
    //   def downstream():
    //       yield
    //   def stage(d):
    //       while True:
    //           item = yield
    //           d.send(item)          # downstream is exhausted after the first send
    //   d = downstream(); next(d)
    //   s = stage(d); next(s)
    //   s.send("x")
    //   # RuntimeError: generator raised StopIteration | cause: StopIteration()
    //   # afterwards both are GEN_CLOSED
    // Here the send that finishes the downstream returns Complete (a value, not an
    // exception), and the next one hands the item back as SendError::Closed,
    // which this stage returns to its caller.
    let downstream: Gen<(), &str> = consumer(|co| async move {
        co.yield_(()).await;
    })
    .unwrap();
    let made: Result<Gen<(), &str, SendError<&str>>, _> = consumer(move |co| async move {
        let mut downstream = downstream;
        loop {
            let item = co.yield_(()).await;
            if let Err(error) = downstream.send(item) {
                return error;
            }
        }
    });
    let mut stage = made.unwrap();
    assert_eq!(stage.send("x"), Ok(Step::Yielded(())), "the downstream finished; no error");
    assert_eq!(stage.send("y"), Ok(Step::Complete(SendError::Closed("y"))));
    assert_eq!(stage.state(), State::Closed);
    assert_eq!(stage.send("z"), Err(SendError::Closed("z")));
}

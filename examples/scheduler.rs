//! A round-robin task scheduler with spawn and kill (issue 18, program 4).
//! `resume` runs a new task and a waiting one alike; killing a task closes it,
//! running its cleanup. `cargo run --example scheduler`.

use std::collections::{BTreeMap, VecDeque};

use gensend::{Gen, Step};

/// What a task asks of the scheduler.
enum Call {
    Pass,
    Spawn(Task),
    Kill(usize),
}

/// A task: yields calls, is sent the reply (a spawned task's id).
type Task = Gen<'static, Call, Option<usize>>;

/// Prints when dropped: a task's `finally`.
struct Cleanup(&'static str);

impl Drop for Cleanup {
    fn drop(&mut self) {
        println!("{} cleans up", self.0);
    }
}

fn worker(name: &'static str, steps: u32) -> Task {
    Task::new(move |co| async move {
        let _cleanup = Cleanup(name);
        for i in 0..steps {
            println!("{name} step {i}");
            co.yield_(Call::Pass).await;
        }
    })
}

fn forever(name: &'static str) -> Task {
    Task::new(move |co| async move {
        let _cleanup = Cleanup(name);
        loop {
            println!("{name} spins");
            co.yield_(Call::Pass).await;
        }
    })
}

fn boss() -> Task {
    Task::new(|co| async move {
        let looper = co.yield_(Call::Spawn(forever("looper"))).await.expect("spawn replies with an id");
        co.yield_(Call::Spawn(worker("worker", 2))).await;
        co.yield_(Call::Pass).await;
        co.yield_(Call::Kill(looper)).await;
        println!("boss done");
    })
}

fn main() {
    let mut tasks = BTreeMap::from([(0, boss())]);
    let (mut ready, mut spawned) = (VecDeque::from([(0, None)]), 0);
    while let Some((id, reply)) = ready.pop_front() {
        let Some(task) = tasks.get_mut(&id) else { continue }; // killed
        match task.resume(reply) {
            Ok((Step::Yielded(Call::Pass), _)) => ready.push_back((id, None)),
            Ok((Step::Yielded(Call::Spawn(new)), _)) => {
                spawned += 1;
                tasks.insert(spawned, new);
                ready.extend([(spawned, None), (id, Some(spawned))]);
            }
            Ok((Step::Yielded(Call::Kill(victim)), _)) => {
                println!("killing task {victim}");
                tasks.remove(&victim);
                ready.push_back((id, None));
            }
            Ok((Step::Complete(()), _)) | Err(_) => {
                tasks.remove(&id);
                println!("task {id} finished");
            }
        }
    }
}

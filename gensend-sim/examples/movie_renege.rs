//! SimPy's `movie_renege` example, line by line (SimPy 4.1.2's
//! `docs/examples/code/movie_renege.py`): one ticket counter, three movies,
//! and one shared "sold out" event per movie that every moviegoer queueing
//! for it waits on, or'ed with their request, so that all of them renege
//! when it fires.
//!
//! It draws from [`Random`], CPython's `random` draw for draw, seeded with 42
//! as the Python is, so it prints SimPy's documented output
//! (`tests/golden/examples/movie_renege.out`) byte for byte.
//!
//! The Python's `Theater` is a `NamedTuple` of dicts keyed by movie title,
//! shared by every process; here it is one `Rc<Theater>` whose changing
//! dicts are `RefCell<HashMap>`s, with the titles in `movies` giving the
//! order, as the Python's list does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gensend_sim::random::Random;
use gensend_sim::{ConditionValue, Env, Event, Failure, ProcessGen, Resource, proc, py_fixed};

/// Python's module-level `random`, shared by every process.
type SharedRandom = Rc<RefCell<Random>>;

const RANDOM_SEED: i128 = 42;
const TICKETS: i64 = 50; // Number of tickets per movie
const SELLOUT_THRESHOLD: i64 = 2; // Fewer tickets than this is a sellout
const SIM_TIME: f64 = 120.0; // Simulate until

/// A moviegoer tries to by a number of tickets (*num_tickets*) for
/// a certain *movie* in a *theater*.
///
/// If the movie becomes sold out, she leaves the theater. If she gets
/// to the counter, she tries to buy a number of tickets. If not enough
/// tickets are left, she argues with the teller and leaves.
///
/// If at most one ticket is left after the moviegoer bought her
/// tickets, the *sold out* event for this movie is triggered causing
/// all remaining moviegoers to leave.
fn moviegoer(env: Env, movie: &'static str, num_tickets: i64, theater: Rc<Theater>) -> ProcessGen {
    proc(move |co| async move {
        let my_turn = theater.counter.request(); // released when dropped: SimPy's `with`
        // Wait until it's our turn or until the movie is sold out
        let result = co.yield_(my_turn.event() | theater.sold_out[movie].clone()).await;

        // Check if it's our turn or if movie is sold out
        if !result.get::<ConditionValue>().is_some_and(|result| result.contains(&my_turn)) {
            *theater.num_renegers.borrow_mut().get_mut(movie).expect("a movie") += 1;
            return Ok(());
        }

        // Check if enough tickets left.
        if theater.available.borrow()[movie] < num_tickets {
            // Moviegoer leaves after some discussion
            co.yield_(env.timeout(0.5)).await;
            return Ok(());
        }

        // Buy tickets
        let left = {
            let mut available = theater.available.borrow_mut();
            let available = available.get_mut(movie).expect("a movie");
            *available -= num_tickets;
            *available
        };
        if left < SELLOUT_THRESHOLD {
            // Trigger the "sold out" event for the movie
            theater.sold_out[movie].succeed(())?;
            theater.when_sold_out.borrow_mut().insert(movie, Some(env.now()));
            theater.available.borrow_mut().insert(movie, 0);
        }
        co.yield_(env.timeout(1.0)).await;
        Ok::<(), Failure>(())
    })
}

/// Create new *moviegoers* until the sim time reaches 120.
fn customer_arrivals(env: Env, random: SharedRandom, theater: Rc<Theater>) -> ProcessGen {
    proc(move |co| async move {
        loop {
            let delay = random.borrow_mut().expovariate(1.0 / 0.5)?;
            co.yield_(env.timeout(delay)).await;

            let movie = *random.borrow_mut().choice(&theater.movies)?;
            let num_tickets = random.borrow_mut().randint(1, 6)?;
            if theater.available.borrow()[movie] != 0 {
                env.process(moviegoer(env.clone(), movie, num_tickets, theater.clone()));
            }
        }
        #[allow(unreachable_code)]
        Ok::<(), Failure>(())
    })
}

/// The Python's `Theater(NamedTuple)`: its dicts that processes change are
/// `RefCell`s.
struct Theater {
    counter: Resource,
    movies: Vec<&'static str>,
    available: RefCell<HashMap<&'static str, i64>>,
    sold_out: HashMap<&'static str, Event>,
    when_sold_out: RefCell<HashMap<&'static str, Option<f64>>>,
    num_renegers: RefCell<HashMap<&'static str, i64>>,
}

fn main() {
    // Setup and start the simulation
    println!("Movie renege");
    let random = Rc::new(RefCell::new(Random::new(RANDOM_SEED)));
    let env = Env::new();

    // Create movie theater
    let movies = vec!["Python Unchained", "Kill Process", "Pulp Implementation"];
    let theater = Rc::new(Theater {
        counter: Resource::new(&env, 1).expect("a positive capacity"),
        movies: movies.clone(),
        available: RefCell::new(movies.iter().map(|&movie| (movie, TICKETS)).collect()),
        sold_out: movies.iter().map(|&movie| (movie, env.event())).collect(),
        when_sold_out: RefCell::new(movies.iter().map(|&movie| (movie, None)).collect()),
        num_renegers: RefCell::new(movies.iter().map(|&movie| (movie, 0)).collect()),
    });

    // Start process and run
    env.process(customer_arrivals(env.clone(), random, theater.clone()));
    env.run_until(SIM_TIME).expect("the theater runs");

    // Analysis/results
    for movie in movies {
        // Python's `if theater.sold_out[movie]:` is always true (a SimPy
        // `Event` has no `__bool__`): every movie is reported, and one not
        // sold out would make `f"{None:.1f}"` raise, as `expect` panics here.
        let sellout_time = theater.when_sold_out.borrow()[movie].expect("the movie sold out");
        let num_renegers = theater.num_renegers.borrow()[movie];
        println!(
            "Movie \"{movie}\" sold out {} minutes after ticket counter opening.",
            py_fixed(sellout_time, 1)
        );
        println!("  Number of people leaving queue when film sold out: {num_renegers}");
    }
    report_event_counts(&env);
}

/// Not in SimPy's example: on stderr, if `GENSEND_SIM_EVENT_COUNTS` is set,
/// SimPy's event counts (`next(env._eid)`, `len(env._queue)`), which
/// tests/examples.rs compares with SimPy's own.
fn report_event_counts(env: &Env) {
    if std::env::var_os("GENSEND_SIM_EVENT_COUNTS").is_some() {
        let stats = env.stats();
        eprintln!("events {} pending {}", stats.scheduled, stats.pending);
    }
}

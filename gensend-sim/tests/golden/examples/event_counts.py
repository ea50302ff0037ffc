"""SimPy's event counts for its examples: writes `<example>.events` beside each `.py`.

Run from this directory with SimPy 4.1.2 importable, under CPython 3.13:

    PYTHONPATH=<simpy-4.1.2>/src PYENV_VERSION=3.13.0 python3 event_counts.py

For each example it records every `simpy.Environment` the example creates and,
after the example has run, writes one line per environment:
`events <scheduled> pending <still queued>`, that is `next(env._eid)` (SimPy
takes one id per `schedule`) and `len(env._queue)`. The Rust ports print the
same lines on stderr when `GENSEND_SIM_EVENT_COUNTS` is set (tests/examples.rs):
the kernel creates exactly SimPy's events, not only the same output.

Names given on the command line replace the list: from `tests/golden`,
`python3 examples/event_counts.py clinic` writes `clinic.events` for
`clinic.py` (a program written for these tests, not one of SimPy's).
"""

import contextlib
import io
import runpy
import sys

import simpy

EXAMPLES = sys.argv[1:] or [
    "carwash",
    "bank_renege",
    "latency",
    "machine_shop",
    "process_communication",
    "gas_station_refuel",
    "movie_renege",
]

environments = []
simpy_init = simpy.Environment.__init__


def recording_init(self, *args, **kwargs):
    simpy_init(self, *args, **kwargs)
    environments.append(self)


simpy.Environment.__init__ = recording_init

for name in EXAMPLES:
    environments.clear()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        runpy.run_path(f"{name}.py", run_name="__main__")
    with open(f"{name}.out") as documented:
        assert printed.getvalue() == documented.read(), f"{name}.py does not print {name}.out"
    with open(f"{name}.events", "w") as out:
        for env in environments:
            out.write(f"events {next(env._eid)} pending {len(env._queue)}\n")

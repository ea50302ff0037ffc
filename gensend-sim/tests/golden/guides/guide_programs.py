"""The programs of SimPy 4.1.2's topical guides that tests/guide_*.rs port
(simpy_basics, environments, events, process_interaction, real-time-simulations,
time_and_scheduling),
run under SimPy 4.1.2: each prints `== <rust test>` and then what the program prints.

The doctest blocks are copied from the guides unchanged (the guides' expected
output is what they print: `python -m doctest -o ELLIPSIS GUIDE.rst` passes under
SimPy 4.1.2 and CPython 3.13.0). A REPL line that shows a value is a `print(repr(...))`
here. Lines marked `# port:` are additions that give a code fragment, or a program
with nothing to print, a model to run and something to check; the Rust tests assert
the same output.

    /tmp/venv-simpy/bin/python tests/golden/guides/guide_programs.py
"""
import time
from random import seed, randint

import simpy
import simpy.rt
from simpy.events import AllOf, AnyOf, Event
from simpy.util import start_delayed


def title(name):
    print(f'== {name}')


# --- simpy_basics.rst ---------------------------------------------------------

title('guide_simpy_basics::how_simpy_works')


def example(env):
    event = simpy.events.Timeout(env, delay=1, value=42)
    value = yield event
    print('now=%d, value=%d' % (env.now, value))


env = simpy.Environment()
example_gen = example(env)
p = simpy.events.Process(env, example_gen)
env.run()

title('guide_simpy_basics::best_practice_version_of_the_example_above')


def example(env):
    value = yield env.timeout(1, value=42)
    print('now=%d, value=%d' % (env.now, value))


env = simpy.Environment()
p = env.process(example(env))
env.run()

# --- environments.rst ---------------------------------------------------------

title('guide_environments::simulation_control_run_until_a_process')


def my_proc(env):
    yield env.timeout(1)
    return 'Monty Python’s Flying Circus'


env = simpy.Environment()
proc = env.process(my_proc(env))
print(repr(env.run(until=proc)))

title('guide_environments::simulation_control_run_with_increasing_until')
env = simpy.Environment()


def clock(env):  # port: a model to run
    while True:
        yield env.timeout(1)


env.process(clock(env))
try:
    for i in range(100):
        env.run(until=i)
        print('progress', i)  # port: progressbar.update(i)
except ValueError as error:  # port: until=0 is not after now (0)
    print('ValueError:', error)
for i in range(1, 4):  # port: from 1
    env.run(until=i)
    print('progress', i)

title('guide_environments::simulation_control_peek_and_step')
env = simpy.Environment()


def ticker(env):  # port: a model to step through
    while True:
        print('tick at', env.now)
        yield env.timeout(3)


env.process(ticker(env))
until = 10
while env.peek() < until:
    env.step()
print('now', env.now, 'next', env.peek())  # port

title('guide_environments::simulation_control_run_until_an_event')
# port: "Assuming that the current time is 0, env.run(until=env.timeout(5)) is
# equivalent to env.run(until=5)": both stop at 5, but a time stops before the
# events at 5, an event after those scheduled before it.
for until in ('time', 'event'):
    env = simpy.Environment()

    def p(env):
        yield env.timeout(5)
        print('process at', env.now)

    env.process(p(env))
    env.step()
    env.run(until=5 if until == 'time' else env.timeout(5))
    print(until, env.now)

title('guide_environments::simulation_control_peek_and_step_when_nothing_is_scheduled')
# port: "peek() returns the time of the next scheduled event or infinity";
# "step() raises an EmptySchedule exception if no event is available"
env = simpy.Environment()
print(env.peek())
try:
    env.step()
except simpy.core.EmptySchedule:
    print('EmptySchedule')

title('guide_environments::state_access')


def subfunc(env):
    print(env.active_process)  # will print "p1"


def my_proc(env):
    while True:
        print(env.active_process)  # will print "p1"
        subfunc(env)
        yield env.timeout(1)


env = simpy.Environment()
p1 = env.process(my_proc(env))
assert env.active_process is None  # the REPL shows nothing for None
env.step()
assert env.active_process is None

title('guide_environments::state_access_initial_time')
# port: "By default, now starts at 0, but you can pass an initial_time"
env = simpy.Environment(initial_time=10)


def p(env):
    print('start', env.now)
    yield env.timeout(1)
    print('end', env.now)


env.process(p(env))
env.run()

title('guide_environments::miscellaneous')


def my_proc(env):
    yield env.timeout(1)
    return 42


def other_proc(env):
    ret_val = yield env.process(my_proc(env))
    assert ret_val == 42
    print('ret_val', ret_val, 'at', env.now)  # port


env = simpy.Environment()  # port
env.process(other_proc(env))
env.run()

# --- events.rst ---------------------------------------------------------------

title('guide_events::adding_callbacks_to_an_event')


def my_callback(event):
    print('Called back from', event)


env = simpy.Environment()
event = env.event()
event.callbacks.append(my_callback)
print(len(event.callbacks))  # port: the REPL shows [<function my_callback at 0x...>]
event.succeed()  # port
env.run()

title('guide_events::triggering_events')
# port: the section's fragments: `yield Event(env).succeed()`; trigger() takes
# the value and outcome of the event passed to it, and returns None.
env = simpy.Environment()


def p(env):
    value = yield simpy.Event(env).succeed('done')
    print('succeed', env.now, value)

    failed = env.event().fail(ValueError('Onoes'))
    failed.defused = True
    copy = env.event()
    print('trigger returned', copy.trigger(failed), copy.ok, copy.value)
    try:
        yield copy
    except ValueError as error:
        print('caught', error, env.now)

    done = env.event().succeed(3)
    copy = env.event()
    copy.trigger(done)
    print('copied', (yield copy))


env.process(p(env))
env.run()

title('guide_events::example_usages_for_event')


class School:
    def __init__(self, env):
        self.env = env
        self.class_ends = env.event()
        self.pupil_procs = [env.process(self.pupil()) for i in range(3)]
        self.bell_proc = env.process(self.bell())

    def bell(self):
        for i in range(2):
            yield self.env.timeout(45)
            self.class_ends.succeed()
            self.class_ends = self.env.event()
            print()

    def pupil(self):
        for i in range(2):
            print(r' \o/', end='')
            yield self.class_ends


env = simpy.Environment()  # port: the guide goes on with the callbacks' env
school = School(env)
env.run()

title('guide_events::processes_are_events_too')


def sub(env):
    yield env.timeout(1)
    return 23


def parent(env):
    ret = yield env.process(sub(env))
    return ret


print(repr(env.run(env.process(parent(env)))))

title('guide_events::processes_are_events_too_start_delayed')


def sub(env):
    yield env.timeout(1)
    return 23


def parent(env):
    sub_proc = yield start_delayed(env, sub(env), delay=3)
    ret = yield sub_proc
    return ret


print(repr(env.run(env.process(parent(env)))))

title('guide_events::waiting_for_multiple_events_at_once')
events = [Event(env) for i in range(3)]
a = AnyOf(env, events)  # Triggers if at least one of "events" is triggered.
b = AllOf(env, events)  # Triggers if all each of "events" is triggered.
print(a.triggered, b.triggered)  # port
events[1].succeed('spam')  # port
env.run()
print(a.triggered, b.triggered, list(a.value.values()))  # port

title('guide_events::waiting_for_multiple_events_at_once_operators')


def test_condition(env):
    t1, t2 = env.timeout(1, value='spam'), env.timeout(2, value='eggs')
    ret = yield t1 | t2
    assert ret == {t1: 'spam'}

    t1, t2 = env.timeout(1, value='spam'), env.timeout(2, value='eggs')
    ret = yield t1 & t2
    assert ret == {t1: 'spam', t2: 'eggs'}

    # You can also concatenate & and |
    e1, e2, e3 = [env.timeout(i) for i in range(3)]
    yield (e1 | e2) & e3
    assert all(e.processed for e in [e1, e2, e3])


proc = env.process(test_condition(env))
env.run()
print(proc.ok)  # port

title('guide_events::waiting_for_multiple_events_at_once_values')


def fetch_values_of_multiple_events(env):
    t1, t2 = env.timeout(1, value='spam'), env.timeout(2, value='eggs')
    r1, r2 = (yield t1 & t2).values()
    assert r1 == 'spam' and r2 == 'eggs'


proc = env.process(fetch_values_of_multiple_events(env))
env.run()
print(proc.ok)  # port

# --- process_interaction.rst (the three programs share one random stream) ----

title('guide_process_interaction::sleep_until_woken_up')
seed(23)


class EV:
    def __init__(self, env):
        self.env = env
        self.drive_proc = env.process(self.drive(env))
        self.bat_ctrl_proc = env.process(self.bat_ctrl(env))
        self.bat_ctrl_reactivate = env.event()

    def drive(self, env):
        while True:
            # Drive for 20-40 min
            yield env.timeout(randint(20, 40))

            # Park for 1–6 hours
            print('Start parking at', env.now)
            self.bat_ctrl_reactivate.succeed()  # "reactivate"
            self.bat_ctrl_reactivate = env.event()
            yield env.timeout(randint(60, 360))
            print('Stop parking at', env.now)

    def bat_ctrl(self, env):
        while True:
            print('Bat. ctrl. passivating at', env.now)
            yield self.bat_ctrl_reactivate  # "passivate"
            print('Bat. ctrl. reactivated at', env.now)

            # Intelligent charging behavior here …
            yield env.timeout(randint(30, 90))


env = simpy.Environment()
ev = EV(env)
env.run(until=150)

title('guide_process_interaction::waiting_for_another_process_to_terminate')


class EV:
    def __init__(self, env):
        self.env = env
        self.drive_proc = env.process(self.drive(env))

    def drive(self, env):
        while True:
            # Drive for 20-40 min
            yield env.timeout(randint(20, 40))

            # Park for 1–6 hours
            print('Start parking at', env.now)
            charging = env.process(self.bat_ctrl(env))
            parking = env.timeout(randint(60, 360))
            yield charging & parking
            print('Stop parking at', env.now)

    def bat_ctrl(self, env):
        print('Bat. ctrl. started at', env.now)
        # Intelligent charging behavior here …
        yield env.timeout(randint(30, 90))
        print('Bat. ctrl. done at', env.now)


env = simpy.Environment()
ev = EV(env)
env.run(until=310)

title('guide_process_interaction::interrupting_another_process')


class EV:
    def __init__(self, env):
        self.env = env
        self.drive_proc = env.process(self.drive(env))

    def drive(self, env):
        while True:
            # Drive for 20-40 min
            yield env.timeout(randint(20, 40))

            # Park for 1 hour
            print('Start parking at', env.now)
            charging = env.process(self.bat_ctrl(env))
            parking = env.timeout(60)
            yield charging | parking
            if not charging.triggered:
                # Interrupt charging if not already done.
                charging.interrupt('Need to go!')
            print('Stop parking at', env.now)

    def bat_ctrl(self, env):
        print('Bat. ctrl. started at', env.now)
        try:
            yield env.timeout(randint(60, 90))
            print('Bat. ctrl. done at', env.now)
        except simpy.Interrupt as i:
            # Onoes! Got interrupted before the charging was done.
            print('Bat. ctrl. interrupted at', env.now, 'msg:',
                  i.cause)


env = simpy.Environment()
ev = EV(env)
env.run(until=100)

title('guide_process_interaction::interrupting_another_process_then_waiting_again')
# port: the closing paragraph: "the interrupted process can yield the same event
# again after catching the Interrupt – Imagine someone waiting for a shop to
# open. The person may get interrupted by a phone call. After finishing the
# call, he or she checks if the shop already opened and either enters or
# continues to wait."


def customer(env, shop_opens, call_length):
    while True:
        try:
            value = yield shop_opens
            print('enters at', env.now, value)
            return
        except simpy.Interrupt as i:
            print('phone call at', env.now, i.cause)
            yield env.timeout(call_length)
            print('call over at', env.now, 'shop open:', shop_opens.processed)


def caller(env, victim, at):
    yield env.timeout(at)
    victim.interrupt('mum')


for call_at, call_length in [(2, 3), (8, 5)]:
    env = simpy.Environment()
    shop_opens = env.timeout(10, value='open')
    c = env.process(customer(env, shop_opens, call_length))
    env.process(caller(env, c, call_at))
    env.run()
    print('end', env.now)

# --- time_and_scheduling.rst (prose only) ---------------------------------------

title('guide_time_and_scheduling::same_time_events_are_processed_first_in_first_out')
# port: "If two events are scheduled at the same time, the one that is scheduled
# first will also be the processed first (FIFO)"
env = simpy.Environment()


def p(env, name, delay):
    yield env.timeout(delay)
    print(name, env.now)


for name, delay in [('a', 2), ('b', 1), ('c', 2), ('d', 1), ('e', 0)]:
    env.process(p(env, name, delay))
env.run()

# --- real-time-simulations.rst ------------------------------------------------

title('guide_real_time_simulations::duration_of_one_simulation_time_unit')


def example(env):
    start = time.perf_counter()
    yield env.timeout(1)
    end = time.perf_counter()
    print('Duration of one simulation time unit: %.2fs' % (end - start))


env = simpy.Environment()
proc = env.process(example(env))
env.run(until=proc)

env = simpy.rt.RealtimeEnvironment(factor=0.1)
proc = env.process(example(env))
env.run(until=proc)

title('guide_real_time_simulations::strict_too_slow')


def slow_proc(env):
    time.sleep(0.02)  # Heavy computation :-)
    yield env.timeout(1)


env = simpy.rt.RealtimeEnvironment(factor=0.01)
proc = env.process(slow_proc(env))
try:
    env.run(until=proc)
    print('Everything alright')
except RuntimeError:
    print('Simulation is too slow')

title('guide_real_time_simulations::not_strict')
env = simpy.rt.RealtimeEnvironment(factor=0.01, strict=False)
proc = env.process(slow_proc(env))
try:
    env.run(until=proc)
    print('Everything alright')
except RuntimeError:
    print('Simulation is too slow')

"""
Workshop: a SimPy 4 program written for gensend-sim's tests (not one of
SimPy's examples; MIT OR Apache-2.0, as gensend-sim). Its port,
`examples/workshop.rs`, must print what this prints under SimPy 4.1.2 and
CPython 3.13.0 (`workshop.out`) byte for byte and schedule the same events
(`workshop.events`); `sweep.sh` compares the two for other seeds.

Covers failure and interrupt paths that SimPy's documented examples leave
out:

- A sub-process that raises, caught by the process waiting for it
- An event failed with an exception inside an AnyOf (the condition fails);
  an AllOf of processes, one of which raises; a failure defused by hand
- Interrupts while waiting on a store's get (cancelled by one worker, left
  queued by another, so that it takes a job nobody does) and on a
  container's put (cancelled by `with`)
- PriorityStore of PriorityItems (ties in heap order), Store, Container,
  a Timeout's value, ConditionValue lookups
- simpy.util.start_delayed, and env.run(until=process) returning its value

Scenario:
  A dispatcher puts jobs in a PriorityStore. Three workers take them; a
  job's work (a sub-process) draws material from a Container and may raise
  PartError, and then the job goes back at a lower priority until it has
  failed twice. An inspector passes or fails each finished job's
  inspection event; the worker waits for it or gives up after a while (and
  defuses it). A foreman sends idle workers on a break and recalls the
  supplier while it waits for room in the bin. An auditor counts the
  material and the orders at once. A delayed process closes the shop:
  start_delayed returns the process that starts it, whose value is it.

"""

import os
import random

import simpy
from simpy.util import start_delayed

# The defaults make workshop.out; sweep.sh varies them.
RANDOM_SEED = int(os.environ.get('WORKSHOP_SEED', 42))
SHIFT = int(os.environ.get('WORKSHOP_TIME', 300))  # When closing starts (minutes)
CAREFUL = [True, True, False]  # Whether each worker cancels its get on a break
MATERIAL = 20  # Capacity of the material bin


class PartError(Exception):
    pass


class Workshop:
    def __init__(self, env):
        self.env = env
        self.orders = simpy.PriorityStore(env)
        self.material = simpy.Container(env, capacity=MATERIAL, init=10)
        self.inspections = simpy.Store(env)
        self.workers = []
        self.idle = {}  # Worker number -> its pending get, while idle
        self.supplier_waiting = False
        self.done = []
        self.scrapped = []


def dispatcher(env, shop):
    """Put new jobs in the orders, each with a priority."""
    for job in range(1, 1000):
        yield env.timeout(random.expovariate(1 / 6.0))
        priority = random.randint(1, 3)
        yield shop.orders.put(simpy.PriorityItem(priority, (job, 0)))


def worker(env, number, shop):
    """Take jobs, work on them, have them inspected."""
    while True:
        get = shop.orders.get()
        shop.idle[number] = get
        try:
            order = yield get
        except simpy.Interrupt as interrupt:
            del shop.idle[number]
            print(f'{env.now:7.2f} worker {number} goes on a {interrupt.cause}')
            if CAREFUL[number]:
                get.cancel()
            yield env.timeout(5)
            continue
        del shop.idle[number]
        job, failures = order.item
        print(f'{env.now:7.2f} worker {number} takes job {job} (priority {order.priority})')
        try:
            quality = yield env.process(work(env, job, shop))
        except PartError as error:
            failures += 1
            print(f'{env.now:7.2f} worker {number} fails job {job}: {error}')
            if failures < 2:
                yield shop.orders.put(simpy.PriorityItem(order.priority + 1, (job, failures)))
            else:
                shop.scrapped.append(job)
            continue
        check = env.event()
        yield shop.inspections.put((job, quality, check))
        patience = env.timeout(6, value='no inspector')
        try:
            result = yield check | patience
        except PartError as error:
            print(f'{env.now:7.2f} worker {number}: job {job} rejected: {error}')
            shop.scrapped.append(job)
            continue
        if check in result:
            print(f'{env.now:7.2f} worker {number}: job {job} passed, {result[check]}')
        else:
            check.defused = True
            print(f'{env.now:7.2f} worker {number}: job {job} shipped, {result[patience]}')
        shop.done.append(job)


def work(env, job, shop):
    """Work on a job: material, time, and maybe a crack."""
    units = random.randint(1, 4)
    yield shop.material.get(units)
    yield env.timeout(random.uniform(3, 9))
    if random.random() < 0.2:
        raise PartError(f'part {job} cracked')
    return random.randint(60, 100)


def inspector(env, shop):
    """Pass or fail each inspection, one at a time."""
    while True:
        job, quality, check = yield shop.inspections.get()
        yield env.timeout(random.uniform(1, 8))
        if quality < 70:
            check.fail(PartError(f'quality {quality} too low'))
        else:
            check.succeed(f'quality {quality}')


def supplier(env, shop):
    """Refill the material bin, waiting for room."""
    while True:
        yield env.timeout(random.uniform(10, 20))
        amount = random.randint(5, 12)
        with shop.material.put(amount) as put:
            shop.supplier_waiting = True
            try:
                yield put
                print(f'{env.now:7.2f} supplier delivers {amount}')
            except simpy.Interrupt as interrupt:
                print(f'{env.now:7.2f} supplier {interrupt.cause} with {amount}')
            shop.supplier_waiting = False


def foreman(env, shop, supplier_process):
    """Send an idle worker on a break; recall a waiting supplier."""
    while True:
        yield env.timeout(random.uniform(15, 30))
        if shop.idle:
            number = random.choice(sorted(shop.idle))
            shop.workers[number].interrupt('break')
        if shop.supplier_waiting:
            supplier_process.interrupt('recalled')


def count(env, what, amount):
    """Count something; a full bin cannot be counted."""
    yield env.timeout(random.uniform(0.5, 2))
    if what == 'material' and amount >= 15:
        raise PartError(f'{amount} {what} are too many to count')
    return f'{amount} {what}'


def auditor(env, shop):
    """Count the material and the orders at once, now and then."""
    while True:
        yield env.timeout(45)
        counts = [
            env.process(count(env, 'material', shop.material.level)),
            env.process(count(env, 'orders', len(shop.orders.items))),
        ]
        try:
            values = yield simpy.AllOf(env, counts)
            print(f'{env.now:7.2f} audit: ' + ', '.join(values.values()))
        except PartError as error:
            print(f'{env.now:7.2f} audit failed: {error}')


def closing(env, shop):
    """Close the shop."""
    yield env.timeout(10)
    return f'closed with {len(shop.done)} done, {len(shop.scrapped)} scrapped'


print('Workshop')
random.seed(RANDOM_SEED)
env = simpy.Environment()
shop = Workshop(env)
env.process(dispatcher(env, shop))
for number in range(len(CAREFUL)):
    shop.workers.append(env.process(worker(env, number, shop)))
env.process(inspector(env, shop))
supplier_process = env.process(supplier(env, shop))
env.process(foreman(env, shop, supplier_process))
env.process(auditor(env, shop))
starter = start_delayed(env, closing(env, shop), SHIFT)
closed = env.run(until=starter)  # The starter's value: the process it started
print(f'{env.now:7.2f} closing')
message = env.run(until=closed)
print(f'{env.now:7.2f} {message}')

print(f'Done: {sorted(shop.done)}')
print(f'Scrapped: {shop.scrapped}')
print(f'Orders left: {[item.item[0] for item in shop.orders.items]}')
print(f'Material left: {shop.material.level}')

"""
Courier: a SimPy 4 program written for gensend-sim's tests (not one of
SimPy's examples; MIT OR Apache-2.0, as gensend-sim). Its port,
`examples/courier.rs`, must print what this prints under SimPy 4.1.2 and
CPython 3.13.0 (`courier.out`) byte for byte and schedule the same events
(`courier.events`); `sweep.sh courier` compares the two for other seeds.

Covers delegation and the event API around it:

- `yield from` sub-generators two levels deep, with return values
- Interrupts thrown into the innermost generator: caught there (a jam),
  re-raised from there (a recall) or arriving where nothing catches them,
  and caught by the process two levels up
- Event.trigger as a callback, callbacks that print (no active process),
  `|=` on a condition, an event succeeded before anyone waits for it
- env.peek() and env.step() driving the simulation by hand

Scenario:
  Parcels wait in a store for two couriers. A courier drives to the
  customer, rings, and drives back. The radio sometimes reports a jam
  (the courier waits, then drives on) or recalls the courier (the parcel
  goes back in the store). A customer comes home at some point, and waits
  for their parcel's tracking until a deadline.

"""

import os
import random

import simpy

# The defaults make courier.out; sweep.sh varies them.
RANDOM_SEED = int(os.environ.get('COURIER_SEED', 42))
END = int(os.environ.get('COURIER_TIME', 200))  # Minutes
COURIERS = ['Ann', 'Bob']


class Parcel:
    def __init__(self, env, number):
        self.number = number
        self.distance = random.uniform(2, 10)  # km, at 1 km a minute
        self.home = env.event()  # The customer is at home
        self.done = env.event()  # The courier is back: delivered or not
        self.tracking = env.event()  # The customer's view of `done`


class Shop:
    def __init__(self, env):
        self.parcels = simpy.Store(env)
        self.driving = {}  # Courier name -> its process, while driving
        self.recalled = 0


def drive(env, name, distance, shop):
    """Drive `distance` km; a jam holds the car up. Returns the minutes."""
    start = env.now
    left = distance
    while left > 0:
        leg = env.now
        shop.driving[name] = env.active_process
        try:
            yield env.timeout(left)
            left = 0
        except simpy.Interrupt as interrupt:
            if interrupt.cause != 'jam':
                raise
            left -= env.now - leg
            print(f'{env.now:7.2f} {name} stuck in a jam, {left:.2f} km left')
            yield env.timeout(random.uniform(1, 4))  # Nothing catches an interrupt here
        finally:
            shop.driving.pop(name, None)
    return env.now - start


def handover(env, parcel):
    """Ring; the customer opens, or nobody does within 3 minutes."""
    ring = env.timeout(3, value='card left')
    result = yield parcel.home | ring
    if parcel.home in result:
        return 'delivered'
    return result[ring]


def delivery(env, name, parcel, shop):
    """There, the handover, and back. Returns what happened, and the minutes."""
    minutes = yield from drive(env, name, parcel.distance, shop)
    outcome = yield from handover(env, parcel)
    print(f'{env.now:7.2f} {name} parcel {parcel.number}: {outcome}')
    minutes += yield from drive(env, name, parcel.distance, shop)
    return outcome, minutes


def courier(env, name, shop):
    """Take parcels one by one."""
    while True:
        parcel = yield shop.parcels.get()
        print(f'{env.now:7.2f} {name} takes parcel {parcel.number} ({parcel.distance:.2f} km)')
        try:
            outcome, minutes = yield from delivery(env, name, parcel, shop)
        except simpy.Interrupt as interrupt:
            shop.recalled += 1
            print(f'{env.now:7.2f} {name} turns back ({interrupt.cause}) with parcel {parcel.number}')
            yield shop.parcels.put(parcel)
            continue
        print(f'{env.now:7.2f} {name} back after {minutes:.2f} minutes')
        parcel.done.succeed(outcome)


def customer(env, parcel):
    """Come home at some point; wait for the parcel until a deadline."""
    yield env.timeout(random.uniform(0, 40))
    parcel.home.succeed()
    waiting = parcel.tracking
    waiting |= env.timeout(random.uniform(20, 60), value='gave up')
    result = yield waiting
    if parcel.tracking in result:
        print(f'{env.now:7.2f} customer {parcel.number}: {result[parcel.tracking]}')
    else:
        print(f'{env.now:7.2f} customer {parcel.number} {list(result.values())[0]}')


def tracked(env, parcel):
    """A callback on a parcel's `done` event."""
    print(f'{env.now:7.2f} tracking {parcel.number}: {parcel.done.value} (active: {env.active_process})')


def dispatcher(env, shop):
    """New parcels, each with its customer."""
    number = 0
    while True:
        yield env.timeout(random.expovariate(1 / 7.0))
        number += 1
        parcel = Parcel(env, number)
        parcel.done.callbacks.append(parcel.tracking.trigger)
        parcel.done.callbacks.append(lambda event, parcel=parcel: tracked(env, parcel))
        env.process(customer(env, parcel))
        yield shop.parcels.put(parcel)


def radio(env, shop):
    """Now and then a jam, or a recall, for a driving courier."""
    while True:
        yield env.timeout(random.uniform(1, 8))
        if shop.driving:
            name = random.choice(sorted(shop.driving))
            cause = random.choice(['jam', 'jam', 'recall'])
            shop.driving[name].interrupt(cause)


print('Courier')
random.seed(RANDOM_SEED)
env = simpy.Environment()
shop = Shop(env)
couriers = [env.process(courier(env, name, shop)) for name in COURIERS]
env.process(dispatcher(env, shop))
env.process(radio(env, shop))
steps = 0
while env.peek() < END:
    env.step()
    steps += 1
print(f'{env.now:7.2f} stopped after {steps} steps; next event at {env.peek():.2f}')
print(f'Recalls: {shop.recalled}; parcels waiting: {len(shop.parcels.items)}')
print(f'Couriers alive: {[p.is_alive for p in couriers]}')

"""
Clinic: a SimPy 4 program written for gensend-sim's tests (not one of
SimPy's examples; MIT OR Apache-2.0, as gensend-sim). Its port,
`examples/clinic.rs`, must print what this prints under SimPy 4.1.2 and
CPython 3.13.0 (`clinic.out`) byte for byte, and schedule the same events
(`clinic.events`).

Covers what SimPy's documented examples use little or not at all:

- Resources: PreemptiveResource (preempt, the Preempted cause's `by` and
  `usage_since`), PriorityResource, Resource
- Condition events over resource requests: an AllOf of two requests or'ed
  with a timeout (renege), an AnyOf of two requests (take the first free,
  give the other back), nested condition values
- Stores: FilterStore (equipment chosen by kind), Store (a lab's queue of
  samples, each with an event the lab succeeds), Container (supplies)
- Processes: return values, waiting for a sub-process, interrupts

Scenario:
  Patients arrive at a clinic. Each needs a nurse and an examination room
  at once, and gives up if both take too long. The nurse takes the
  equipment the patient's complaint needs from a shared cabinet and some
  supplies. Some patients send a sample to the lab and wait for its
  result. Then the patient sees one of two doctors, whichever is free
  first. Every patient preempts a doctor's paperwork, and emergencies
  preempt regular patients too; a preempted patient waits again for the
  rest of the consultation.

"""

import os
import random

import simpy

# The defaults make clinic.out; sweep.sh varies them.
RANDOM_SEED = int(os.environ.get('CLINIC_SEED', 42))
SIM_TIME = int(os.environ.get('CLINIC_TIME', 240))  # Minutes
MEAN_ARRIVAL = 5.0  # Mean time between arrivals (minutes)
PATIENCE = [5, 25]  # Min/max minutes a patient waits for a nurse and a room
KINDS = ['checkup', 'injury', 'fever', 'emergency']
EQUIPMENT = [
    ('cuff-1', 'checkup'),
    ('splint-1', 'injury'),
    ('thermo-1', 'fever'),
    ('cuff-2', 'checkup'),
    ('defib-1', 'emergency'),
    ('splint-2', 'injury'),
]
SUPPLIES = 30  # Units of supplies in the cabinet
RESTOCK_LEVEL = 10  # Restock when fewer units than this are left
LAB_TIME = [4, 12]  # Min/max minutes to analyse a sample


class Clinic:
    def __init__(self, env):
        self.env = env
        self.nurses = simpy.Resource(env, capacity=1)
        self.rooms = simpy.PriorityResource(env, capacity=2)
        self.doctors = [
            simpy.PreemptiveResource(env, capacity=1),
            simpy.PreemptiveResource(env, capacity=1),
        ]
        self.cabinet = simpy.FilterStore(env)
        for item in EQUIPMENT:
            self.cabinet.put(item)
        self.supplies = simpy.Container(env, capacity=SUPPLIES, init=SUPPLIES)
        self.lab = simpy.Store(env, capacity=2)
        self.served = 0
        self.reneged = 0
        self.preempted = 0
        self.total_wait = 0.0
        self.waited = 0


def patient(env, name, kind, clinic):
    """A patient: nurse and room, equipment and supplies, maybe the lab,
    then a doctor."""
    arrive = env.now
    emergency = kind == 'emergency'
    priority = 0 if emergency else 1
    patience = random.uniform(*PATIENCE)
    print(f'{env.now:7.2f} {name} arrives ({kind})')
    with clinic.nurses.request() as nurse, clinic.rooms.request(priority) as room:
        result = yield (nurse & room) | env.timeout(patience)
        if nurse not in result or room not in result:
            clinic.reneged += 1
            print(
                f'{env.now:7.2f} {name} leaves after {env.now - arrive:.2f}'
                f' (nurse {nurse in result}, room {room in result})'
            )
            return
        clinic.total_wait += env.now - arrive
        clinic.waited += 1
        tool = yield clinic.cabinet.get(lambda item: item[1] == kind)
        units = random.randint(1, 4)
        yield clinic.supplies.get(units)
        print(f'{env.now:7.2f} {name} gets {tool[0]} and {units} units')
        yield env.timeout(random.expovariate(1 / 4.0))
        yield clinic.cabinet.put(tool)

    if random.random() < 0.4:
        done = env.event()
        yield clinic.lab.put((name, done))
        value = yield done
        print(f'{env.now:7.2f} {name} gets lab result {value}')

    outcome = yield env.process(consult(env, name, priority, clinic))
    clinic.served += 1
    print(f'{env.now:7.2f} {name} done: {outcome}')


def consult(env, name, priority, clinic):
    """See whichever doctor is free first; return how it went."""
    remaining = random.uniform(5, 15)
    times_preempted = 0
    while remaining > 0:
        first = clinic.doctors[0].request(priority=priority, preempt=True)
        second = clinic.doctors[1].request(priority=priority, preempt=True)
        try:
            free = yield first | second
        except simpy.Interrupt:
            # Granted and preempted before we could start: ask again.
            give_back(clinic.doctors[0], first)
            give_back(clinic.doctors[1], second)
            continue
        if first in free:
            doctor, req, other = 0, first, second
        else:
            doctor, req, other = 1, second, first
        # Give the other doctor back, even if we got both at once.
        give_back(clinic.doctors[1 - doctor], other)
        with req:
            print(f'{env.now:7.2f} {name} sees doctor {doctor}')
            start = env.now
            try:
                yield env.timeout(remaining)
                remaining = 0
            except simpy.Interrupt as interrupt:
                preempted = interrupt.cause
                used = env.now - preempted.usage_since
                remaining -= env.now - start
                times_preempted += 1
                clinic.preempted += 1
                print(
                    f'{env.now:7.2f} {name} preempted after {used:.2f} by'
                    f' {preempted.by.name}, {remaining:.2f} left'
                )
    if times_preempted:
        return f'treated, preempted {times_preempted}x'
    return 'treated'


def give_back(resource, request):
    """Release a granted request; cancel a waiting one."""
    if request.triggered:
        resource.release(request)
    else:
        request.cancel()


def paperwork(env, doctor, number):
    """A doctor's paperwork, which every patient preempts."""
    while True:
        with doctor.request(priority=2, preempt=False) as req:
            try:
                yield req
                yield env.timeout(10)
                print(f'{env.now:7.2f} doctor {number} files a report')
            except simpy.Interrupt:
                pass
        yield env.timeout(1)


def lab(env, clinic):
    """Analyse samples one at a time; succeed each sample's event."""
    count = 0
    while True:
        name, done = yield clinic.lab.get()
        yield env.timeout(random.randint(*LAB_TIME))
        count += 1
        done.succeed(f'#{count}')


def restock(env, clinic):
    """Refill the supplies when they run low."""
    while True:
        yield env.timeout(15)
        if clinic.supplies.level < RESTOCK_LEVEL:
            amount = SUPPLIES - clinic.supplies.level
            yield clinic.supplies.put(amount)
            print(f'{env.now:7.2f} restocked {amount} units')


def arrivals(env, clinic):
    """Patients arrive, each with a complaint."""
    number = 0
    while True:
        yield env.timeout(random.expovariate(1 / MEAN_ARRIVAL))
        number += 1
        kind = random.choice(KINDS)
        env.process(patient(env, f'Patient {number:02d}', kind, clinic))


print('Clinic')
random.seed(RANDOM_SEED)
env = simpy.Environment()
clinic = Clinic(env)
for number, doctor in enumerate(clinic.doctors):
    env.process(paperwork(env, doctor, number))
env.process(lab(env, clinic))
env.process(restock(env, clinic))
env.process(arrivals(env, clinic))
env.run(until=SIM_TIME)

print(f'Served {clinic.served}, reneged {clinic.reneged}, preempted {clinic.preempted}')
print(f'Mean wait for a nurse and a room: {clinic.total_wait / clinic.waited:.2f}')
print(f'Supplies left: {clinic.supplies.level}; equipment in the cabinet: {len(clinic.cabinet.items)}')

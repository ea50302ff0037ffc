"""SimPy's machine_shop example with a deterministic LCG in place of `random`
(same draws in the same order; a normal variate from 12 uniforms), for a
line-by-line port."""
import math
import simpy

MASK64 = (1 << 64) - 1
class Lcg:
    def __init__(self, seed):
        self.state = seed
    def unit(self):
        self.state = (6364136223846793005 * self.state + 1442695040888963407) & MASK64
        return (self.state >> 11) * (1.0 / 9007199254740992.0)
    def expovariate(self, lambd):
        return -math.log(1.0 - self.unit()) / lambd
    def normalvariate(self, mu, sigma):
        s = 0.0
        for _ in range(12):
            s += self.unit()
        return mu + sigma * (s - 6.0)

random = Lcg(42)
PT_MEAN = 10.0
PT_SIGMA = 2.0
MTTF = 300.0
BREAK_MEAN = 1 / MTTF
REPAIR_TIME = 30.0
JOB_DURATION = 30.0
NUM_MACHINES = 10
WEEKS = 4
SIM_TIME = WEEKS * 7 * 24 * 60

def time_per_part():
    t = random.normalvariate(PT_MEAN, PT_SIGMA)
    while t <= 0:
        t = random.normalvariate(PT_MEAN, PT_SIGMA)
    return t

def time_to_failure():
    return random.expovariate(BREAK_MEAN)

class Machine:
    def __init__(self, env, name, repairman):
        self.env = env
        self.name = name
        self.parts_made = 0
        self.broken = False
        self.process = env.process(self.working(repairman))
        env.process(self.break_machine())

    def working(self, repairman):
        while True:
            done_in = time_per_part()
            while done_in:
                start = self.env.now
                try:
                    yield self.env.timeout(done_in)
                    done_in = 0
                except simpy.Interrupt:
                    self.broken = True
                    done_in -= self.env.now - start
                    with repairman.request(priority=1) as req:
                        yield req
                        yield self.env.timeout(REPAIR_TIME)
                    self.broken = False
            self.parts_made += 1

    def break_machine(self):
        while True:
            yield self.env.timeout(time_to_failure())
            if not self.broken:
                self.process.interrupt()

def other_jobs(env, repairman):
    while True:
        done_in = JOB_DURATION
        while done_in:
            with repairman.request(priority=2) as req:
                yield req
                start = env.now
                try:
                    yield env.timeout(done_in)
                    done_in = 0
                except simpy.Interrupt:
                    done_in -= env.now - start

print('Machine shop')
env = simpy.Environment()
repairman = simpy.PreemptiveResource(env, capacity=1)
machines = [Machine(env, f'Machine {i}', repairman) for i in range(NUM_MACHINES)]
env.process(other_jobs(env, repairman))
env.run(until=SIM_TIME)
print(f'Machine shop results after {WEEKS} weeks')
for machine in machines:
    print(f'{machine.name} made {machine.parts_made} parts.')
print(f'events {next(env._eid)} pending {len(env._queue)}')

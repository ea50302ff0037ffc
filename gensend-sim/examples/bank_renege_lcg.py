"""SimPy's bank_renege example with a deterministic LCG in place of `random`
(same draws in the same order), more customers, for a line-by-line port."""
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
    def uniform(self, a, b):
        return a + (b - a) * self.unit()

random = Lcg(42)
NEW_CUSTOMERS = 60
INTERVAL_CUSTOMERS = 10.0
MIN_PATIENCE = 1
MAX_PATIENCE = 3

def source(env, number, interval, counter):
    for i in range(number):
        c = customer(env, f'Customer{i:02d}', counter, time_in_bank=12.0)
        env.process(c)
        t = random.expovariate(1.0 / interval)
        yield env.timeout(t)

def customer(env, name, counter, time_in_bank):
    arrive = env.now
    print(f'{arrive:7.4f} {name}: Here I am')
    with counter.request() as req:
        patience = random.uniform(MIN_PATIENCE, MAX_PATIENCE)
        results = yield req | env.timeout(patience)
        wait = env.now - arrive
        if req in results:
            print(f'{env.now:7.4f} {name}: Waited {wait:6.3f}')
            tib = random.expovariate(1.0 / time_in_bank)
            yield env.timeout(tib)
            print(f'{env.now:7.4f} {name}: Finished')
        else:
            print(f'{env.now:7.4f} {name}: RENEGED after {wait:6.3f}')

print('Bank renege')
env = simpy.Environment()
counter = simpy.Resource(env, capacity=1)
env.process(source(env, NEW_CUSTOMERS, INTERVAL_CUSTOMERS, counter))
env.run()
print(f'events {next(env._eid)}')

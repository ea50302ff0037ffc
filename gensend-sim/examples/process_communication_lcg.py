"""SimPy's process_communication example with a deterministic LCG in place
of `random` (same draws in the same order), for a line-by-line port."""
import simpy
import simpy.core

MASK64 = (1 << 64) - 1
class Lcg:
    def __init__(self, seed):
        self.state = seed
    def unit(self):
        self.state = (6364136223846793005 * self.state + 1442695040888963407) & MASK64
        return (self.state >> 11) * (1.0 / 9007199254740992.0)
    def randint(self, a, b):
        return a + int(self.unit() * (b - a + 1))

random = Lcg(42)
SIM_TIME = 100

class BroadcastPipe:
    def __init__(self, env, capacity=simpy.core.Infinity):
        self.env = env
        self.capacity = capacity
        self.pipes = []

    def put(self, value):
        if not self.pipes:
            raise RuntimeError('There are no output pipes.')
        events = [store.put(value) for store in self.pipes]
        return self.env.all_of(events)

    def get_output_conn(self):
        pipe = simpy.Store(self.env, capacity=self.capacity)
        self.pipes.append(pipe)
        return pipe

def message_generator(name, env, out_pipe):
    while True:
        yield env.timeout(random.randint(6, 10))
        msg = (env.now, f'{name} says hello at {env.now}')
        out_pipe.put(msg)

def message_consumer(name, env, in_pipe):
    while True:
        msg = yield in_pipe.get()
        if msg[0] < env.now:
            print(
                f'LATE Getting Message: at time {env.now}: '
                f'{name} received message: {msg[1]}'
            )
        else:
            print(f'at time {env.now}: {name} received message: {msg[1]}.')
        yield env.timeout(random.randint(4, 8))

print('Process communication')
env = simpy.Environment()
pipe = simpy.Store(env)
env.process(message_generator('Generator A', env, pipe))
env.process(message_consumer('Consumer A', env, pipe))
print('\nOne-to-one pipe communication\n')
env.run(until=SIM_TIME)
print(f'events {next(env._eid)}')

env = simpy.Environment()
bc_pipe = BroadcastPipe(env)
env.process(message_generator('Generator A', env, bc_pipe))
env.process(message_consumer('Consumer A', env, bc_pipe.get_output_conn()))
env.process(message_consumer('Consumer B', env, bc_pipe.get_output_conn()))
print('\nOne-to-many pipe communication\n')
env.run(until=SIM_TIME)
print(f'events {next(env._eid)}')

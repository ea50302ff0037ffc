import simpy

NUM_MACHINES = 2  # machines in the car wash
WASHTIME = 5      # minutes per car
T_INTER = 2       # a car arrives every 2 minutes
SIM_TIME = 20     # simulation time in minutes

class Carwash:
    def __init__(self, env, num_machines, washtime):
        self.env = env
        self.machine = simpy.Resource(env, num_machines)
        self.washtime = washtime

    def wash(self, car):
        yield self.env.timeout(self.washtime)
        print(f"Carwash removed dirt from {car}.")

def car(env, name, cw):
    print(f'{name} arrives at the carwash at {env.now:.2f}.')
    with cw.machine.request() as request:
        yield request
        print(f'{name} enters the carwash at {env.now:.2f}.')
        yield env.process(cw.wash(name))
        print(f'{name} leaves the carwash at {env.now:.2f}.')

def setup(env, num_machines, washtime, t_inter):
    carwash = Carwash(env, num_machines, washtime)
    for i in range(4):
        env.process(car(env, f'Car {i}', carwash))
    i = 4
    while True:
        yield env.timeout(t_inter)
        env.process(car(env, f'Car {i}', carwash))
        i += 1

env = simpy.Environment()
env.process(setup(env, NUM_MACHINES, WASHTIME, T_INTER))
env.run(until=SIM_TIME)

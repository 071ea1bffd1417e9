"""`make bench`: lesson 10's classifier trained with the exported engine and with
the textbook engine of lessons 4-5, from the same weights, steps alternating.

Prints time per step (and how much of it the cyclic garbage collector took),
bytes per graph node, whether the two losses agree, and the time of the
lesson's full 100-step run with the exported engine. Figures, not a test:
they depend on the machine.
"""
import gc
import random
import time
import tracemalloc

import textbook_engine
from micrograd.classifier import STEPS, loss_and_accuracy, make_moons, train_step
from micrograd.engine import _topological_order
from micrograd.nn import MLP

SEED = 0                    # lesson 10's seed, for the data and the weights
COMPARED_STEPS = 4


class GarbageCollectorClock:
    """Adds up the time the cyclic garbage collector runs (via gc.callbacks)."""

    def __init__(self):
        self.seconds = 0.0
        self._start = None
        gc.callbacks.append(self._tick)

    def _tick(self, phase, info):
        if phase == 'start':
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start


def graph_size(model, X, y):
    """(nodes, bytes) of one training step's graph, measured while it is alive."""
    tracemalloc.start()
    loss, _ = loss_and_accuracy(model, X, y)
    allocated = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return len(_topological_order(loss)), allocated    # works on either engine's values


def main():
    X, y = make_moons(100, noise=0.1, seed=SEED)
    X, y = X.tolist(), y.tolist()
    ours = MLP(2, [16, 16, 1], rng=random.Random(SEED))
    textbook = textbook_engine.MLP.copy_of(ours)
    engines = {'exported': ours, 'textbook': textbook}
    clock = GarbageCollectorClock()
    seconds, gc_seconds = dict.fromkeys(engines, 0.0), dict.fromkeys(engines, 0.0)
    losses = {name: [] for name in engines}
    for step in range(COMPARED_STEPS):
        for name, model in engines.items():
            gc_before, start = clock.seconds, time.perf_counter()
            loss, _ = train_step(model, X, y, step)
            seconds[name] += time.perf_counter() - start
            gc_seconds[name] += clock.seconds - gc_before
            losses[name].append(loss)

    print(f"Lesson 10's model, MLP(2, [16, 16, 1]) on {len(X)} points, full batch; "
          f"{COMPARED_STEPS} steps each, alternating, same starting weights.\n")
    print(f"{'engine':10} {'s/step':>8} {'of which gc':>12} {'nodes/graph':>12} {'bytes/node':>11}")
    bytes_per_node = {}
    for name, model in engines.items():
        nodes, allocated = graph_size(model, X, y)
        bytes_per_node[name] = allocated / nodes
        print(f"{name:10} {seconds[name] / COMPARED_STEPS:8.3f} "
              f"{gc_seconds[name] / COMPARED_STEPS:12.3f} {nodes:12,d} {bytes_per_node[name]:11.0f}")
    speed = seconds['textbook'] / seconds['exported']
    memory = bytes_per_node['textbook'] / bytes_per_node['exported']
    worst = max(abs(a - b) / abs(b) for a, b in zip(losses['exported'], losses['textbook']))
    print(f"\nexported engine: {speed:.1f}x faster per step, {memory:.1f}x fewer bytes per node")
    print(f"losses agree to 1e-9 relative: {worst < 1e-9} (largest relative difference {worst:.1e})")

    model = MLP(2, [16, 16, 1], rng=random.Random(SEED))
    start = time.perf_counter()
    for step in range(STEPS):
        train_step(model, X, y, step)
    _, accuracy = loss_and_accuracy(model, X, y)
    print(f"\n{STEPS} full-batch steps with the exported engine: "
          f"{time.perf_counter() - start:.1f} s, training accuracy {accuracy:.0%}")


if __name__ == '__main__':
    main()

"""`make bench`: one training step of lesson 11's classifier, three ways, from the same weights.

    exported engine, MLP (weighted_sum)   micrograd.engine with micrograd.nn.MLP, whose
                                          neurons sum their inputs in one weighted_sum node
    exported engine, plain + and *        the same network written with plain + and *, as
                                          most code is (micrograd.classifier.PlainMLP)
    closure engine, plain + and *         the baseline: lesson 6's engine
                                          (micrograd.closure_engine), closures and a
                                          recursive sort, with the same plain network

The rows train side by side, one step each in turn, so a slow moment of the machine
hits them alike. Each timed step ends with a full collection (gc.collect()), so it pays
for freeing its own graph, however that graph must be freed, and leaves no garbage for
the next row's step to collect; what such a collection costs when there is nothing to
free is printed too (it is part of every row's time).
Printed: time per step and how much of it the cyclic garbage collector ran, nodes per
graph, bytes per node, the speed ratios, whether the losses agree, and the time of the
lesson's full 100-step run. Figures, not a test: they depend on the machine.
"""
import gc
import random
import time
import tracemalloc

from micrograd import closure_engine, engine
from micrograd.classifier import STEPS, PlainMLP, loss_and_accuracy, make_moons, train_step
from micrograd.nn import MLP

SEED = 0                  # lesson 11's seed, for the data and the weights
COMPARED_STEPS = 4
ROWS = ("exported engine, MLP (weighted_sum)", "exported engine, plain + and *",
        "closure engine, plain + and *")


class CollectorClock:
    """Adds up the seconds the cyclic garbage collector runs (via gc.callbacks)."""

    def __init__(self):
        self.seconds, self._start = 0.0, None
        gc.callbacks.append(self)

    def __call__(self, phase, info):
        if phase == 'start':
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start


def count_nodes(root):
    """How many values the graph of `root` holds; works with either engine's Value."""
    seen, stack = {id(root)}, [root]
    while stack:
        for child in stack.pop()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    return len(seen)


def graph_size(model, xs, ys):
    """(nodes, bytes allocated) of one training step's graph, measured while it is alive."""
    gc.collect()
    tracemalloc.start()
    loss, _ = loss_and_accuracy(model, xs, ys)
    allocated = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return count_nodes(loss), allocated


def main():
    X, y = make_moons(100, noise=0.1, seed=SEED)
    xs, ys = X.tolist(), y.tolist()
    mlp = MLP(2, [16, 16, 1], rng=random.Random(SEED))
    models = dict(zip(ROWS, (mlp, PlainMLP(mlp, engine.Value),
                             PlainMLP(mlp, closure_engine.Value))))
    clock = CollectorClock()
    seconds, gc_seconds = dict.fromkeys(ROWS, 0.0), dict.fromkeys(ROWS, 0.0)
    losses = {row: [] for row in ROWS}
    gc.collect()
    for step in range(COMPARED_STEPS):
        for row, model in models.items():
            gc_before, start = clock.seconds, time.perf_counter()
            loss, _ = train_step(model, xs, ys, step)
            gc.collect()                       # free this step's graph, whatever it takes
            seconds[row] += time.perf_counter() - start
            gc_seconds[row] += clock.seconds - gc_before
            losses[row].append(loss)

    print(f"Lesson 11's model, MLP(2, [16, 16, 1]) on {len(xs)} points, full batch; "
          f"{COMPARED_STEPS} steps each, alternating, same starting weights.\n")
    print(f"{'':36} {'s/step':>7} {'gc s/step':>10} {'gc share':>9} {'nodes/graph':>12} "
          f"{'bytes/node':>11}")
    for row, model in models.items():
        nodes, allocated = graph_size(model, xs, ys)
        per_step = seconds[row] / COMPARED_STEPS
        print(f"{row:36} {per_step:7.3f} {gc_seconds[row] / COMPARED_STEPS:10.3f} "
              f"{gc_seconds[row] / seconds[row]:9.0%} {nodes:12,d} {allocated / nodes:11.0f}")

    gc.collect()
    start = time.perf_counter()
    gc.collect()
    print(f"\na full collection with nothing to free (in every row's time): "
          f"{time.perf_counter() - start:.4f} s")
    weighted, plain, closure = (seconds[row] for row in ROWS)
    print(f"speed against the closure engine: weighted_sum {closure / weighted:.1f}x, "
          f"plain + and * {closure / plain:.1f}x (weighted_sum over plain: {plain / weighted:.1f}x)")
    worst = max(abs(a - b) / abs(b) for row in ROWS[1:]
                for a, b in zip(losses[row], losses[ROWS[0]]))
    print(f"losses agree to 1e-9 relative: {worst < 1e-9} (largest relative difference {worst:.1e})")

    model = MLP(2, [16, 16, 1], rng=random.Random(SEED))
    start = time.perf_counter()
    for step in range(STEPS):
        train_step(model, xs, ys, step)
    _, accuracy = loss_and_accuracy(model, xs, ys)
    print(f"\n{STEPS} full-batch steps with the exported engine and MLP: "
          f"{time.perf_counter() - start:.1f} s, training accuracy {accuracy:.0%}")


if __name__ == '__main__':
    main()

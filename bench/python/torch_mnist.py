#!/usr/bin/env python3
"""PyTorch side of `./mako bench`: the same MNIST workloads as Mako, same data, batch size and threads.

Prints one JSON object per line on stdout:
  {"system": "pytorch", "workload": ..., "batch_size": ..., "threads": ..., "epoch_seconds": [...],
   "test_accuracy": ..., "blas": ..., "coretype": ...}
or, for `infer`, latency percentiles per batch size.
Usage: torch_mnist.py WORKLOAD --data DIR [--epochs N] [--batch-size B] [--threads T] [--calls N]
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    t = torch.frombuffer(bytearray(data[4 + 4 * ndim:]), dtype=torch.uint8)
    return t.reshape(dims)


def load_mnist(folder):
    def pick(stem):
        for name in (stem + ".gz", stem):
            p = os.path.join(folder, name)
            if os.path.exists(p):
                return p
        raise FileNotFoundError(f"{stem} not found in {folder}")
    x_train = read_idx(pick("train-images-idx3-ubyte")).float().div_(255.0)
    y_train = read_idx(pick("train-labels-idx1-ubyte")).long()
    x_test = read_idx(pick("t10k-images-idx3-ubyte")).float().div_(255.0)
    y_test = read_idx(pick("t10k-labels-idx1-ubyte")).long()
    return x_train, y_train, x_test, y_test


class Mlp(nn.Module):
    """Flatten -> Dense 128 relu -> Dense 64 relu -> Dense 10 (softmax folded into the loss)."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 128), nn.Linear(128, 64), nn.Linear(64, 10)

    def forward(self, x):
        x = x.reshape(x.shape[0], -1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class ConvNet(nn.Module):
    """Keras' simple MNIST convnet."""

    def __init__(self):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(1, 32, 3), nn.Conv2d(32, 64, 3)
        self.drop, self.fc = nn.Dropout(0.5), nn.Linear(1600, 10)

    def forward(self, x):
        x = x.unsqueeze(1)
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.fc(self.drop(x.flatten(1)))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(1, 6, 5, padding=2), nn.Conv2d(6, 16, 5)
        self.f1, self.f2, self.f3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = x.unsqueeze(1)
        x = F.avg_pool2d(F.relu(self.c1(x)), 2)
        x = F.avg_pool2d(F.relu(self.c2(x)), 2)
        x = x.flatten(1)
        return self.f3(F.relu(self.f2(F.relu(self.f1(x)))))


class RowRnn(nn.Module):
    """Row-by-row MNIST: 28 steps of 28 pixels, a recurrent layer of 128, Dense 10."""

    def __init__(self, kind):
        super().__init__()
        cell = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
        self.rnn, self.fc = cell(28, 128, batch_first=True), nn.Linear(128, 10)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


MODELS = {"mlp": Mlp, "cnn": ConvNet, "lenet": LeNet,
          "rnn": lambda: RowRnn("rnn"), "lstm": lambda: RowRnn("lstm"), "gru": lambda: RowRnn("gru")}


def machine_busy_seconds():
    """Busy CPU seconds of the whole machine from /proc/stat (user nice system irq softirq steal), None if unreadable."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        return sum(int(fields[i]) for i in (1, 2, 3, 6, 7, 8) if i < len(fields)) / 100.0
    except (OSError, ValueError, IndexError):
        return None


class OthersCpu:
    """CPU seconds other processes used between start() and stop(): the machine's busy time minus this process's."""

    def start(self):
        self.machine, self.own = machine_busy_seconds(), time.process_time()
        return self

    def stop(self):
        machine = machine_busy_seconds()
        if machine is None or self.machine is None:
            return None
        return max(0.0, (machine - self.machine) - (time.process_time() - self.own))


def accuracy(model, x, y):
    model.eval()
    correct = 0
    with torch.inference_mode():
        for i in range(0, x.shape[0], 1000):
            correct += (model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
    model.train()
    return correct / x.shape[0]


def train(args, data):
    x_train, y_train, x_test, y_test = data
    torch.manual_seed(args.seed)
    model = MODELS[args.workload]()
    # Keras' Adam epsilon, so both sides run the same recipe.
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    n, b = x_train.shape[0], args.batch_size
    seconds, others = [], []
    for _ in range(args.epochs):
        meter = OthersCpu().start()
        start = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, b):
            idx = perm[i:i + b]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
        seconds.append(time.perf_counter() - start)
        others.append(meter.stop())
    return {"epoch_seconds": seconds, "epoch_other_cpu_seconds": others,
            "test_accuracy": accuracy(model, x_test, y_test),
            "infer_seconds_per_10k": infer_seconds(model, x_test, b)}


def infer_seconds(model, x, batch, runs=3):
    """Seconds per 10,000 samples to predict x at this batch size (eval and inference mode): the median pass after a warm-up."""
    model.eval()
    with torch.inference_mode():
        def one_pass():
            start = time.perf_counter()
            for i in range(0, x.shape[0], batch):
                model(x[i:i + batch])
            return time.perf_counter() - start
        one_pass()
        passes = sorted(one_pass() for _ in range(runs))
    model.train()
    return passes[len(passes) // 2] * 10000 / x.shape[0]


def infer(args, data):
    x_test = data[2]
    torch.manual_seed(args.seed)
    model = Mlp().eval()
    rows = []
    for batch in (1, 64):
        x = x_test[:batch].clone()
        with torch.inference_mode():
            for _ in range(2000):
                model(x)
            times = []
            meter = OthersCpu().start()
            wall = time.perf_counter()
            for i in range(args.calls):
                t0 = time.perf_counter_ns()
                model(x)
                times.append(time.perf_counter_ns() - t0)
            other, wall = meter.stop(), time.perf_counter() - wall
        times.sort()
        pct = lambda q: times[min(len(times) - 1, int(q * len(times)))] / 1e3
        total = sum(times) / 1e9
        rows.append({"batch_size": batch, "caller_threads": 1, "p50_us": pct(0.50), "p99_us": pct(0.99),
                     "p999_us": pct(0.999), "max_us": times[-1] / 1e3, "samples_per_sec": batch * len(times) / total,
                     "other_cpu_seconds": other, "wall_seconds": wall})
    return {"rows": rows}


def blas_name():
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
        return ", ".join(sorted(libs)) or "unknown"
    except OSError:
        return "unknown"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=sorted(MODELS) + ["infer"])
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--calls", type=int, default=20000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    data = load_mnist(args.data)
    result = infer(args, data) if args.workload == "infer" else train(args, data)
    result.update({"system": "pytorch", "workload": args.workload, "batch_size": args.batch_size,
                   "threads": torch.get_num_threads(), "version": torch.__version__, "blas": blas_name(),
                   "coretype": os.environ.get("OPENBLAS_CORETYPE", "auto")})
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())

"""bench/models/lenet5-fashion.net in PyTorch: LeNet-5 on the full Fashion-MNIST (60,000 /
10,000), 10 epochs, batch 64, cross-entropy, SGD lr 0.01 momentum 0.9 with netc's per-epoch
cosine annealing, inputs normalised with (0.2860, 0.3530) — what `netc train
bench/models/lenet5-fashion.net` runs — and prints the training time and the test accuracy.

    python3 bench/pytorch_fashion.py [DIR] [--threads N]

DIR holds the four IDX files (gzipped or not); default: where Debian's
dataset-fashion-mnist package installs them.
"""

import gzip
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_cpu import lenet5, set_threads  # noqa: E402  (the same network and thread rule as the CPU bench)


def read_idx(folder, stem):
    for name in (stem, stem + ".gz"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            magic, count = struct.unpack(">II", data[:8])
            if magic == 2051:
                rows, cols = struct.unpack(">II", data[8:16])
                pixels = torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8)
                return pixels.reshape(count, 1, rows, cols).float() / 255
            return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).long()
    raise SystemExit(f"{folder}: no {stem}(.gz)")


def main():
    args = [a for a in sys.argv[1:]]
    threads = 1
    if "--threads" in args:
        i = args.index("--threads")
        threads = int(args[i + 1])
        del args[i : i + 2]
    folder = args[0] if args else "/usr/share/datasets/fashion-mnist"
    set_threads(threads)  # torch's threads and OpenBLAS's pool
    torch.manual_seed(42)
    normalise = lambda x: (x - 0.2860) / 0.3530
    train_x = normalise(read_idx(folder, "train-images-idx3-ubyte"))
    train_y = read_idx(folder, "train-labels-idx1-ubyte")
    test_x = normalise(read_idx(folder, "t10k-images-idx3-ubyte"))
    test_y = read_idx(folder, "t10k-labels-idx1-ubyte")
    model = lenet5()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    epochs, batch = 10, 64
    started = time.perf_counter()
    for epoch in range(epochs):
        for group in optimizer.param_groups:
            group["lr"] = 0.5 * 0.01 * (1 + math.cos(math.pi * epoch / epochs))
        model.train()
        order = torch.randperm(len(train_x))
        for start in range(0, len(train_x), batch):
            index = order[start : start + batch]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
        print(f"epoch {epoch + 1}/{epochs}: loss {float(loss):.4f}", flush=True)
    seconds = time.perf_counter() - started
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(test_x[i : i + 1000]).argmax(1) == test_y[i : i + 1000]).sum()) for i in range(0, len(test_x), 1000))
    print(f"PyTorch {torch.__version__}, {threads} thread(s): {seconds / 60:.2f} min of training "
          f"({epochs * len(train_x) / seconds:.0f} samples/s), test accuracy {100 * correct / len(test_x):.2f}%")


if __name__ == "__main__":
    main()

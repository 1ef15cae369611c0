"""The PyTorch side of `npm run bench -- cpu` (bench/cpu.ts).

The same three networks as netc's bench models — LeNet-5 (models/lenet5.net), the MLP
784-500-10 (models/mlp.net) and one ResNet basic block with a global-average-pool and
dense head (bench/models/resnet-block.net) — trained with cross-entropy and SGD
(lr 0.01, momentum 0.9) on the batch netc trains on (a file of float32 images, then int32
labels, written by bench/cpu.ts), or run forward in evaluation mode under no_grad.

It reads one JSON command per line on stdin and answers one JSON line on stdout, so the
driver can alternate its measurements with netc's in one run:

    {"model": "lenet5", "mode": "train", "threads": 1, "steps": 20, "data": "path", "batch": 64}
    -> {"seconds": 0.41, "loss": 2.30}

A model is built once per (model, mode) and kept, so later commands measure steady
state; the thread count is set before each command: torch.set_num_threads, and OpenBLAS's
own pool too where libblas.so.3 is OpenBLAS (torch does not set it, so "1 thread" would
otherwise run its GEMMs on every core, and 2 torch threads would each start OpenBLAS's).
"""

import ctypes

import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet5():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def mlp():
    return nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 10))


class BasicBlock(nn.Module):
    """models/resnet18.net's basic(64): conv-bn-relu, conv-bn, identity shortcut, relu."""

    def __init__(self, channels=64):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + x)


def resnet_block():
    return nn.Sequential(BasicBlock(64), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


MODELS = {
    "lenet5": (lenet5, (1, 28, 28)),
    "mlp": (mlp, (784,)),
    "resnet-block": (resnet_block, (64, 32, 32)),
}

built = {}
batches = {}


def batch_of(path, shape, batch):
    if path not in batches:
        with open(path, "rb") as f:
            raw = bytearray(f.read())
        size = 1
        for d in shape:
            size *= d
        images = torch.frombuffer(raw, dtype=torch.float32, count=batch * size).reshape(batch, *shape)
        labels = torch.frombuffer(raw, dtype=torch.int32, offset=4 * batch * size, count=batch).long()
        batches[path] = (images.clone(), labels.clone())
    return batches[path]


def run(command):
    name, mode = command["model"], command["mode"]
    build, shape = MODELS[name]
    set_threads(int(command["threads"]))
    images, labels = batch_of(command["data"], shape, int(command["batch"]))
    key = (name, mode)
    if key not in built:
        torch.manual_seed(42)
        model = build()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        built[key] = (model, optimizer)
    model, optimizer = built[key]
    steps = int(command["steps"])
    loss_value = None
    if mode == "train":
        model.train()
        start = time.perf_counter()
        for _ in range(steps):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(images), labels)
            loss.backward()
            optimizer.step()
        loss_value = float(loss)
        seconds = time.perf_counter() - start
    else:
        model.eval()
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(steps):
                model(images)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "loss": loss_value}


def main():
    info = {"torch": torch.__version__, "config": torch.__config__.show()}
    print(json.dumps({"ready": True, "torch": info["torch"], "blas": blas_of(info["config"])}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            answer = run(json.loads(line))
        except Exception as error:  # the driver prints it and goes on without PyTorch
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer), flush=True)


def loaded_libraries(fragment):
    try:
        with open("/proc/self/maps") as maps:
            return sorted({line.split()[-1] for line in maps if fragment in line.lower() and "/" in line})
    except OSError:
        return []


def set_threads(count):
    torch.set_num_threads(count)
    for path in loaded_libraries("openblas"):
        library = ctypes.CDLL(path)
        if hasattr(library, "openblas_set_num_threads"):
            library.openblas_set_num_threads(count)


def blas_of(config):
    """The BLAS PyTorch was built against, and the library the process loaded (Debian's
    alternatives can point libblas.so.3 at the reference BLAS or at OpenBLAS)."""
    built_with = next((part.split("=")[1] for part in config.replace(",", "\n").split("\n") if "BLAS_INFO=" in part), "?")
    names = loaded_libraries("blas")
    loaded = ", ".join(names) if names else "none loaded yet"
    return f"built with {built_with}; loaded: {loaded}"


if __name__ == "__main__":
    main()

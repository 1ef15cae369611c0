# The Python side of test/pytorch/runtime.test.ts: runs one piece of a generated
# package's netc_runtime.py (or train.py) on the JSON request on stdin and prints the
# answer as JSON, so the test can compare it with netc's TypeScript runtime.
#
#   python3 probe.py PACKAGE_DIR split|orders|load|errors|flags|rules|numbers < request.json
import importlib
import json
import math
import sys

import torch


def package(directory):
    sys.path.insert(0, directory)
    return importlib.import_module("netc_runtime")


def split(netc, request):
    return netc.mnist_package_split_order(request["count"])


def orders(netc, request):
    result = []
    for epoch in request["epochs"]:
        order = netc.EpochOrder(request["count"], request["seed"], shuffle=True)
        order.begin_epoch(epoch)
        result.append(order.order)
    return result


def load(netc, request):
    splits = netc.load_training_data("mnist", None, request["validation"], None)
    return {
        name: {
            "count": part.count,
            "labels": part.labels.tolist(),
            "sum": float(part.images.double().sum()),
            "first": part.images[0].flatten().tolist()[:200],
        }
        for name, part in (("train", splits.train), ("validation", splits.validation), ("test", splits.test))
    }


def errors(netc, request):
    """The message of each loader call that fails (None when it succeeds)."""
    result = []
    for case in request["cases"]:
        try:
            if case["kind"] == "idx":
                netc.load_idx_directory(case["path"], 0, None)
            elif case["kind"] == "cifar":
                netc.load_cifar10_directory(case["path"], 0, None)
            else:
                netc.load_training_data(
                    case["source"], case["path"], case["validation"], None, case["batch"]
                )
            result.append(None)
        except (netc.DataError, netc.UsageError) as error:
            result.append(str(error))
    return result


def flags(netc, request):
    spec = netc.TrainSpec("train", "M", epochs=3, batch=8, lr=0.1, seed=1)
    result = []
    for argv in request["argvs"]:
        try:
            parsed = netc.parse_train_flags(argv, spec)
            result.append({"epochs": parsed.epochs, "batch": parsed.batch, "lr": parsed.lr, "seed": parsed.seed})
        except netc.UsageError as error:
            result.append(str(error))
    return result


def rules(netc, request):
    """For each case (a package directory): θ after each step of its Optimizer, from θ0
    and a gradient sequence, and its learning_rate_at at the given epochs."""
    answers = []
    for case in request["cases"]:
        for name in ("model", "train"):
            sys.modules.pop(name, None)
        sys.path.insert(0, case["directory"])
        try:
            model_module = importlib.import_module("model")
            train = importlib.import_module("train")
        finally:
            sys.path.pop(0)
        model = getattr(model_module, request["className"])()
        weight = next(t for t in model.parameters())
        with torch.no_grad():
            weight.copy_(torch.tensor(request["theta"], dtype=torch.float32).view(weight.shape))
        optimizer = train.Optimizer(model, case.get("trainingSetSize", 1))
        thetas = []
        for gradient in request["gradients"]:
            weight.grad = torch.tensor(gradient, dtype=torch.float32).view(weight.shape)
            optimizer.step(case["lr"])
            thetas.append(weight.detach().flatten().tolist())
        rates = [train.learning_rate_at(epoch, 0.1) for epoch in case.get("epochs", [])]
        answers.append({"thetas": thetas, "rates": rates})
    return answers


def preprocess(netc, request):
    """resize, pad, zero_centre and normalize of the runtime on one small dataset."""

    def dataset():
        images = torch.tensor(request["images"], dtype=torch.float32).view(request["shape"])
        return netc.Dataset("d", images, torch.zeros(images.shape[0], dtype=torch.long), 10)

    resized = netc.resize(dataset(), request["resize"])
    padded = netc.pad(dataset(), request["pad"])
    centred = dataset()
    means = netc.zero_centre(centred)
    normalized = dataset()
    netc.normalize(normalized, request["mean"], request["std"])
    return {
        "resize": resized.images.flatten().tolist(),
        "pad": padded.images.flatten().tolist(),
        "means": means,
        "centred": centred.images.flatten().tolist(),
        "normalize": normalized.images.flatten().tolist(),
    }


def augment(netc, request):
    images = torch.tensor(request["images"], dtype=torch.float32).view(request["shape"])
    augmenter = netc.Augmenter(request["crop"], request["fill"], request["flip"], request["noise"], 5)
    return augmenter.apply(images).flatten().tolist()


def numbers(netc, request):
    return [netc.js_number(value) for value in request["values"]]


if __name__ == "__main__":
    runtime = package(sys.argv[1])
    request = json.load(sys.stdin)
    answer = globals()[sys.argv[2]](runtime, request)
    json.dump(answer, sys.stdout, allow_nan=False, default=lambda v: None if math.isnan(v) else v)

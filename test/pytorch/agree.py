# The PyTorch side of test/pytorch/agreement.test.ts. For each job (a generated package
# directory, its model class, weights, a batch), loads the package's model.py and
# train.py, sets the weights by netc's tensor names, and writes the logits in evaluation
# mode, the training-mode loss and the gradient of every trainable tensor.
import importlib
import json
import sys

import torch
from torch import nn


def run(job):
    for name in ("model", "train", "netc_runtime"):
        sys.modules.pop(name, None)
    sys.path.insert(0, job["directory"])
    try:
        model_module = importlib.import_module("model")
        train_module = importlib.import_module("train")
    finally:
        sys.path.pop(0)
    netc = train_module.netc
    model = getattr(model_module, job["className"])()
    netc.load_weights(model, job["weights"])
    dtype = getattr(torch, job.get("dtype", "float32"))
    model.to(dtype)
    batch, _ = netc.read_safetensors(job["batch"])
    images = batch["input"].view(-1, *model_module.INPUT_SHAPE).to(dtype)
    labels = batch["labels"].long()
    model.eval()
    with torch.no_grad():
        logits = model(images)
    model.train()
    loss = train_module.loss_function(model(images), labels)
    if loss.requires_grad:
        loss.backward()
    results = [("logits", logits.flatten(1)), ("loss", loss.detach().view(1))]
    for name, tensor in model.state_dict(keep_vars=True).items():
        if isinstance(tensor, nn.Parameter) and tensor.requires_grad:
            results.append((f"grad/{name}", tensor.grad))
    data = netc.encode_safetensors(results, {})
    with open(job["output"], "wb") as file:
        file.write(data)


if __name__ == "__main__":
    torch.set_num_threads(max(1, min(2, torch.get_num_threads())))
    with open(sys.argv[1], encoding="utf-8") as file:
        for job in json.load(file):
            run(job)

"""Compares generated Python packages built from hostile text with the one built from
benign text (test/security/property.test.ts): one process checks them all.

    python3 python-structure.py BENIGN_DIR RENAMED_DIR HOSTILE_DIR...

RENAMED_DIR is the benign package with a layer whose name is no usable attribute, so
that its model.py has the NETC_NAMES table and the state_dict hooks; a hostile package
is compared with it when its model.py has them too, else with BENIGN_DIR. Every .py file
of the hostile package must tokenize (tokenize.tokenize reads the bytes and honours any
encoding declaration, which must not be there: the files are UTF-8), parse, and have the
reference file's syntax tree once the values of string constants are left out (comments
and layout are not in the tree): the same statements, operators and numbers in the same
order, and identifiers that correspond one to one over the package (a user-derived
identifier may differ, but never becomes a keyword, a builtin, or another name of the
file). An f-string keeps its expressions in the tree, so user text there would differ.
So user text reached the files only inside string literals and comments. Prints a JSON
object: {"files": N, "failures": [...]}.
"""

import ast
import builtins
import io
import json
import keyword
import sys
import tokenize

FIXED = set(keyword.kwlist) | set(getattr(keyword, "softkwlist", [])) | set(dir(builtins))


def structure(data):
    """The file's syntax tree without string values: (kind, text) pairs in a fixed order."""
    tokens = list(tokenize.tokenize(io.BytesIO(data).readline))
    if tokens[0].string != "utf-8":
        raise ValueError(f"the file declares the encoding {tokens[0].string}")
    out = []

    def visit(node):
        out.append(("NODE", type(node).__name__))
        for field, value in ast.iter_fields(node):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, ast.AST):
                    visit(item)
                elif isinstance(node, ast.Constant) and field == "value":
                    kind = type(item).__name__
                    out.append(("CONST", kind if kind in ("str", "bytes") else repr(item)))
                elif isinstance(item, str) and field != "kind":
                    out.append(("NAME", item))
                else:
                    out.append(("FIELD", repr(item)))

    visit(ast.parse(data))
    return out


def compare(name, benign, hostile, forward, backward):
    if len(benign) != len(hostile):
        return f"{name}: {len(hostile)} tree items, the benign file has {len(benign)}"
    for (kind_a, a), (kind_b, b) in zip(benign, hostile):
        if kind_a != kind_b:
            return f"{name}: a {kind_b} {b!r} where the benign file has the {kind_a} {a!r}"
        if kind_a != "NAME":
            if a != b:
                return f"{name}: {b!r} where the benign file has {a!r}"
            continue
        if (a in FIXED or b in FIXED) and a != b:
            return f"{name}: the name {a!r} became {b!r}"
        if forward.setdefault(a, b) != b:
            return f"{name}: the name {a!r} became both {forward[a]!r} and {b!r}"
        if backward.setdefault(b, a) != a:
            return f"{name}: the names {backward[b]!r} and {a!r} both became {b!r}"
    return None


def main(benign_dir, renamed_dir, hostile_dirs):
    import os

    def read(path):
        with open(path, "rb") as file:
            return file.read()

    names = sorted(f for f in os.listdir(benign_dir) if f.endswith(".py"))
    references = {
        renamed: {name: structure(read(os.path.join(directory, name))) for name in names}
        for renamed, directory in ((False, benign_dir), (True, renamed_dir))
    }
    failures = []
    files = 0
    for directory in hostile_dirs:
        forward, backward = {}, {}
        model = read(os.path.join(directory, "model.py"))
        reference = references[b"\nNETC_NAMES = {" in model]
        for name in names:
            path = os.path.join(directory, name)
            try:
                data = read(path)
                problem = compare(path, reference[name], structure(data), forward, backward)
            except Exception as error:  # a parse or tokenize error is a failure to report
                problem = f"{path}: {type(error).__name__}: {error}"
            files += 1
            if problem is not None:
                failures.append(problem)
    print(json.dumps({"files": files, "failures": failures}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])

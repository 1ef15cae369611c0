"""Every identifier the given Python files bind or read as a plain name (not an
attribute): module-level and local assignments, function, class and parameter names,
imports, loop and exception variables, and every name read.

Used by test/security/generated-names.test.ts to check that the names netc's PyTorch
emitter writes are in PYTHON_RESERVED_NAMES (src/codegen/common/escape.ts), so that a
class or variable derived from a user's name can never shadow one of them.

Prints one JSON object: {file: [names, sorted]}.
"""

import ast
import json
import sys


def names_of(tree):
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            found.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.add(node.name)
    return sorted(found)


def main():
    result = {}
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as file:
            result[path] = names_of(ast.parse(file.read(), filename=path))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

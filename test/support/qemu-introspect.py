"""QEMU's own introspection of a schema, as data, for qapi-ts's tests.

Usage: python3 qemu-introspect.py QEMU_SCRIPTS_DIR SCHEMA CASES_JSON

CASES_JSON is a list of {"defined": [SYMBOL...], "unmask": bool}. For each case this runs
QEMU's scripts/qapi/introspect.py visitor (QAPISchemaGenIntrospectVisitor) over the schema and
takes the tree it hands to _tree_to_qlit(), the function that prints the C literal behind
query-qmp-schema. In that C each conditional node sits inside `#if <condition>`; here each
condition is evaluated for the case's symbols instead, which is what the C compiler does with
the build's -D flags. Prints one JSON list of entry lists, one per case.
"""
import json
import sys

sys.path.insert(0, sys.argv[1])

from qapi import introspect  # noqa: E402  (QEMU's, from the directory given)
from qapi.schema import QAPISchema  # noqa: E402

DROPPED = object()


def holds(cond, defined):
    """An `if` condition as QEMU's schema keeps it: a name, or all/any/not of conditions."""
    if cond is None:
        return True
    if isinstance(cond, str):
        return cond in defined
    if 'not' in cond:
        return not holds(cond['not'], defined)
    if 'all' in cond:
        return all(holds(c, defined) for c in cond['all'])
    if 'any' in cond:
        return any(holds(c, defined) for c in cond['any'])
    raise ValueError('unknown condition %r' % (cond,))


def evaluate(node, defined):
    if isinstance(node, introspect.Annotated):
        if not holds(node.ifcond.ifcond, defined):
            return DROPPED
        node = node.value
    if isinstance(node, list):
        kept = (evaluate(item, defined) for item in node)
        return [item for item in kept if item is not DROPPED]
    if isinstance(node, dict):
        return {key: evaluate(value, defined) for key, value in node.items()}
    return node


def main():
    schema = QAPISchema(sys.argv[2])
    trees = []

    def capture(obj, level=0, dict_value=False):
        trees.append(obj)
        return ''

    introspect._tree_to_qlit = capture
    results = []
    for case in json.loads(sys.argv[3]):
        del trees[:]
        schema.visit(introspect.QAPISchemaGenIntrospectVisitor('', case['unmask']))
        results.append(evaluate(trees[0], set(case['defined'])))
    json.dump(results, sys.stdout)


main()

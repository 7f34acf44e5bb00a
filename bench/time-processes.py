"""Times whole processes for `npm run bench` (bench/versus-qemu.js), interleaved.

Reads JSON on stdin: {"rounds": N, "commands": [{"argv": [...], "clean": [DIR...]}, ...]}.
Runs one untimed warm-up of each command, then N rounds; in each round every command runs
once, in turn, the order reversed every other round, so that load from other processes falls
on all of them alike. Before each run the command's "clean" folders are removed (untimed).
Prints JSON: per command, the wall time and the CPU time (user + system, from
getrusage(RUSAGE_CHILDREN)) of each timed run, in seconds. Python, rather than Node, because
Node cannot read a child's CPU time, and CPU time is what a machine shared with other jobs
leaves comparable.
"""
import json
import resource
import shutil
import subprocess
import sys
import time


def run_once(command):
    for folder in command.get('clean', []):
        shutil.rmtree(folder, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command['argv'], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.stderr.write('%s: exit %d\n%s' % (' '.join(command['argv']), done.returncode,
                                              done.stderr.decode(errors='replace')[:2000]))
        sys.exit(1)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    spec = json.load(sys.stdin)
    commands = spec['commands']
    for command in commands:
        run_once(command)
    results = [{'wall': [], 'cpu': []} for _ in commands]
    for round_number in range(spec['rounds']):
        order = list(range(len(commands)))
        if round_number % 2 == 1:
            order.reverse()
        for index in order:
            wall, cpu = run_once(commands[index])
            results[index]['wall'].append(wall)
            results[index]['cpu'].append(cpu)
    json.dump(results, sys.stdout)


main()

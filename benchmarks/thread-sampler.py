#!/usr/bin/env python3
"""Samples, every 2 s until killed, each thread of the benchmark's JVMs (the dev server under Maven, the Kafka broker,
the flash-sale driver): its name, CPU time, time runnable but waiting for a core (both from
/proc/PID/task/TID/schedstat, ns) and context switches. One JSON line per sample; diff two samples to see which threads
ran, waited and woke over a window (a run's started_at and seconds in its result file).

    python3 benchmarks/thread-sampler.py target/threads.jsonl &  # then run a benchmark, then kill it
"""
import json
import os
import sys
import time


def jvms():
    found = {}
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            cmd = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\0', b' ').decode(errors='replace')
        except OSError:
            continue
        if 'java' not in cmd:
            continue
        if 'EmbeddedKafka' in cmd:
            found[pid] = 'kafka'
        elif 'plexus-classworlds' in cmd:
            found[pid] = 'server'
        elif 'FlashSaleLoad' in cmd:
            found[pid] = 'driver'
    return found


def threads(pid, kind, sample):
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return
    for tid in tids:
        base = f'/proc/{pid}/task/{tid}'
        try:
            name = open(f'{base}/comm').read().strip()
            cpu, wait = open(f'{base}/schedstat').read().split()[:2]
            switches = sum(int(line.split(':')[1]) for line in open(f'{base}/status') if 'ctxt_switches' in line)
        except OSError:
            continue  # the thread ended meanwhile
        sample[f'{kind}/{tid}'] = [name, int(cpu), int(wait), switches]


def main(path):
    with open(path, 'w') as out:
        while True:
            sample = {}
            for pid, kind in jvms().items():
                threads(pid, kind, sample)
            out.write(json.dumps({'t': time.time(), 'threads': sample}) + '\n')
            out.flush()
            time.sleep(2)


if __name__ == '__main__':
    main(sys.argv[1])

"""Start a command under a submission's limits (run by path, so that it imports nothing of nnlib).

    python launcher.py [--memory-mb N] [--file-mb N] [--cgroup PROCS_FILE …] -- COMMAND …

It first moves itself into the submission's cgroups (writing its process id to
each ``cgroup.procs``), so that the command and everything it ever starts
count against the caps for the whole submission.  Then it caps, per process,
the address space (``RLIMIT_AS``: a simple memory bomb gets ``MemoryError``),
the size of files it may write (``RLIMIT_FSIZE``) and core dumps
(``RLIMIT_CORE = 0``), and replaces itself with the command (``os.execv``),
which keeps the cgroups, the limits and the process id.
"""

import os
import resource
import sys


def main(argv):
    if "--" not in argv:
        raise SystemExit("usage: launcher.py [--memory-mb N] [--file-mb N] [--cgroup FILE …] -- COMMAND …")
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    memory_mb = file_mb = 0
    cgroups = []
    while options:
        flag, value, *options = options
        if flag == "--memory-mb":
            memory_mb = int(value)
        elif flag == "--file-mb":
            file_mb = int(value)
        elif flag == "--cgroup":
            cgroups.append(value)
        else:
            raise SystemExit(f"launcher.py: unknown option {flag}")
    for procs in cgroups:
        with open(procs, "w") as f:
            f.write(str(os.getpid()))
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if file_mb > 0:
        limit = file_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])

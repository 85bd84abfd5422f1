"""Start a command under a submission's limits (run by path, so that it imports nothing of nnlib).

    python launcher.py [--memory-mb N] [--file-mb N] [--cgroup PROCS_FILE …] [--user UID:GID] -- COMMAND …

It first moves itself into the submission's cgroups (writing its process id to
each ``cgroup.procs``), so that the command and everything it ever starts
count against the caps for the whole submission.  Then it caps, per process,
the address space (``RLIMIT_AS``: a simple memory bomb gets ``MemoryError``),
the size of files it may write (``RLIMIT_FSIZE``) and core dumps
(``RLIMIT_CORE = 0``).  With ``--user``, it then drops to that unprivileged
user and group (no supplementary groups), the last step that needs root: the
kernel can no longer leave the cgroups, raise the limits, or read what only
the grader's user may read.  Finally it replaces itself with the command
(``os.execv``), which keeps the cgroups, the limits, the user and the process id.
"""

import os
import resource
import sys


def main(argv):
    if "--" not in argv:
        raise SystemExit("usage: launcher.py [--memory-mb N] [--file-mb N] [--cgroup FILE …] [--user UID:GID] "
                         "-- COMMAND …")
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    memory_mb = file_mb = 0
    cgroups = []
    user = None
    while options:
        flag, value, *options = options
        if flag == "--memory-mb":
            memory_mb = int(value)
        elif flag == "--file-mb":
            file_mb = int(value)
        elif flag == "--cgroup":
            cgroups.append(value)
        elif flag == "--user":
            uid, _, gid = value.partition(":")
            user = (int(uid), int(gid or uid))
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
    if user is not None:
        os.setgroups([])
        os.setgid(user[1])
        os.setuid(user[0])
        if os.getuid() != user[0] or os.geteuid() != user[0]:
            raise SystemExit(f"launcher.py: could not drop to uid {user[0]}")
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])

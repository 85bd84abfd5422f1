"""Start a Jupyter kernel under resource limits (run by path, so that it imports nothing of nnlib).

    python launcher.py MEMORY_MB FILE_MB -- python -m ipykernel_launcher -f CONNECTION_FILE

It caps the address space (``RLIMIT_AS``: a memory bomb gets ``MemoryError``
instead of exhausting the machine), the size of files the kernel may write
(``RLIMIT_FSIZE``) and core dumps (``RLIMIT_CORE = 0``), then replaces itself
with the kernel (``os.execv``), which keeps the limits and the process id.
The grader starts it in a new session, so the kernel and anything it starts
form one process group that the grader can kill at once.
"""

import os
import resource
import sys


def main(argv):
    memory_mb, file_mb, sep, *command = argv
    if sep != "--" or not command:
        raise SystemExit("usage: launcher.py MEMORY_MB FILE_MB -- COMMAND …")
    if int(memory_mb) > 0:
        limit = int(memory_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if int(file_mb) > 0:
        limit = int(file_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])

"""One student's kernel: started in its sandbox, fed code with a timeout, killed with everything it started.

:class:`Kernel` talks to an ipykernel over ZMQ with ``jupyter_client``'s
``Session`` (message signing and framing) on plain blocking sockets — no
event loop, so it is safe in the grader's worker threads.  The transport is
``ipc`` (Unix sockets in the submission's scratch folder): the sandboxed kernel
has no network at all, and the grader reaches the same socket files from
outside.  The kernel

* is started by :meth:`~nnlib.grading.sandbox.Sandbox.command`: inside bwrap,
  in the submission's cgroup, under its memory, file-size and core limits;
* is interrupted with an ``interrupt_request`` on the control channel when a
  cell runs too long; if it does not come back within a grace period, it and
  everything in the submission's cgroup are killed (SIGKILL);
* is noticed at once when it dies (``os._exit``, a segfault, the memory cap),
  by polling the process while waiting for messages.

:meth:`Kernel.run` returns an :class:`Outcome`; it never raises for anything the
student's code does.
"""

import os
import queue
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field

__all__ = ["Kernel", "Outcome", "KernelStartError"]

OUTPUT_CAP = 20_000        # characters of a cell's text output kept for feedback


class KernelStartError(RuntimeError):
    """The kernel did not start or did not answer in time."""


@dataclass
class Outcome:
    """What happened to one execution: ``ok``, ``error``, ``timeout`` or ``died`` (kernel gone)."""

    status: str
    ename: str = ""
    evalue: str = ""
    output: str = ""
    seconds: float = 0.0
    killed: bool = False            # after a timeout the kernel did not respond and was killed
    extra: dict = field(default_factory=dict)


class _Client:
    """The two channels the grader needs (shell and iopub), as plain ZMQ sockets with a signing Session."""

    def __init__(self, info):
        import zmq
        from jupyter_client.session import Session

        self._zmq = zmq
        self.context = zmq.Context()
        self.session = Session(key=info["key"].encode(), signature_scheme=info["signature_scheme"])
        self.shell = self.context.socket(zmq.DEALER)
        self.control = self.context.socket(zmq.DEALER)
        self.iopub = self.context.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        for sock, port in ((self.shell, "shell_port"), (self.iopub, "iopub_port"), (self.control, "control_port")):
            sock.linger = 0
            sock.connect(f"ipc://{info['ip']}-{info[port]}")

    def send(self, msg_type, content, channel=None):
        return self.session.send(channel or self.shell, msg_type, content)["header"]["msg_id"]

    def _recv(self, sock, timeout):
        if not sock.poll(int(timeout * 1000)):
            raise queue.Empty
        _, msg = self.session.recv(sock, mode=self._zmq.NOBLOCK)
        if msg is None:
            raise queue.Empty
        return msg

    def kernel_info(self):
        return self.send("kernel_info_request", {})

    def execute(self, code):
        return self.send("execute_request", {"code": code, "silent": False, "store_history": False,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": False})

    def get_shell_msg(self, timeout):
        return self._recv(self.shell, timeout)

    def get_iopub_msg(self, timeout):
        return self._recv(self.iopub, timeout)

    def interrupt(self):
        return self.send("interrupt_request", {}, self.control)

    def stop_channels(self):
        for sock in (self.shell, self.iopub, self.control):
            sock.close(linger=0)
        self.context.term()


class Kernel:
    """A python3 ipykernel started in ``sandbox`` (a :class:`~nnlib.grading.sandbox.Sandbox`)."""

    def __init__(self, sandbox, startup_timeout=60.0):
        import json

        self.sandbox = sandbox
        conn_dir = sandbox.work / ".kernel"
        conn_dir.mkdir(exist_ok=True)
        tag = uuid.uuid4().hex[:8]
        info = {"transport": "ipc", "ip": str(conn_dir / tag), "shell_port": 1, "iopub_port": 2, "stdin_port": 3,
                "control_port": 4, "hb_port": 5, "key": uuid.uuid4().hex, "signature_scheme": "hmac-sha256",
                "kernel_name": ""}
        inner = {**info, "ip": sandbox.inner(conn_dir / tag)}
        conn_file = conn_dir / f"{tag}.json"
        conn_file.write_text(json.dumps(inner), encoding="utf-8")
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", sandbox.inner(conn_file),
                "--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=CRITICAL"]
        self.proc = subprocess.Popen(sandbox.command(argv), cwd=str(sandbox.work), env=sandbox.env(),
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        self.client = _Client(info)
        try:
            self._wait_ready(startup_timeout)
        except BaseException:
            self.kill()
            raise

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout

        def check():
            if self.proc.poll() is not None:
                raise KernelStartError(f"the kernel exited during start-up (exit code {self.proc.returncode})")
            if time.monotonic() > deadline:
                raise KernelStartError(f"the kernel did not start within {timeout:.0f} s")

        self.client.kernel_info()          # queued by ZMQ until the kernel listens: send once, wait for any reply
        while True:
            check()
            try:
                if self.client.get_shell_msg(timeout=0.2)["msg_type"] == "kernel_info_reply":
                    break
            except queue.Empty:
                continue
        # The iopub subscription may join late: ask again until the kernel's status messages arrive.
        while True:
            check()
            self.client.kernel_info()
            try:
                self.client.get_iopub_msg(timeout=0.2)
                break
            except queue.Empty:
                continue
        time.sleep(0.05)
        for sock in (self.client.get_iopub_msg, self.client.get_shell_msg):   # drop the start-up chatter
            while True:
                try:
                    sock(timeout=0.05)
                except queue.Empty:
                    break

    @property
    def alive(self):
        return self.proc.poll() is None

    def run(self, code, timeout, grace=3.0):
        """Execute ``code`` and wait at most ``timeout`` seconds; interrupt, then kill, if it runs longer."""
        start = time.monotonic()
        if not self.alive:
            return Outcome("died", seconds=0.0)
        msg_id = self.client.execute(code)
        outcome = self._collect(msg_id, start + timeout)
        if outcome.status in ("ok", "error") and self._asked_exit(msg_id):
            # exit() / quit() in the kernel: it replies, then shuts down a moment later.  Treat it as dying
            # here, in this cell, rather than at a random point of the next one.
            self.kill()
            outcome.status = "died"
            outcome.extra["exit"] = True
        if outcome.status == "timeout":
            self.interrupt()
            after = self._collect(msg_id, time.monotonic() + grace)
            if after.status == "timeout" or after.status == "died":
                self.kill()
                outcome.killed = True
            outcome.output += after.output
        outcome.seconds = time.monotonic() - start
        return outcome

    def _collect(self, msg_id, deadline):
        out, size = [], 0
        ename = evalue = ""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return Outcome("timeout", ename, evalue, "".join(out))
            try:
                msg = self.client.get_iopub_msg(timeout=min(0.1, remaining))
            except queue.Empty:
                if not self.alive:
                    return Outcome("died", ename, evalue, "".join(out))
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and size < OUTPUT_CAP:
                text = str(content.get("text", ""))[: OUTPUT_CAP - size]
                out.append(text)
                size += len(text)
            elif kind == "error":
                ename, evalue = str(content.get("ename", ""))[:100], str(content.get("evalue", ""))[:500]
            elif kind == "status" and content.get("execution_state") == "idle":
                return Outcome("error" if ename else "ok", ename, evalue, "".join(out))

    def _asked_exit(self, msg_id, wait=2.0):
        """Whether the execute_reply of ``msg_id`` carries IPython's ``ask_exit`` payload."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                msg = self.client.get_shell_msg(timeout=0.05)
            except queue.Empty:
                if not self.alive:
                    return False
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                payload = msg.get("content", {}).get("payload", []) or []
                return any(isinstance(p, dict) and p.get("source") == "ask_exit" for p in payload)
        return False

    def interrupt(self):
        if self.alive:
            self.client.interrupt()

    def kill(self):
        """Kill the kernel and everything the submission started; always safe to call again."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.sandbox.kill_all()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            self.client.stop_channels()
        except Exception:  # closing sockets of a dead kernel must not fail the grader
            pass

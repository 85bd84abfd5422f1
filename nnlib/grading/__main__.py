"""The grading command line: ``python -m nnlib.grading build|grade|gradescope …`` (see ``--help``)."""

import argparse
import sys


def _statuses():
    from .grader import STATUSES
    return "\n".join(f"  {name:<17} {text}" for name, text in STATUSES.items())


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m nnlib.grading", description="Exercises that grade themselves.")
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="write exercises/ from solutions/ (strip the marked solution blocks)")
    b.add_argument("--check", action="store_true", help="write nothing; exit 1 if exercises/ differs from solutions/")
    b.add_argument("--solutions", default="solutions")
    b.add_argument("--exercises", default="exercises")

    g = sub.add_parser("grade", help="grade submissions; write grades.csv, feedback/ and results/",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       epilog="statuses, most serious first:\n" + _statuses())
    g.add_argument("assignment", help="the exercise notebook, or its name NN_slug (looked up in exercises/)")
    g.add_argument("submissions", nargs="+",
                   help="files, or folders searched recursively (notebooks in any case; other files get a row too)")
    g.add_argument("--out", required=True, help="output folder")
    g.add_argument("--roster", help="CSV of the class (an id column, optional name and email): one row per student, "
                                    "'missing' for those who handed nothing in; files are matched by a folder per "
                                    "student (ID/…) or a name prefix (ID__…)")
    g.add_argument("--only", metavar="ID", help="grade (again) only this student or submission; the other rows are "
                                                "kept from earlier runs in --out")
    g.add_argument("--jobs", type=int, default=1, help="submissions graded at once (default 1)")
    g.add_argument("--seed", type=int, default=0, help="seed of the hidden test inputs (keep yours private)")
    g.add_argument("--timeout", type=float, default=60.0, help="seconds per cell and per graded function (default 60)")
    g.add_argument("--total-timeout", type=float, default=180.0,
                   help="seconds for a whole submission, all its cells and tests together (default 180)")
    g.add_argument("--memory-mb", type=int, default=2048,
                   help="memory cap in MB for a whole submission, all its processes together (default 2048)")
    g.add_argument("--max-pids", type=int, default=256, help="processes and threads a submission may run at once (default 256)")
    g.add_argument("--no-sandbox", action="store_true",
                   help="run kernels without bubblewrap: only for trusted work (the submissions can reach your files)")
    g.add_argument("--user", help="with --no-sandbox: run each kernel as this unprivileged user (needs root)")
    g.add_argument("--quiet", action="store_true", help="no progress lines")
    g.add_argument("--language", choices=["en", "zh"],
                   help="the language of the feedback for every submission (default: each notebook's own language)")

    gs = sub.add_parser("gradescope", help="write a Gradescope autograder zip for one exercise")
    gs.add_argument("assignment", help="the exercise: NN, NN_slug or a notebook path")
    gs.add_argument("--out", required=True, help="the zip to write, e.g. autograder.zip")
    gs.add_argument("--seed", type=int, help="seed of the hidden test inputs (default: a fresh random one, printed)")
    gs.add_argument("--timeout", type=float, default=60.0, help="seconds per cell and per graded function (default 60)")
    gs.add_argument("--total-timeout", type=float, default=300.0, help="seconds for the whole submission (default 300)")
    gs.add_argument("--memory-mb", type=int, default=2048, help="memory cap of the submission in MB (default 2048)")

    args = parser.parse_args(argv)
    if args.command == "build":
        from .build import BuildError, build
        try:
            drifted = build(args.solutions, args.exercises, check=args.check)
        except BuildError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        return 1 if (args.check and drifted) else 0

    if args.command == "gradescope":
        from .gradescope import bundle
        try:
            seed = bundle(args.assignment, args.out, seed=args.seed, timeout=args.timeout,
                          total_timeout=args.total_timeout, memory_mb=args.memory_mb)
        except (KeyError, FileNotFoundError, ValueError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        print(f"wrote {args.out}: the Gradescope autograder for {args.assignment}, hidden inputs drawn from seed {seed} "
              "(keep it private; it is inside the zip)")
        return 0

    from .grader import Options, grade
    from .sandbox import SandboxUnavailable
    if args.user and not args.no_sandbox:
        print("error: --user runs kernels without bubblewrap; pass it with --no-sandbox", file=sys.stderr)
        return 2
    options = Options(seed=args.seed, timeout=args.timeout, total_timeout=args.total_timeout, memory_mb=args.memory_mb,
                      max_pids=args.max_pids, jobs=args.jobs, sandbox=not args.no_sandbox, user=args.user,
                      language=args.language)
    try:
        results = grade(args.assignment, args.submissions, args.out, options, progress=not args.quiet,
                        roster=args.roster, only=args.only)
    except (KeyError, FileNotFoundError, ValueError, SandboxUnavailable, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not results:
        print("error: no submissions found", file=sys.stderr)
        return 2
    print(f"graded {len(results)} row(s); wrote {args.out}/grades.csv, summary.md, summary.csv, feedback/ and results/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The command line: a thin front end over build, parse, check and serve."""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
from pathlib import Path

from . import build as build_api
from .config import ConfigError, find_edition


def main(argv: list[str] | None = None) -> int:
    """Run `edition-builder` with argv; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="edition-builder", description="Build a scholarly digital edition from archival transcripts."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build the edition's site (atomically) into site/")
    p.add_argument("edition", nargs="?", help="edition folder (default: the only one under editions/)")
    p.add_argument("--out", help="output folder (default: site/)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("parse", help="parse one transcript and print its record")
    p.add_argument("file", help="a corpus file (.txt, .md or .xml)")
    p.add_argument("--json", action="store_true", help="print the JSON record (the default)")
    p.add_argument(
        "--edition", help="also link the record against this edition's registers (people, topics, dates mentioned)"
    )

    p = sub.add_parser("check", help="print every diagnostic with file and line; exit 1 on errors")
    p.add_argument("edition", nargs="?", help="edition folder (default: the only one under editions/)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("serve", help="serve site/ over http on 127.0.0.1 for preview")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--dir", default="site", help="folder to serve (default site/)")

    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (ConfigError, build_api.BuildError) as err:
        print(f"edition-builder: error: {err}", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace) -> int:
    edition = args.edition or find_edition()
    result = build_api.build(edition, args.out, strict=args.strict)
    for d in result.diagnostics:
        if d.level != "info":
            print(d.format(), file=sys.stderr)
    print(f"built {len(result.documents)} documents, {result.files} files into {result.out}")
    return 0


def _parse(args: argparse.Namespace) -> int:
    doc = build_api.parse_and_link(args.file, args.edition) if args.edition else build_api.parse_file(args.file)
    json.dump(doc.to_record(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _check(args: argparse.Namespace) -> int:
    edition = args.edition or find_edition()
    diagnostics = build_api.check(edition)
    for d in diagnostics:
        print(d.format())
    errors = [d for d in diagnostics if d.level == "error" or (args.strict and d.level == "warning")]
    counts = {lvl: sum(d.level == lvl for d in diagnostics) for lvl in ("error", "warning", "info")}
    print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes")
    return 1 if errors else 0


def _serve(args: argparse.Namespace) -> int:
    directory = Path(args.dir)
    if not directory.is_dir():
        print(f"edition-builder: error: {directory} does not exist; run `edition-builder build` first", file=sys.stderr)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving {directory} at http://127.0.0.1:{args.port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


_COMMANDS = {"build": _build, "parse": _parse, "check": _check, "serve": _serve}

if __name__ == "__main__":
    sys.exit(main())

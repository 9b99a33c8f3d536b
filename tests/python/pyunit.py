"""Runs one Python test suite (standard-library unittest) for tests/run.sh and records its counts.

Usage: python3 tests/python/pyunit.py --name NAME --start DIR --results DIR [--pattern 'test_*.py']

Prints unittest's usual report, then writes RESULTS/NAME.counts holding "PASSED FAILED", which
tests/run.sh adds to the dotnet test counts for its closing "N passed, N failed" line. A suite that
cannot be imported or finds no tests counts as one failure: a suite that silently runs nothing
must not look green. Skipped tests count as failures too (no skipped tests are left behind).
"""

import argparse
import os
import sys
import unittest


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--pattern", default="test_*.py")
    args = parser.parse_args()

    loader = unittest.TestLoader()
    suite = loader.discover(args.start, pattern=args.pattern, top_level_dir=args.start)
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=1).run(suite)

    failed = len(result.failures) + len(result.errors) + len(result.skipped) + len(result.unexpectedSuccesses)
    passed = result.testsRun - failed
    if result.testsRun == 0 or loader.errors:
        failed = max(failed, 1) + len(loader.errors)
        print(f"{args.name}: no tests ran or a test module failed to import: {loader.errors}", file=sys.stderr)

    os.makedirs(args.results, exist_ok=True)
    with open(os.path.join(args.results, f"{args.name}.counts"), "w", encoding="utf-8") as counts:
        counts.write(f"{passed} {failed}\n")
    print(f"{args.name}: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

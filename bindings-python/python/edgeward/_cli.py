"""The ``edgeward`` console script: the Rust command line, run inside the extension.

The same code as the ``edgeward`` binary (crate ``cli/``) and ``npx edgeward``: ``sign``,
``send``, ``verify``, ``redact``, ``validate`` and ``scan``; ``edgeward --help`` lists them.
"""

from __future__ import annotations

import sys

from edgeward import _native


def main() -> None:
    """Runs ``edgeward`` with this process's arguments and exits with its code."""
    sys.stdout.flush()
    sys.exit(_native._run_cli(sys.argv[1:]))


if __name__ == "__main__":
    main()

"""`python -m dualuse.interfaces.cli`: the same as the `dualuse` command."""

from dualuse.interfaces.cli.app import main

main()

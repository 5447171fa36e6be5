"""The `dualuse` command line: one module per command group (`app` holds the root)."""

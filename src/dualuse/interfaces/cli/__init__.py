"""The `dualuse` command line: one module per command group (`app` holds the root)."""

import os

# Before NumPy loads OpenBLAS: the commands' BLAS work is small (the katakana model decodes on
# one thread anyway, a Leontief table has a few dozen sectors), and a pool of a thread per core
# spins on the other cores for nothing. One set by the user is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

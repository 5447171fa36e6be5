"""The fuzz tests share their strategies (test_parsers.py): this folder is importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

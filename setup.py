"""Build step beside pyproject.toml: the cross-script matcher compiled with mypyc.

The modules listed in `src/dualuse/screening/compiled.py` are compiled into one group of
C extensions; their sources' digests go to `compiled.json`, so that an edited source is never
shadowed by a stale extension (see that module). `DUALUSE_PURE_PYTHON=1 pip install -e .`, or a
machine without mypyc, installs plain Python: the same answers, slower.
"""

import os
import runpy
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"


def compiled_extensions():
    group = runpy.run_path(str(SRC / "dualuse" / "screening" / "compiled.py"))
    manifest = group["manifest_path"](SRC)
    if os.environ.get(group["PURE_PYTHON"], "") not in ("", "0"):
        manifest.unlink(missing_ok=True)
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("dualuse: mypyc is not installed: the matcher stays plain Python", file=sys.stderr)
        manifest.unlink(missing_ok=True)
        return []
    sources = [str(group["source_path"](module, SRC).relative_to(HERE)) for module in group["MODULES"]]
    group["write_manifest"](SRC)
    # the arguments are mypy's: packages without type stubs are typed Any; errors reported in the compiled modules only;
    # pyproject's [tool.mypy] (`make lint`: the pydantic plugin, which the isolated build has not installed) not read
    return mypycify(["--config-file=", "--ignore-missing-imports", "--follow-imports=silent", *sources], opt_level="3",
                    group_name=group["GROUP"])


class OptionalBuildExt(build_ext):
    """A machine without a working C compiler installs the plain Python (no extension, nothing to check)."""

    def run(self):
        try:
            super().run()
        except Exception as error:  # distutils raises CCompilerError, PlatformError, plain errors…
            print(f"dualuse: the matcher could not be compiled ({error}): it stays plain Python, slower", file=sys.stderr)


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})

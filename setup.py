"""Builds the countyleap Python package: setuptools for the pure-Python files and metadata
(pyproject.toml), CMake for the compiled module countyleap._core.

The CMake build lives in build-pip/ (with setuptools' own build files), never in build/, which
is left to developers' CMake builds. It configures only what the package needs (no tests,
examples, docs or install rules) for the interpreter running this script, builds the `_core`
target and copies the module and the bundled data/ folder into the package.
Environment: CMAKE_BUILD_PARALLEL_LEVEL (default 2) sets the number of compile jobs.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
BUILD_BASE = "build-pip"


def version() -> str:
    """major.minor.patch from include/countyleap/version.hpp, the one place it is written."""
    text = (ROOT / "include" / "countyleap" / "version.hpp").read_text(encoding="utf-8")
    return ".".join(re.search(rf"#define COUNTYLEAP_VERSION_{part} (\d+)", text).group(1)
                    for part in ("MAJOR", "MINOR", "PATCH"))


class CMakeBuild(build_ext):
    """Builds countyleap._core with the project's CMake files."""

    def build_extension(self, ext: Extension) -> None:
        build_dir = Path(self.build_temp).resolve() / "cmake"
        configure = ["cmake", "-S", str(ROOT), "-B", str(build_dir),
                     f"-DCMAKE_BUILD_TYPE={'Debug' if self.debug else 'Release'}",
                     f"-DPython_EXECUTABLE={sys.executable}",
                     "-DCOUNTYLEAP_BUILD_PYTHON=ON", "-DCOUNTYLEAP_BUILD_IO=ON", "-DCOUNTYLEAP_BUILD_TESTS=OFF",
                     "-DCOUNTYLEAP_BUILD_EXAMPLES=OFF", "-DCOUNTYLEAP_BUILD_DOCS=OFF", "-DCOUNTYLEAP_BUILD_BENCH=OFF",
                     "-DCOUNTYLEAP_INSTALL=OFF"]
        if shutil.which("ninja") and not (build_dir / "CMakeCache.txt").exists():
            configure += ["-G", "Ninja"]
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_core", "--parallel", jobs], check=True)

        assembled = build_dir / "python" / "countyleap"  # module, Python files and data (python/CMakeLists.txt)
        module = Path(self.get_ext_fullpath(ext.name))
        module.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(assembled / module.name, module)
        data = module.parent / "data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(assembled / "data", data)


os.makedirs(ROOT / BUILD_BASE, exist_ok=True)
setup(
    version=version(),
    ext_modules=[Extension("countyleap._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": BUILD_BASE}, "egg_info": {"egg_base": BUILD_BASE}},
)

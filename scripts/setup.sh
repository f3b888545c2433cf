#!/usr/bin/env bash
# Installs, from Debian's archive only, whatever countyleap needs that is not yet on this
# machine. Runs apt only when something is missing, so a second run takes a fraction of a second.
# Usage: scripts/setup.sh [--with-browser]   (--with-browser adds Chromium for the report test)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libboost-test-dev pybind11-dev nlohmann-json3-dev libsqlite3-dev
  doxygen graphviz
  python3 python3-dev python3-venv python3-pip python3-setuptools python3-wheel
  python3-numpy python3-pandas python3-matplotlib python3-pytest python3-pybind11
  python3-nbclient python3-ipykernel python3-nbformat
  default-jdk-headless libjna-java valgrind
  python3-openpyxl python3-hypothesis
  clang libfuzzer-14-dev ccache  # the sanitizer and fuzz builds (scripts/sanitize.sh, fuzz/)
)
if [[ ${1:-} == --with-browser ]]; then
  packages+=(chromium fonts-wqy-microhei)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup: installing from Debian: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=600 -y --no-install-recommends)
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -qq "${missing[@]}"

#!/usr/bin/env bash
# Makes PyTorch importable from /usr/bin/python3, the way this machine can: Debian's
# python3-torch package (CPU only; 1.13.1 on Debian 12, reported as 1.13.0a0). poolcheck uses it
# to regenerate the golden corpus (`poolcheck golden update`) and for the live PyTorch checks.
# Idempotent: does nothing when torch already imports. Needs root (or sudo) and Debian's apt.
set -euo pipefail

PYTHON=/usr/bin/python3

if "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)') is already importable from $PYTHON"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-torch: apt-get not found. This script installs Debian's python3-torch;" >&2
  echo "on other systems install PyTorch 1.13 for a Python 3 and pass it with --python (or POOLCHECK_PYTHON)." >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
    echo "install-torch: run as root (or install sudo): apt-get install python3-torch" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends python3-torch

"$PYTHON" -c 'import torch; print("PyTorch", torch.__version__, "is importable from '"$PYTHON"'")'

#!/usr/bin/env bash
# All the set-up poolcheck needs on a fresh machine, safe to run again:
#   1. PyTorch for the live oracle and golden regeneration (Debian's python3-torch, via apt),
#      skipped with a message where it cannot be installed (not root, no apt);
#   2. the npm dependencies, exactly as locked (npm ci), when they are missing or out of date;
#      npm ci also builds dist/ through the package's prepare script.
set -u
cd "$(dirname "$0")/.."

if [ -f scripts/install-torch.sh ]; then
  bash scripts/install-torch.sh || echo "setup: PyTorch is not available; poolcheck runs without the live PyTorch checks (they say so when skipped)."
fi

stamp=node_modules/.poolcheck-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund || exit 1
  echo "$want" > "$stamp"
else
  echo "setup: npm dependencies are up to date"
  npm run --silent build || exit 1
fi

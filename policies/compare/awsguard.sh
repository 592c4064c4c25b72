#!/usr/bin/env bash
# Compares this pack with AWSGuard (@pulumi/awsguard, Pulumi's own AWS pack) on the corpus programs and our prod
# stack, with the same offline engine. AWSGuard pulls @pulumi/aws 4.x, so it is installed in a scratch folder
# outside the project and never becomes a dependency of it.
#
# Usage: policies/compare/awsguard.sh [scratch-folder]   (default: a new folder under $TMPDIR or /tmp)
# Set AWSGUARD_VERSION to compare another release (default 0.3.1, the one measured in policies/COMPARISON.md),
# and COMPARE_SKIP_STACK=1 to leave out the prod stack (its evaluation takes a minute or two).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="${1:-$(mktemp -d "${TMPDIR:-/tmp}/awsguard-compare-XXXXXX")}"
scratch="$(mkdir -p "$scratch" && cd "$scratch" && pwd)"
case "$scratch/" in
    "$root"/*) echo "awsguard.sh: the scratch folder must be outside the project ($root), got $scratch" >&2; exit 2 ;;
esac

version="${AWSGUARD_VERSION:-0.3.1}"
if [ ! -f "$scratch/node_modules/@pulumi/awsguard/package.json" ]; then
    echo "Installing @pulumi/awsguard@$version in $scratch" >&2
    # --ignore-scripts: @pulumi/aws 4.x would download its provider plugin, which policies never need.
    (cd "$scratch" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts "@pulumi/awsguard@$version" >&2)
fi

cd "$root"
AWSGUARD_DIR="$scratch/node_modules/@pulumi/awsguard" exec npx ts-node --transpile-only policies/compare/awsguard.ts

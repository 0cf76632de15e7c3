#!/usr/bin/env bash
# Times GEMM shapes of two revisions of Amend.Tensors in one process (bench/Amend.BuildCompare).
# usage: bench/compare_builds.sh REV_A REV_B m,k,n[,ta][,tb] ...
#   REV: any git revision, or "." for the working tree as it is. ROUNDS and BLOCK_MS pass through.
set -euo pipefail
if [ $# -lt 3 ]; then echo "usage: $0 REV_A REV_B m,k,n[,ta][,tb] ..." >&2; exit 2; fi
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"; git -C "$root" worktree prune' EXIT

build() { # build REV into $work/$2
  local source="$root"
  if [ "$1" != "." ]; then
    source="$work/src-$2"
    git -C "$root" worktree add --quiet --detach "$source" "$1"
  fi
  dotnet build "$source/src/Amend.Tensors" -c Release -o "$work/$2" --nologo -v quiet >/dev/null
}

build "$1" a
build "$2" b
dotnet run -c Release --project "$root/bench/Amend.BuildCompare" -- "$work/a" "$work/b" "${@:3}"

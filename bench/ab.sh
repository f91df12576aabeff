#!/usr/bin/env bash
# A/B: the same load against two checkouts' bots, interleaved, several rounds (npm run bench's webhook and
# latency parts; the load generator is always this checkout's). Usage: bench/ab.sh <other checkout> [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
other=$(cd "$1" && pwd)
rounds=${2:-3}
for round in $(seq 1 "$rounds"); do
  for side in this other; do
    dir=$([ "$side" = this ] && pwd || echo "$other")
    echo "== round $round · $side ($(git -C "$dir" rev-parse --short HEAD))"
    BOT_DIR="$dir" npx tsx bench/webhook-bench.ts | grep -E "saturation|fixed|processed"
    BOT_DIR="$dir" npx tsx bench/latency-bench.ts | grep -E "^\| (customer|staff)|never"
  done
done

#!/usr/bin/env bash
# The local speed-up of `compare --workers`: runs a comparison (default: the main job, configs/main.json)
# with 1 and with 2 worker processes, prints both wall times and their ratio, and checks that the two
# summary.json files are identical except for the run directory. Run it on an otherwise idle machine.
#   scripts/compare-workers.sh [CONFIG] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-configs/main.json}
out=${2:-runs/compare-workers}
rm -rf "$out"
mkdir -p "$out"
declare -A seconds
for n in 1 2; do
  start=$(date +%s.%N)
  node bin/memgym.js compare --config "$config" --workers "$n" --out "$out/workers-$n" > "$out/workers-$n.log" 2>&1
  end=$(date +%s.%N)
  seconds[$n]=$(echo "$end - $start" | bc)
  echo "--workers $n: ${seconds[$n]} s"
done
echo "ratio (2 workers / 1): $(echo "scale=3; ${seconds[2]} / ${seconds[1]}" | bc)"
node -e '
const fs = require("node:fs");
const read = (d) => { const s = JSON.parse(fs.readFileSync(`${d}/summary.json`, "utf8")); delete s.meta.run; return JSON.stringify(s); };
const same = read(process.argv[1]) === read(process.argv[2]);
console.log(same ? "summary.json identical" : "summary.json DIFFERS");
process.exitCode = same ? 0 : 1;
' "$out/workers-1" "$out/workers-2"

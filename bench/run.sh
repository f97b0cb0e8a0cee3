#!/usr/bin/env bash
# Whole-process benchmark of `callplan lint` against peer linters, in one run on one machine.
# Not run in CI.
#
# Method (the same as /work/shared/bench/bench_peers.sh, so the figures are comparable): every
# command runs from the data directory on plan-<size>.md with its default output, the output is
# discarded, one unmeasured warm-up run, then N measured runs under /usr/bin/time; the table
# gives the median. Exit code 1 only means "problems found". Peak RSS is /usr/bin/time's %M
# (the largest resident set of the process), median over the runs.
#
# Wall time is taken with bash's $EPOCHREALTIME around each `/usr/bin/time CMD` run (microsecond
# resolution; it includes /usr/bin/time's own fork/exec, well under a millisecond, for every tool
# alike), because /usr/bin/time's %e has only 10 ms resolution, which is the size of callplan's
# whole run. The %e median is printed too, as bench_peers.sh prints it.
#
# Usage: bench/run.sh [N]           N measured runs at 1x (default 10)
#   N10=5 N100=3                    runs at 10x and 100x (defaults 5 and 3)
#   SIZES="1x 10x"                  sizes to run (default "1x 10x 100x")
#   DATA=/tmp/peers/data            plan-<size>.md and the peers' configs (made by gen_plan_md.py)
#   PEERS_DIR=/tmp/peers            where install_peers.sh put the npm peers
#   NO_BUILD=1                      use the existing target/release/callplan
# Output: a Markdown table on stdout; progress and skip reasons on stderr.
set -uo pipefail

N1=${1:-${N:-10}}
N10=${N10:-5}
N100=${N100:-3}
SIZES=${SIZES:-1x 10x 100x}
P=${PEERS_DIR:-/tmp/peers}
DATA=${DATA:-$P/data}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/target/release/callplan
export PATH="$P/npm/node_modules/.bin:$PATH"

if [ -z "${NO_BUILD:-}" ]; then
  echo "building release…" >&2
  (cd "$ROOT" && cargo build --release --quiet) || { echo "cargo build --release failed" >&2; exit 2; }
fi
[ -x "$BIN" ] || { echo "no $BIN (build it, or unset NO_BUILD)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
for s in $SIZES; do
  [ -f "$DATA/plan-$s.md" ] || {
    echo "missing $DATA/plan-$s.md: run python3 gen_plan_md.py $DATA (see shared/bench/peers.md)" >&2
    exit 2
  }
done
cd "$DATA" || exit 2
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

med() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
runs_for() { case $1 in 1x) echo "$N1" ;; 10x) echo "$N10" ;; *) echo "$N100" ;; esac; }

# Peers: label | command (run with the file name appended) | the program that must exist.
PEERS=(
  "textlint + prh(41) + no-todo|textlint|textlint"
  "markdownlint-cli2 (MD013 off)|markdownlint-cli2|markdownlint-cli2"
  "autocorrect --lint|autocorrect --lint|autocorrect"
  "lint-md (@lint-md/cli)|lint-md|lint-md"
)
declare -A SKIP
for p in "${PEERS[@]}"; do
  IFS='|' read -r label _ prog <<<"$p"
  if ! command -v "$prog" >/dev/null 2>&1; then
    SKIP[$label]="$prog not found on PATH (install with shared/bench/install_peers.sh into $P)"
  elif ! "$prog" --version >/dev/null 2>&1 && [ "$prog" != lint-md ]; then
    SKIP[$label]="$prog is installed but \`$prog --version\` fails"
  fi
done
command -v pandoc >/dev/null 2>&1 || SKIP[pandoc]="pandoc not found (apt-get install pandoc)"
for k in "${!SKIP[@]}"; do echo "skipped: $k — ${SKIP[$k]}" >&2; done

# bench LABEL SIZE CMD... → appends a row "label|size|n|wall_ms|e_s|peak_MiB"
ROWS=()
bench() {
  local label=$1 size=$2; shift 2
  local n; n=$(runs_for "$size")
  echo "  $label $size (n=$n)" >&2
  "$@" >/dev/null 2>&1 # warm-up
  local tw te tm t0 t1 w e m
  tw=$(mktemp); te=$(mktemp); tm=$(mktemp)
  for _ in $(seq "$n"); do
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%e %M' -o /tmp/.callplan_bench_one "$@" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    read -r e m < <(tail -n 1 /tmp/.callplan_bench_one)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f\n", (b-a)*1000}' >>"$tw"
    echo "$e" >>"$te"; echo "$m" >>"$tm"
  done
  w=$(med <"$tw" | awk '{printf "%.1f", $1}'); e=$(med <"$te"); m=$(med <"$tm" | awk '{printf "%.1f", $1/1024}')
  ROWS+=("$label|$size|$n|$w|$e|$m")
  rm -f "$tw" "$te" "$tm"
}

for s in $SIZES; do
  f=plan-$s.md
  bench "callplan lint" "$s" "$BIN" lint "$f"
  bench "callplan lint --format json" "$s" "$BIN" lint --format json "$f"
  for p in "${PEERS[@]}"; do
    IFS='|' read -r label cmd _ <<<"$p"
    [ -n "${SKIP[$label]:-}" ] && continue
    # shellcheck disable=SC2086 # the command is split into words on purpose
    bench "$label" "$s" $cmd "$f"
  done
  [ -z "${SKIP[pandoc]:-}" ] && bench "pandoc -f gfm -t docx (export peer)" "$s" \
    pandoc -f gfm -t docx -o "/tmp/.callplan_bench.docx" "$f"
done

# The table: one row per tool, columns per size, then ratios to `callplan lint` per size.
declare -A WALL MEM NRUNS
LABELS=()
for r in "${ROWS[@]}"; do
  IFS='|' read -r label size n w _ m <<<"$r"
  [[ " ${LABELS[*]} " == *" $label "* ]] || LABELS+=("$label")
  WALL[$label,$size]=$w; MEM[$label,$size]=$m; NRUNS[$label,$size]=$n
done
# Keep LABELS unique even when a label contains spaces.
mapfile -t LABELS < <(printf '%s\n' "${LABELS[@]}" | awk '!seen[$0]++')

echo "callplan $("$BIN" --version 2>/dev/null | awk '{print $2}'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
hdr="| tool |"; sep="|---|"
for s in $SIZES; do hdr+=" $s wall ms | $s peak MiB |"; sep+="---:|---:|"; done
for s in $SIZES; do hdr+=" ×callplan $s |"; sep+="---:|"; done
hdr+=" n |"; sep+="---|"
echo "$hdr"; echo "$sep"
for label in "${LABELS[@]}"; do
  line="| $label |"; ns=""
  for s in $SIZES; do line+=" ${WALL[$label,$s]:-–} | ${MEM[$label,$s]:-–} |"; ns+="${NRUNS[$label,$s]:-–}/"; done
  for s in $SIZES; do
    base=${WALL[callplan lint,$s]:-}; v=${WALL[$label,$s]:-}
    if [ -n "$base" ] && [ -n "$v" ]; then
      line+=" $(awk -v a="$v" -v b="$base" 'BEGIN{printf "%.1f", a/b}') |"
    else
      line+=" – |"
    fi
  done
  echo "$line ${ns%/} |"
done
echo
echo "Scaling of \`callplan lint\` (wall time relative to 1x):"
base=${WALL[callplan lint,1x]:-}
for s in $SIZES; do
  v=${WALL[callplan lint,$s]:-}
  [ -n "$base" ] && [ -n "$v" ] && echo "- $s: ${v} ms (×$(awk -v a="$v" -v b="$base" 'BEGIN{printf "%.1f", a/b}'))"
done

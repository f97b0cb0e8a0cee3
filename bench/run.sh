#!/usr/bin/env bash
# callplan side by side with the tools users would otherwise use, in one run on one machine.
# Not part of `cargo test` (a smoke test runs it on a small input with the peers switched off).
#
# What it measures (whole process, output discarded, one unmeasured warm-up, then N runs; the
# tables give medians):
#   1. lint vs textlint + prh: callplan loads the peer term list as a rule file
#      (bench/terms_rule.py), so both look for the same 41 terms; the hit counts are compared
#      and a mismatch fails the run. callplan also runs its 57 built-in rules.
#   2. lint vs markdownlint-cli2 (structure), autocorrect and lint-md (for reference).
#   3. export vs `pandoc -f gfm -t docx`.
#   4. many files: `callplan lint DIR` on a folder of 500 generated plans (both cores).
#   5. a 10 MB plan must lint within a generous bound (BOUND_10MB seconds, default 60).
#   6. a dense 30,000-character plan (the bundled samples one after the other, cut at 30,000
#      characters: regulatory prose throughout, unlike the generated plan's filler) against the
#      10 ms bound of the lint engine's issue (DENSE=0 skips it).
# Wall time is taken with bash's $EPOCHREALTIME around each run of the command alone
# (microseconds; /usr/bin/time's %e has 10 ms resolution, the size of a whole callplan run);
# peak memory (%M, largest resident set) and CPU come from separate runs under /usr/bin/time,
# "–" when it is missing.
#
# Usage: bench/run.sh [N]        N measured runs at 1x (default 10)
#   N10=5 N100=5                 runs at 10x and 100x (defaults 5 and 5: the issue asks for at least 5)
#   MEM_RUNS=3                   runs under /usr/bin/time for peak memory and CPU (at most N)
#   SIZES="1x 10x 100x"          sizes to run
#   DATA=/tmp/peers/data         plan-<size>.md, terms.tsv and the peers' configs; made with
#                                ../shared/bench/gen_plan_md.py when plan-1x.md is missing
#   PEERS_DIR=/tmp/peers         where install_peers.sh puts the npm peers
#   PEERS=none                   measure callplan alone (peers skipped even when installed)
#   INSTALL_PEERS=0              do not run install_peers.sh when peers are missing
#   FOLDER_PLANS=500             plans in the many-file run (0 skips it)
#   BIG=1                        run the 10 MB bound (default 1; 0 skips it)
#   LINTMD_100X=1                also run lint-md at 100x (60-90 s per run; skipped by default)
#   BIN=path/to/callplan         use this binary (no build); default: cargo build --release
#   OUT=file.md                  also write the report there
# Exit status: 0 when everything ran; 1 when a hit count disagrees or the 10 MB bound is
# exceeded; 2 for a setup problem.
set -uo pipefail

N1=${1:-${N:-10}}
N10=${N10:-5}
N100=${N100:-5}
MEM_RUNS=${MEM_RUNS:-3}
SIZES=${SIZES:-1x 10x 100x}
P=${PEERS_DIR:-/tmp/peers}
DATA=${DATA:-$P/data}
FOLDER_PLANS=${FOLDER_PLANS:-500}
BIG=${BIG:-1}
DENSE=${DENSE:-1}
BOUND_10MB=${BOUND_10MB:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED_BENCH:-$ROOT/../shared/bench}
export PATH="$P/npm/node_modules/.bin:$PATH"
say() { echo "$*" >&2; }
STATUS=0

# --- the binary ---------------------------------------------------------------------------------
if [ -n "${BIN:-}" ]; then
  [ -x "$BIN" ] || { say "BIN=$BIN is not an executable"; exit 2; }
  BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
else
  say "building release…"
  (cd "$ROOT" && cargo build --release --quiet) || { say "cargo build --release failed"; exit 2; }
  BIN=$ROOT/target/release/callplan
fi

# --- inputs ---------------------------------------------------------------------------------------
mkdir -p "$DATA" || exit 2
if [ ! -f "$DATA/plan-1x.md" ]; then
  if [ -f "$SHARED/gen_plan_md.py" ] && command -v python3 >/dev/null; then
    say "generating inputs in $DATA…"
    python3 "$SHARED/gen_plan_md.py" "$DATA" >&2 || exit 2
  else
    say "no $DATA/plan-1x.md and no generator ($SHARED/gen_plan_md.py with python3)"; exit 2
  fi
fi
for s in $SIZES; do
  [ -f "$DATA/plan-$s.md" ] || { say "missing $DATA/plan-$s.md (gen_plan_md.py writes 1x, 10x, 100x)"; exit 2; }
done
TERMS_RULES=()
if [ -f "$DATA/terms.tsv" ] && command -v python3 >/dev/null; then
  python3 "$ROOT/bench/terms_rule.py" "$DATA/terms.tsv" "$DATA/callplan-rules" >/dev/null || exit 2
  TERMS_RULES=(--rules "$DATA/callplan-rules")
else
  say "no terms.tsv (or no python3): callplan runs its built-in rules only, no hit-count check"
fi

# --- peers ----------------------------------------------------------------------------------------
# label | command (the file name is appended) | program that must exist
PEERS_LINT=(
  "textlint + prh (41 terms) + no-todo|textlint|textlint"
  "markdownlint-cli2 (MD013 off)|markdownlint-cli2|markdownlint-cli2"
  "autocorrect --lint|autocorrect --lint|autocorrect"
  "lint-md (@lint-md/cli)|lint-md|lint-md"
)
declare -A SKIP
have() { command -v "$1" >/dev/null 2>&1; }
if [ "${PEERS:-}" = none ]; then
  say "PEERS=none: measuring callplan alone"
  for p in "${PEERS_LINT[@]}"; do SKIP[${p%%|*}]="PEERS=none"; done
  SKIP[pandoc]="PEERS=none"
else
  if ! have textlint && [ "${INSTALL_PEERS:-1}" != 0 ] && [ -f "$SHARED/install_peers.sh" ]; then
    say "installing peers with $SHARED/install_peers.sh…"
    PEERS_DIR=$P bash "$SHARED/install_peers.sh" >&2 || say "install_peers.sh failed; missing peers are skipped"
  fi
  for p in "${PEERS_LINT[@]}"; do
    IFS='|' read -r label _ prog <<<"$p"
    have "$prog" || SKIP[$label]="$prog not found (install with shared/bench/install_peers.sh)"
  done
  have pandoc || SKIP[pandoc]="pandoc not found (apt-get install pandoc)"
fi
for k in "${!SKIP[@]}"; do say "skipped: $k — ${SKIP[$k]}"; done
HAVE_TIME=1
[ -x /usr/bin/time ] || { HAVE_TIME=0; say "/usr/bin/time is missing: no peak memory (apt-get install time)"; }

cd "$DATA" || exit 2
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")

med() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
runs_for() { case $1 in 1x) echo "$N1" ;; 10x) echo "$N10" ;; *) echo "$N100" ;; esac; }

# measure KEY N CMD... → WALL[KEY] (ms), PEAK[KEY] (MiB), CPU[KEY] (user+sys s), medians.
# Wall time comes from N runs of the command alone; peak memory and CPU from MEM_RUNS further
# runs under /usr/bin/time (its own start and wait would otherwise be counted in the wall time:
# about 1-3 ms, a fifth of a small callplan run, nothing for the peers).
declare -A WALL PEAK CPU
measure() {
  local key=$1 n=$2; shift 2
  say "  $key (n=$n)"
  "$@" >/dev/null 2>&1 # warm-up
  local tw tm tc t0 t1 one m
  tw=$(mktemp); tm=$(mktemp); tc=$(mktemp); one=$(mktemp)
  for _ in $(seq "$n"); do
    t0=$EPOCHREALTIME
    "$@" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f\n", (b-a)*1000}' >>"$tw"
  done
  WALL[$key]=$(med <"$tw" | awk '{printf "%.1f", $1}')
  if [ "$HAVE_TIME" = 1 ]; then
    m=$(( n < MEM_RUNS ? n : MEM_RUNS ))
    for _ in $(seq "$m"); do
      /usr/bin/time -f '%M %U %S' -o "$one" "$@" >/dev/null 2>&1
      awk 'END{print $1; print $2+$3 > "/dev/stderr"}' "$one" >>"$tm" 2>>"$tc"
    done
    PEAK[$key]=$(med <"$tm" | awk '{printf "%.1f", $1/1024}')
    CPU[$key]=$(med <"$tc" | awk '{printf "%.2f", $1}')
  else
    PEAK[$key]="–"; CPU[$key]="–"
  fi
  rm -f "$tw" "$tm" "$tc" "$one"
}
ratio() { # ratio PEER_MS CALLPLAN_MS → "12.3"
  awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="" || b=="" || b==0) print "–"; else printf "%.1f", a/b }'
}
meets() { # meets RATIO TARGET → "yes"/"no"/"–"
  awk -v r="$1" -v t="$2" 'BEGIN{ if (r=="–") print "–"; else if (r+0 >= t+0) print "yes"; else print "no" }'
}

# --- 1–3: per size --------------------------------------------------------------------------------
declare -A HITS_CP HITS_TL
for s in $SIZES; do
  n=$(runs_for "$s"); f=plan-$s.md
  say "size $s"
  measure "cp-lint,$s" "$n" "$BIN" lint "${TERMS_RULES[@]}" "$f"
  measure "cp-export,$s" "$n" "$BIN" export "$f" -o "$DATA/.callplan-bench-$s.docx" --force
  for p in "${PEERS_LINT[@]}"; do
    IFS='|' read -r label cmd _ <<<"$p"
    [ -n "${SKIP[$label]:-}" ] && continue
    # lint-md takes 60-90 s per run at 100x (peers.md); it is a reference row, not a target.
    [[ $label == lint-md* && $s == 100x && -z "${LINTMD_100X:-}" ]] && continue
    # shellcheck disable=SC2086 # the command is split into words on purpose
    measure "$label,$s" "$n" $cmd "$f"
  done
  [ -z "${SKIP[pandoc]:-}" ] && measure "pandoc,$s" "$n" pandoc -f gfm -t docx -o "$DATA/.pandoc-bench-$s.docx" "$f"
  # Same terms, same hits?
  if [ ${#TERMS_RULES[@]} -gt 0 ]; then
    HITS_CP[$s]=$("$BIN" lint "${TERMS_RULES[@]}" --select house-terms --format json "$f" 2>/dev/null |
      python3 -c 'import json,sys; print(sum(len(f["diagnostics"]) for f in json.load(sys.stdin)["files"]))')
    if [ -z "${SKIP[textlint + prh (41 terms) + no-todo]:-}" ]; then
      HITS_TL[$s]=$(textlint --format json "$f" 2>/dev/null |
        python3 -c 'import json,sys; print(sum(1 for f in json.load(sys.stdin) for m in f["messages"] if m["ruleId"] == "prh"))')
      if [ "${HITS_CP[$s]}" != "${HITS_TL[$s]}" ]; then
        say "HIT COUNTS DISAGREE at $s: callplan ${HITS_CP[$s]}, textlint + prh ${HITS_TL[$s]}"
        STATUS=1
      fi
    fi
  fi
done

# --- 4: a folder of plans -------------------------------------------------------------------------
FOLDER_ROW=""
if [ "$FOLDER_PLANS" -gt 0 ]; then
  dir=$DATA/folder-$FOLDER_PLANS
  if [ ! -f "$dir/.complete" ]; then
    say "writing $FOLDER_PLANS plans to $dir…"
    rm -rf "$dir"; mkdir -p "$dir"
    if [ -f "$SHARED/gen_plan_md.py" ] && command -v python3 >/dev/null; then
      # Different seeds: every plan is its own text, about the size of plan-1x.md.
      python3 - "$SHARED" "$dir" "$FOLDER_PLANS" <<'PY' || exit 2
import sys
sys.path.insert(0, sys.argv[1])
import gen_plan_md as g
for i in range(int(sys.argv[3])):
    doc, _ = g.make_doc(1, seed=1000 + i)
    with open(f"{sys.argv[2]}/plan-{i:03d}.md", "w", encoding="utf-8") as f:
        f.write(doc)
PY
    else
      for i in $(seq -w 1 "$FOLDER_PLANS"); do cp plan-1x.md "$dir/plan-$i.md"; done
    fi
    touch "$dir/.complete"
  fi
  bytes=$(cat "$dir"/*.md | wc -c)
  measure "cp-folder" "$(( N100 > 3 ? N100 : 3 ))" "$BIN" lint "${TERMS_RULES[@]}" "$dir"
  w=${WALL[cp-folder]}
  FOLDER_ROW="| \`callplan lint\` on $FOLDER_PLANS plans ($(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1048576}') MiB) | $w | ${PEAK[cp-folder]} | ${CPU[cp-folder]} | $(awk -v n="$FOLDER_PLANS" -v w="$w" 'BEGIN{printf "%.0f", n/(w/1000)}') | $(awk -v c="${CPU[cp-folder]}" -v w="$w" 'BEGIN{ if (c=="–") print "–"; else printf "%.2f", c/(w/1000)}') |"
fi

# --- 5: the 10 MB bound ---------------------------------------------------------------------------
BIG_ROW=""
if [ "$BIG" = 1 ] && [ -f plan-100x.md ] && [ -f plan-10x.md ]; then
  big=$DATA/plan-10mb.md
  if [ ! -f "$big" ]; then
    { cat plan-100x.md; for _ in 1 2 3; do cat plan-10x.md; done; } >"$big.tmp" && mv "$big.tmp" "$big"
  fi
  measure "cp-10mb" 1 "$BIN" lint "${TERMS_RULES[@]}" "$big"
  "$BIN" lint "$big" >/dev/null 2>&1; rc=$?
  secs=$(awk -v w="${WALL[cp-10mb]}" 'BEGIN{printf "%.2f", w/1000}')
  ok=$(awk -v s="$secs" -v b="$BOUND_10MB" 'BEGIN{print (s+0 <= b+0) ? "yes" : "no"}')
  [ "$ok" = yes ] && [ "$rc" -le 1 ] || { say "10 MB plan: ${secs} s, exit $rc (bound ${BOUND_10MB} s, exit 0 or 1)"; STATUS=1; }
  BIG_ROW="| $(wc -c <"$big") bytes | $secs | ${PEAK[cp-10mb]} | $BOUND_10MB | $rc | $ok |"
fi

# --- 6: a dense 30,000-character plan -------------------------------------------------------------
DENSE_ROW=""
if [ "$DENSE" = 1 ] && command -v python3 >/dev/null; then
  dense=$DATA/plan-dense-30k.md
  python3 - "$ROOT/samples" "$dense" <<'PY' || exit 2
import pathlib, sys
names = ["national-95-plan.md", "provincial-96-plan.md", "defective-plan.md"]
text = "\n\n".join(pathlib.Path(sys.argv[1], n).read_text(encoding="utf-8") for n in names)
while len(text) < 30000:
    text += "\n\n" + text
pathlib.Path(sys.argv[2]).write_text(text[:30000], encoding="utf-8")
PY
  measure "cp-dense" "$N1" "$BIN" lint "$dense"
  measure "cp-dense-json" "$N1" "$BIN" lint --format json "$dense"
  w=${WALL[cp-dense]}; wj=${WALL[cp-dense-json]}
  ok=$(awk -v a="$w" -v b="$wj" 'BEGIN{print (a+0 <= 10 && b+0 <= 10) ? "yes" : "no"}')
  DENSE_ROW="| $(wc -c <"$dense") bytes, 30000 characters | $w | $wj | ${PEAK[cp-dense]} | 10 | $ok |"
fi

# --- the report -----------------------------------------------------------------------------------
report() {
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")."
  echo "callplan $("$BIN" --version 2>/dev/null | awk '{print $2}'); run $(date -u +%Y-%m-%dT%H:%MZ); load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)."
  echo "Runs per size: 1x $N1, 10x $N10, 100x $N100 (medians; one warm-up run each); peak memory and CPU: median of up to $MEM_RUNS more runs under /usr/bin/time."
  echo
  echo "### Lint: callplan vs textlint + prh (same 41 terms) and other linters"
  echo
  echo "\`callplan lint\` runs its built-in rules plus the peer term list loaded as a rule file."
  echo "Ratio = peer wall time / callplan wall time."
  echo
  echo "| size | tool | wall ms | peak MiB | CPU s | × callplan | target | met |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  for s in $SIZES; do
    local base=${WALL[cp-lint,$s]}
    echo "| $s | **callplan lint** | $base | ${PEAK[cp-lint,$s]} | ${CPU[cp-lint,$s]} | 1.0 | | |"
    for p in "${PEERS_LINT[@]}"; do
      local label=${p%%|*}
      [ -n "${WALL[$label,$s]:-}" ] || continue
      local r target="" met=""
      r=$(ratio "${WALL[$label,$s]}" "$base")
      if [[ $label == textlint* ]]; then
        case $s in 1x) target=50 ;; 100x) target=100 ;; esac
        [ -n "$target" ] && { met=$(meets "$r" "$target"); target="≥${target}×"; }
      fi
      echo "| $s | $label | ${WALL[$label,$s]} | ${PEAK[$label,$s]} | ${CPU[$label,$s]} | $r | $target | $met |"
    done
  done
  echo
  if [ ${#HITS_CP[@]} -gt 0 ]; then
    echo "Term hits (same term list): $(for s in $SIZES; do printf '%s callplan %s / textlint+prh %s; ' "$s" "${HITS_CP[$s]:-–}" "${HITS_TL[$s]:-–}"; done)"
    echo
  fi
  if [ -n "${PEAK[cp-lint,100x]:-}" ]; then
    echo "Peak memory of \`callplan lint\` at 100x: ${PEAK[cp-lint,100x]} MiB (target < 100 MiB: $(awk -v m="${PEAK[cp-lint,100x]}" 'BEGIN{ if (m=="–") print "–"; else print (m+0 < 100) ? "met" : "not met"}'))."
    echo
  fi
  echo "### Export: callplan vs pandoc"
  echo
  echo "| size | tool | wall ms | peak MiB | CPU s | × callplan | target | met |"
  echo "|---|---|---:|---:|---:|---:|---:|---|"
  for s in $SIZES; do
    local base=${WALL[cp-export,$s]}
    echo "| $s | **callplan export** | $base | ${PEAK[cp-export,$s]} | ${CPU[cp-export,$s]} | 1.0 | | |"
    if [ -n "${WALL[pandoc,$s]:-}" ]; then
      local r target="" met=""
      r=$(ratio "${WALL[pandoc,$s]}" "$base")
      case $s in 1x) target=5 ;; 100x) target=10 ;; esac
      [ -n "$target" ] && { met=$(meets "$r" "$target"); target="≥${target}×"; }
      echo "| $s | pandoc -f gfm -t docx | ${WALL[pandoc,$s]} | ${PEAK[pandoc,$s]} | ${CPU[pandoc,$s]} | $r | $target | $met |"
    fi
  done
  echo
  echo "### Growth from 1x to 100x (wall time relative to 1x)"
  echo
  echo "| tool | $(for s in $SIZES; do printf '%s | ' "$s"; done)"
  echo "|---|$(for _ in $SIZES; do printf -- '---:|'; done)"
  for key in cp-lint cp-export "textlint + prh (41 terms) + no-todo" pandoc; do
    local first=${WALL[$key,${SIZES%% *}]:-}
    [ -n "$first" ] || continue
    local name=$key
    case $key in cp-lint) name="callplan lint" ;; cp-export) name="callplan export" ;; esac
    printf '| %s | ' "$name"
    for s in $SIZES; do printf '%s ms (×%s) | ' "${WALL[$key,$s]:-–}" "$(ratio "${WALL[$key,$s]:-}" "$first")"; done
    echo
  done
  echo
  if [ -n "$FOLDER_ROW" ]; then
    echo "### Many files"
    echo
    echo "| run | wall ms | peak MiB | CPU s | plans/s | cores busy |"
    echo "|---|---:|---:|---:|---:|---:|"
    echo "$FOLDER_ROW"
    echo
  fi
  if [ -n "$BIG_ROW" ]; then
    echo "### A 10 MB plan (plan-100x.md followed by three copies of plan-10x.md)"
    echo
    echo "| size | wall s | peak MiB | bound s | exit | within bound |"
    echo "|---|---:|---:|---:|---:|---|"
    echo "$BIG_ROW"
    echo
  fi
  if [ -n "$DENSE_ROW" ]; then
    echo "### A dense 30,000-character plan (the samples one after the other, cut at 30,000 characters)"
    echo
    echo "| size | wall ms (report) | wall ms (JSON) | peak MiB | bound ms | within bound |"
    echo "|---|---:|---:|---:|---:|---|"
    echo "$DENSE_ROW"
    echo
  fi
  for k in "${!SKIP[@]}"; do echo "Skipped: $k — ${SKIP[$k]}."; done
}
if [ -n "${OUT:-}" ]; then
  report | tee "$OUT"
else
  report
fi
exit $STATUS

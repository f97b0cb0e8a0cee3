#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs from the repository (samples, Word fixtures,
# rule files). Run from anywhere; existing corpus files are kept.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mk() { mkdir -p "corpus/$1"; }
for t in lint_markdown profile rule_file docx_read export; do mk "$t"; done
cp "$root"/samples/*.md "$root"/samples/drafted/*.md "$root"/tests/word/*.md corpus/lint_markdown/
cp "$root"/samples/*.md "$root"/samples/drafted/*.md "$root"/tests/word/*.md corpus/export/
cp "$root"/samples/*.toml corpus/profile/
cp "$root"/tests/word/*.docx corpus/docx_read/
# User rule files must not reuse a built-in id: the seeds get a `user-` prefix.
for f in "$root"/lints/*.toml; do
    id=$(basename "$f" .toml)
    sed "s/^id = \"$id\"/id = \"user-$id\"/" "$f" > "corpus/rule_file/user-$id.toml"
done
# A few fixture passages (short inputs mutate faster).
fixtures=("$root"/tests/fixtures/*/*.md)
for f in "${fixtures[@]:0:60}"; do
    cp "$f" "corpus/lint_markdown/fixture-$(basename "$(dirname "$f")")-$(basename "$f")"
done
# Exported samples for the .docx reader, when callplan is built.
bin=$root/target/release/callplan; [ -x "$bin" ] || bin=$root/target/debug/callplan
if [ -x "$bin" ]; then
    for f in "$root"/samples/*-plan.md; do
        "$bin" export "$f" -o "corpus/docx_read/$(basename "$f" .md).docx" --force >/dev/null 2>&1 || true
    done
fi
echo "seeded: $(for t in corpus/*; do printf '%s=%s ' "$(basename "$t")" "$(ls "$t" | wc -l)"; done)"

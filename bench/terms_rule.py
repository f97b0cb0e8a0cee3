#!/usr/bin/env python3
"""Turns the peer benchmark's term list (terms.tsv, written by gen_plan_md.py next to prh.yml)
into one callplan rule file, so that `callplan lint --rules DIR` and textlint + prh look for the
same terms. The rule reports every occurrence (literal = true: no judgement of the sentence),
as prh does.

Usage: terms_rule.py TERMS_TSV OUT_DIR    (writes OUT_DIR/house-terms.toml)
"""
import json
import os
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    terms, patterns = [], []
    with open(sys.argv[1], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[2] not in ("literal", "regex"):
                print(f"{sys.argv[1]}:{n}: expected `term<TAB>replacement<TAB>literal|regex`", file=sys.stderr)
                return 2
            term, _, kind = parts
            if kind == "literal":
                terms.append(term)
            else:
                patterns.append(term.strip("/"))
    os.makedirs(sys.argv[2], exist_ok=True)
    # TOML basic strings share JSON's escapes for everything that occurs here.
    q = json.dumps
    out = [
        'id = "house-terms"',
        'category = "completeness"',
        'severity = "warning"',
        'clause = "doc81.entry.licence"',
        'message = "用语不规范：“{found}”"',
        'help = "按本单位用语表改写。"',
        "",
        "[check]",
        'kind = "phrase"',
        "literal = true",
        "terms = [" + ", ".join(q(t, ensure_ascii=False) for t in terms) + "]",
        "patterns = [" + ", ".join(q(p, ensure_ascii=False) for p in patterns) + "]",
        "",
        "[docs]",
        'what = "本单位用语表中的不规范用语（基准测试用，与 prh 的规则表相同）。"',
        'why = "与 textlint + prh 对照时两者查找同一组用语。"',
        "bad = " + q(f"本项目{terms[0]}。", ensure_ascii=False) if terms else 'bad = ""',
        'good = "本项目按计划推进。"',
        "",
    ]
    path = os.path.join(sys.argv[2], "house-terms.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

//! Property tests of the pieces with invariants: offsets and line/column positions convert
//! both ways, clauses cover the text exactly, folding maps back into the original, and the
//! negation judgement does not change when spaces or full-width/half-width punctuation
//! variants are put into a sentence.

use crate::common;

use callplan::markdown;
use callplan::source::{LineIndex, SourceFile};
use callplan::text::{Folded, Segments, split_clauses};
use common::{ids, lint_fragment};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// `cases` cases; failures are kept in `tests/properties.proptest-regressions` and replayed first
/// (the default place would be a folder beside `tests/main.rs`'s parent).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

/// Text mixing Han, Latin, digits, punctuation of both widths and every kind of line end.
fn plan_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "本公司",
        "不开展",
        "电话营销",
        "，",
        "。",
        "；",
        "、",
        "：",
        ",",
        ".",
        ";",
        " ",
        "\u{3000}",
        "\n",
        "\r\n",
        "\r",
        "95123",
        "SIP",
        "Ａ",
        "１",
        "“",
        "”",
        "（",
        "）",
        "|",
        "#",
        "-",
        "坐席120席",
        "😀",
        "é",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config(if cfg!(debug_assertions) { 64 } else { 512 }))]

    #[test]
    fn offsets_round_trip_through_line_and_column(text in plan_text()) {
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let at = index.line_col(&text, offset);
            prop_assert!(at.line >= 1 && at.column >= 1);
            prop_assert_eq!(index.offset(&text, at), Some(offset), "{:?} at {}", text, offset);
        }
    }

    #[test]
    fn clauses_and_separators_cover_the_text_exactly(text in plan_text()) {
        let clauses = split_clauses(&text);
        let mut at = 0;
        for r in &clauses {
            prop_assert!(r.start >= at && r.start <= r.end && r.end <= text.len());
            // Between two clauses there is exactly one separator character.
            if r.start > at {
                let sep = &text[at..r.start];
                prop_assert_eq!(sep.chars().count(), 1, "{:?}", sep);
            }
            at = r.end;
        }
        prop_assert_eq!(at, text.len());

        let folded = Folded::new(&text);
        let segments = Segments::new(&folded.text);
        let parts = segments.clauses();
        prop_assert_eq!(parts.first().map(|r| r.start), Some(0));
        prop_assert_eq!(parts.last().map(|r| r.end), Some(folded.text.len()));
        for w in parts.windows(2) {
            prop_assert!(w[0].end <= w[1].start);
        }
    }

    #[test]
    fn folded_offsets_map_into_the_original(text in plan_text()) {
        let folded = Folded::new(&text);
        for (i, _) in folded.text.char_indices() {
            let o = folded.origin_of(i);
            prop_assert!(o < text.len() && text.is_char_boundary(o), "{:?} {} -> {}", text, i, o);
        }
    }
}

/// Sentences whose verdict is known: `true` = a violation fires, `false` = stays quiet.
const SENTENCES: &[(&str, bool)] = &[
    ("本公司不开展电话营销，平台以受理用户主动呼入为主。", false),
    ("严禁坐席使用手机号码外呼，也不得修改主叫号码。", false),
    ("平台主要承接保险产品的电话营销项目。", true),
    ("外呼统一使用13812345678作为主叫号码。", true),
    (
        "我们不从线路商购买线路，中继由中国电信杭州分公司提供。",
        false,
    ),
    ("系统支持AI机器人外呼和预测式外呼。", true),
    (
        "依据81号文，呼叫中心不得提供商业营销类电话呼出服务。",
        false,
    ),
];

/// Variants a typist produces: ASCII spaces between characters, and half-width commas and
/// semicolons for full-width ones (or the reverse).
fn variant(sentence: &'static str) -> impl Strategy<Value = String> {
    let chars: Vec<char> = sentence.chars().collect();
    let n = chars.len();
    (prop::collection::vec(any::<bool>(), n), any::<bool>()).prop_map(move |(spaces, swap)| {
        let mut out = String::new();
        for (c, space) in chars.iter().zip(&spaces) {
            let c = match (*c, swap) {
                ('，', true) => ',',
                ('；', true) => ';',
                (c, _) => c,
            };
            out.push(c);
            // Spaces only between Han characters, where authors leave stray ones.
            if *space && callplan::text::is_cjk(c) {
                out.push(' ');
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(config(if cfg!(debug_assertions) { 24 } else { 128 }))]

    #[test]
    fn the_verdict_survives_spaces_and_punctuation_variants(
        (index, text) in (0..SENTENCES.len()).prop_flat_map(|i| (Just(i), variant(SENTENCES[i].0)))
    ) {
        let (original, fires) = SENTENCES[index];
        let base = ids(&lint_fragment(original));
        prop_assert_eq!(!base.is_empty(), fires, "baseline of {:?}: {:?}", original, base);
        let got = ids(&lint_fragment(&text));
        prop_assert_eq!(got, base, "{:?}", text);
    }
}

/// Pieces of Markdown that meet at the places where a large plan may be cut for parsing in
/// parts: headings after blank lines, and the blocks that may hide one (fenced code, HTML blocks
/// with an end marker, lists, quotes, tables, definitions that reach across the file).
const PIECES: &[&str] = &[
    "# 一、总则",
    "## （一）现状与问题",
    "### 1. 坐席规模",
    "本公司不开展电话营销，呼叫中心只受理呼入。",
    "第二段\n紧接着的行",
    "- 列表项\n- 第二项\n\n  列表中的段落",
    "1. 有序\n2. 第二",
    "> 引用\n> # 引用中的标题",
    "```\n# 代码中的标题\n\n# 还是代码\n```",
    "~~~~\n\n# 波浪线围栏\n~~~~",
    "  ```text\n\n# 缩进围栏\n  ```",
    "<!-- 注释\n\n# 注释中的标题\n-->",
    "<!-- callplan-disable-next-line bf-telemarketing -->",
    "<pre>\n\n# 预格式中的标题\n</pre>",
    "<div>\n块",
    "| 项目 | 说明 |\n|---|---|\n| 坐席 | 50 |",
    "    缩进代码",
    "[链接][ref] 与脚注[^1]",
    "---",
    "***加粗斜体***",
    "- 嵌套\n    ```\n\n# 列表里的围栏后\n    ```",
    "#没有空格",
    "###### 六级",
    "####### 七个井号",
    "\t# 制表缩进",
    "",
];

proptest! {
    #![proptest_config(config(if cfg!(debug_assertions) { 256 } else { 1024 }))]

    /// A plan parsed in parts gives the same document as parsed whole.
    #[test]
    fn parts_parse_like_the_whole(
        front in any::<bool>(),
        picks in proptest::collection::vec((0..PIECES.len(), any::<bool>()), 0..40),
        parts in 2usize..6,
    ) {
        let mut text = String::new();
        if front {
            text.push_str("---\ntitle: 方案\n---\n");
        }
        for (i, gap) in picks {
            text.push_str(PIECES[i]);
            text.push_str(if gap { "\n\n" } else { "\n" });
        }
        let file = SourceFile::new("t.md", text);
        let whole = format!("{:?}", markdown::parse_in_parts(&file, 1));
        let split = format!("{:?}", markdown::parse_in_parts(&file, parts));
        prop_assert_eq!(whole, split);
    }
}

/// Link reference and footnote definitions reach across the file: it is parsed whole.
#[test]
fn definitions_keep_a_file_whole() {
    let body = "# 一、总则\n\n见[附件][a]与脚注[^1]。\n\n".repeat(20);
    for defs in ["[a]: https://example.com\n", "[^1]: 脚注内容\n"] {
        let file = SourceFile::new("t.md", format!("{body}{defs}"));
        let whole = format!("{:?}", markdown::parse_in_parts(&file, 1));
        assert_eq!(whole, format!("{:?}", markdown::parse_in_parts(&file, 3)));
    }
}

/// The samples and rule fixtures parse the same whole and in parts.
#[test]
fn samples_parse_in_parts_like_the_whole() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("samples"), root.join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 20, "{files:?}");
    for path in files {
        let file = SourceFile::new(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        );
        let whole = format!("{:?}", markdown::parse_in_parts(&file, 1));
        for parts in 2..5 {
            let split = format!("{:?}", markdown::parse_in_parts(&file, parts));
            assert_eq!(whole, split, "{} in {parts} parts", path.display());
        }
    }
}

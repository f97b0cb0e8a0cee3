//! No panic on any input: empty text, binary junk, deep nesting, huge tables, very long lines.

use crate::common;

use callplan::lint::Mode;
use common::lint_with;

fn lint_both(text: &str) {
    lint_with(text, Mode::Document, Default::default());
    lint_with(text, Mode::Fragment, Default::default());
}

#[test]
fn empty_and_whitespace() {
    for t in [
        "",
        " ",
        "\n\n\n",
        "\r\n",
        "\u{feff}",
        "---\n---\n",
        "---\n",
        "|",
        "| |\n|-|\n",
    ] {
        lint_both(t);
    }
}

#[test]
fn deeply_nested_lists_and_quotes() {
    let mut list = String::new();
    for depth in 0..300 {
        list.push_str(&" ".repeat(depth * 2));
        list.push_str("- 电话营销、不开展催收\n");
    }
    lint_both(&list);
    lint_both(&format!("{}严禁电话营销\n", ">".repeat(5000)));
    lint_both(&format!(
        "{}电话营销{}",
        "**".repeat(2000),
        "**".repeat(2000)
    ));
    lint_both(&"[".repeat(10_000));
}

#[test]
fn huge_table() {
    let cols = 24;
    let mut t = format!(
        "|{}\n|{}\n",
        " 禁止事项 |".repeat(cols),
        "---|".repeat(cols)
    );
    for r in 0..150 {
        t.push('|');
        for c in 0..cols {
            t.push_str(&format!(" 电话营销{r}-{c} 坐席{c}席 |"));
        }
        t.push('\n');
    }
    lint_both(&t);
}

#[test]
fn long_lines_and_many_numbers() {
    lint_both(&"外呼".repeat(10_000));
    lint_both(&"13812345678、".repeat(4_000));
    lint_both(&"保存15天，".repeat(4_000));
    lint_both(&format!("# {}\n", "标题".repeat(20_000)));
}

#[test]
fn arbitrary_text() {
    // A deterministic pseudo-random mix of Han, punctuation, digits, Markdown syntax and controls.
    let alphabet: Vec<char> = "营销外呼不得严禁否无、，。；：|-*#>`[]()!\n\t 0123456789xX95400中国电信SIP《》“”\u{3000}\u{ff21}\r~_".chars().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..200 {
        let mut s = String::new();
        for _ in 0..400 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        lint_both(&s);
    }
}

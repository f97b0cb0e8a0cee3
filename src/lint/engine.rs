//! The matching engine: every term of every data rule, every context word and every signal word in
//! one Aho-Corasick automaton, run once over each block; numbers and periods found with one regex
//! each. Each hit is judged in its clause by [`Language::judge`].

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

// Phrase-rule patterns use regex-lite: it compiles in microseconds (start-up dominates small
// plans), and each pattern is only tried near its literals: anchored where one of its start
// literals occurs, or in the sentence part that holds one of its end literals.
use regex_lite::Regex;

use super::facts::{Facts, GATE_LISTS, Gates};
use super::language::{Judgement, Language, SignalTable, View, flag};
use super::numbers::{
    find_numbers, find_type_words, may_have_numbers, may_have_type_words, role_from_cues, role_of,
};
use super::periods::{find_periods, may_have_periods};
use super::schema::{Check, Context, Scope, Signal};
use super::{Finding, Mode, RuleSet};
use crate::markdown::{Block, BlockKind, Document};
use crate::source::{SourceFile, TextRange};
use crate::text::{Boundary, Folded, Segments, WordSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Which {
    Requires,
    Unless,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Term(usize),
    ComboTerm(usize, usize),
    ComboWith(usize, usize),
    ComboUnless(usize, usize),
    Exclude(usize),
    Group(usize, usize),
    Context(usize, Which),
    Subject(usize),
    Signal(Signal),
    SignalExclude,
}

/// The compiled form of all rules.
pub(crate) struct Matcher {
    /// The folded terms, then the pattern literals that are no term.
    words: WordSet,
    /// Byte length of the longest term.
    longest: usize,
    /// What each pattern of `ac` stands for as a term (empty for a pattern literal only).
    targets: Vec<Vec<Target>>,
    /// Phrase-rule regular expressions.
    pub(crate) patterns: Vec<PhrasePattern>,
    /// For each pattern of `ac`, the phrase-rule patterns that it is a literal of: every match
    /// of a pattern contains one of its literals, so a block only tries a pattern near them.
    trigger_patterns: Vec<Vec<usize>>,
    /// Patterns without such literals, tried everywhere.
    untriggered: Vec<usize>,
    context_regex: HashMap<(usize, Which), Regex>,
    pub(crate) group_regex: Vec<GroupRegex>,
    /// For each word of `words`, the group regexes that it is a trigger literal of.
    group_triggers: Vec<Vec<usize>>,
    /// For each word of `words`, the gate lists of the figure reader that it is a word of
    /// (see [`Gates`]).
    fact_gates: Vec<Gates>,
    retention_min: HashMap<usize, u32>,
}

/// The regex of a `require` group, searched in each block until the group is satisfied.
pub(crate) struct GroupRegex {
    rule: usize,
    group: usize,
    pub(crate) source: String,
    /// Whether it has trigger literals (see [`Matcher::group_triggers`]): it is then tried only
    /// in blocks where one of them occurs, since every match contains one.
    pub(crate) gated: bool,
    /// The full regex engine (it searches fast), compiled on first use: that takes a few
    /// hundred microseconds, a noticeable share of a small plan's run, and a gated regex is
    /// often never tried.
    compiled: OnceLock<Option<regex::Regex>>,
}

impl GroupRegex {
    /// The compiled regex. The syntax was checked when the rules were loaded; `None` (it then
    /// matches nowhere) only if the engine refuses a valid pattern, as for exceeding its size
    /// limit.
    pub(crate) fn regex(&self) -> Option<&regex::Regex> {
        self.compiled
            .get_or_init(|| regex::Regex::new(&self.source).ok())
            .as_ref()
    }
}

/// Words that mark a context word as absent (`未经用户同意`).
const ABSENCE: &[&str] = &[
    "未经",
    "未征得",
    "无需",
    "无须",
    "不需",
    "不需要",
    "不经",
    "未取得",
    "不必",
    "未获",
    "没有经过",
    "无",
    "不",
    "未",
];

/// Verbs that make a period a retention period.
const RETENTION_VERBS: &[&str] = &[
    "保存",
    "保留",
    "留存",
    "存储",
    "存档",
    "保管",
    "存放",
    "储存",
    "清理",
    "删除",
    "覆盖",
    "归档",
    "留档",
    "存留",
    "销毁",
    "只留",
    "仅留",
    "留一",
    "保存期",
];

/// The terms collected from the rules: each distinct folded term once, with what it stands for.
#[derive(Default)]
struct Terms<'a> {
    /// Folded words: the terms, and the pattern literals that are no term.
    words: Vec<String>,
    /// What each word stands for as a term (empty for a pattern literal only).
    targets: Vec<Vec<Target>>,
    /// For each word, the phrase-rule patterns that it is a literal of.
    triggers: Vec<Vec<usize>>,
    /// For each word, the group regexes that it is a literal of.
    group_triggers: Vec<Vec<usize>>,
    /// For each word, the figure reader's gate lists that it is a word of.
    fact_gates: Vec<Gates>,
    index: HashMap<String, usize>,
    /// Word of each term as written (`None`: it folds to nothing). Word lists recur in many
    /// rules; each word is folded and looked up once.
    by_term: HashMap<&'a str, Option<usize>>,
}

impl<'a> Terms<'a> {
    fn word(&mut self, folded: String) -> usize {
        match self.index.get(&folded) {
            Some(&i) => i,
            None => {
                self.index.insert(folded.clone(), self.words.len());
                self.words.push(folded);
                self.targets.push(Vec::new());
                self.triggers.push(Vec::new());
                self.group_triggers.push(Vec::new());
                self.fact_gates.push(Gates::default());
                self.words.len() - 1
            }
        }
    }

    fn add(&mut self, term: &'a str, target: Target) {
        let i = match self.by_term.get(term) {
            Some(&i) => i,
            None => {
                let folded = Folded::new(term).text;
                let i = (!folded.is_empty()).then(|| self.word(folded));
                self.by_term.insert(term, i);
                i
            }
        };
        if let Some(i) = i
            && !self.targets[i].contains(&target)
        {
            self.targets[i].push(target);
        }
    }

    /// The literals of the phrase-rule patterns join the terms in one automaton: a block is
    /// searched once for both.
    fn add_literals(&mut self, literals: Vec<String>, owners: Vec<Vec<usize>>) {
        for (literal, owners) in literals.into_iter().zip(owners) {
            let i = self.word(literal);
            self.triggers[i].extend(owners);
        }
    }
}

impl Matcher {
    /// Compiles the checks of a rule set, whose first `builtin` checks are those of the built-in
    /// rules. The words of the built-in rules and of the signal tables come first, so that their
    /// automaton is the one stored at build time (see [`WordSet::with_stored`]).
    pub(crate) fn new<'a>(
        checks: &'a [Check],
        builtin: usize,
        signals: &'a SignalTable,
    ) -> Result<Self, String> {
        let expand = |term: &'a str| -> Result<Vec<&'a str>, String> {
            match (term.strip_prefix('@'), signals.word_list(term)) {
                (None, _) => Ok(vec![term]),
                (Some(_), Some(list)) => Ok(list.iter().map(String::as_str).collect()),
                (Some(other), None) => Err(format!(
                    "未知的词表引用 `@{other}`（可用：@operators、@outbound、@cloud、@clients）"
                )),
            }
        };
        let mut terms = Terms::default();
        let mut context_regex = HashMap::new();
        let mut group_regex = Vec::new();
        let mut retention_min = HashMap::new();
        let mut compiled = Vec::new();
        let mut untriggered = Vec::new();
        let builtin = builtin.min(checks.len());
        for (n, stage) in [0..builtin, builtin..checks.len()].into_iter().enumerate() {
            let first_stage = n == 0;
            let mut regexes: Vec<(usize, String)> = Vec::new();
            let mut group_literals: Vec<(String, usize)> = Vec::new();
            for rule in stage {
                let check = &checks[rule];
                let mut add = |term: &'a str, target: Target| terms.add(term, target);
                let mut contexts = |ctx: &'a Option<Context>,
                                    which: Which,
                                    add: &mut dyn FnMut(&'a str, Target)|
                 -> Result<(), String> {
                    if let Some(ctx) = ctx {
                        for t in &ctx.any {
                            for term in expand(t)? {
                                add(term, Target::Context(rule, which));
                            }
                        }
                        if let Some(re) = &ctx.regex {
                            context_regex
                                .insert((rule, which), Regex::new(re).map_err(|e| e.to_string())?);
                        }
                    }
                    Ok(())
                };
                match check {
                    Check::Phrase {
                        terms,
                        combos,
                        patterns: pats,
                        exclude,
                        requires,
                        unless,
                        ..
                    } => {
                        for t in terms {
                            for term in expand(t)? {
                                add(term, Target::Term(rule));
                            }
                        }
                        for (c, combo) in combos.iter().enumerate() {
                            for t in &combo.any {
                                for term in expand(t)? {
                                    add(term, Target::ComboTerm(rule, c));
                                }
                            }
                            for t in &combo.with {
                                for term in expand(t)? {
                                    add(term, Target::ComboWith(rule, c));
                                }
                            }
                            for t in &combo.unless {
                                add(t, Target::ComboUnless(rule, c));
                            }
                        }
                        for pat in pats {
                            regexes.push((rule, pat.clone()));
                        }
                        for t in exclude {
                            add(t, Target::Exclude(rule));
                        }
                        contexts(requires, Which::Requires, &mut add)?;
                        contexts(unless, Which::Unless, &mut add)?;
                    }
                    Check::Number {
                        requires, unless, ..
                    } => {
                        contexts(requires, Which::Requires, &mut add)?;
                        contexts(unless, Which::Unless, &mut add)?;
                    }
                    Check::Retention { subjects, min_days } => {
                        for s in subjects {
                            add(s, Target::Subject(rule));
                        }
                        retention_min.insert(rule, *min_days);
                    }
                    Check::Require {
                        groups,
                        alternative,
                        ..
                    } => {
                        for t in alternative {
                            add(t, Target::Group(rule, usize::MAX));
                        }
                        for (g, group) in groups.iter().enumerate() {
                            for t in &group.any {
                                for term in expand(t)? {
                                    add(term, Target::Group(rule, g));
                                }
                            }
                            if let Some(re) = &group.regex {
                                let k = group_regex.len();
                                // Parsing for the literals also checks the syntax (those of
                                // the built-in rules were worked out by build.rs).
                                let literals = literals_of(re)?.map(|(l, _)| l);
                                group_regex.push(GroupRegex {
                                    rule,
                                    group: g,
                                    source: re.clone(),
                                    gated: literals.is_some(),
                                    compiled: OnceLock::new(),
                                });
                                group_literals
                                    .extend(literals.into_iter().flatten().map(|l| (l, k)));
                            }
                        }
                    }
                    Check::Builtin { .. } => {}
                }
            }
            if first_stage {
                for (signal, words) in [
                    (Signal::Outbound, &signals.outbound),
                    (Signal::Cloud, &signals.cloud),
                    (Signal::Clients, &signals.clients),
                ] {
                    for w in words {
                        terms.add(w, Target::Signal(signal));
                    }
                }
                for w in &signals.outbound_exclude {
                    terms.add(w, Target::SignalExclude);
                }
                // The gate words of the figure reader, found in the same pass.
                for (k, list) in GATE_LISTS.iter().enumerate() {
                    for w in *list {
                        let i = terms.word((*w).to_owned());
                        terms.fact_gates[i].0 |= 1 << k;
                    }
                }
            }
            for (l, k) in group_literals {
                let i = terms.word(l);
                terms.group_triggers[i].push(k);
            }
            let (c, literals, owners, u) = compile_patterns(&regexes, compiled.len())?;
            compiled.extend(c);
            untriggered.extend(u);
            terms.add_literals(literals, owners);
        }
        let longest = terms
            .words
            .iter()
            .zip(&terms.targets)
            .filter(|(_, t)| !t.is_empty())
            .map(|(w, _)| w.len())
            .max()
            .unwrap_or(0);
        let words = WordSet::with_stored(
            terms.words,
            super::load::STORED_TERMS,
            super::load::STORED_TERMS_AUTOMATON,
        )?;
        Ok(Self {
            words,
            patterns: compiled,
            longest,
            targets: terms.targets,
            trigger_patterns: terms.triggers,
            untriggered,
            context_regex,
            group_regex,
            group_triggers: terms.group_triggers,
            fact_gates: terms.fact_gates,
            retention_min,
        })
    }

    /// The words of the term automaton.
    #[cfg(test)]
    pub(crate) fn words(&self) -> &WordSet {
        &self.words
    }

    /// The sources of the phrase patterns that do not compile (compiling every one of them).
    #[cfg(test)]
    pub(crate) fn broken_patterns(&self) -> Vec<&str> {
        self.patterns
            .iter()
            .filter(|p| p.re().is_none())
            .map(|p| p.source.as_str())
            .collect()
    }

    /// The figure reader's gate lists that have a word in a folded text, as a block's pass
    /// finds them.
    #[cfg(test)]
    pub(crate) fn gates_of(&self, text: &str) -> Gates {
        Gates(
            self.words
                .occurrences(text)
                .fold(0, |m, (i, _)| m | self.fact_gates[i].0),
        )
    }
}

/// The trigger literals of a pattern or group regex (see [`super::literals`]), with whether they
/// are prefixes; those of the built-in rules were worked out by build.rs.
fn literals_of(src: &str) -> Result<Option<(Vec<String>, bool)>, String> {
    literals_from(src, stored_literals(src))
}

/// [`literals_of`] with the stored lookup already made.
fn literals_from(
    src: &str,
    stored: Option<super::load::StoredTriggers>,
) -> Result<Option<(Vec<String>, bool)>, String> {
    match stored {
        Some(lits) => {
            Ok(lits.map(|(l, prefix)| (l.iter().map(|x| (*x).to_owned()).collect(), prefix)))
        }
        None => super::literals::triggers(src),
    }
}

/// What build.rs stored for a built-in pattern; `None` for any other pattern.
fn stored_literals(src: &str) -> Option<super::load::StoredTriggers> {
    super::load::PATTERN_LITERALS
        .iter()
        .find(|(p, _)| *p == src)
        .map(|(_, lits)| *lits)
}

/// A phrase-rule pattern, compiled when a block first needs it: most plans trigger only a few of
/// the built-in patterns, and compiling all of them took a tenth of a small plan's run.
pub(crate) struct PhrasePattern {
    pub(crate) rule: usize,
    /// The regex as compiled (`^(?:…)` when anchored).
    source: String,
    /// `None` if it does not compile: only a built-in pattern is compiled late, and a test
    /// compiles every one of them.
    re: OnceLock<Option<Regex>>,
    /// Whether every match starts with one of its trigger literals and `re` is anchored at the
    /// start of the text (`^(?:…)`): it is then tried only where a literal starts, on the text
    /// from there to the end of the sentence part, and gives up at the first character that
    /// cannot continue the match, instead of searching the rest of the part.
    pub(crate) anchored: bool,
}

impl PhrasePattern {
    /// The compiled regex (compiled on first use).
    pub(crate) fn re(&self) -> Option<&Regex> {
        self.re
            .get_or_init(|| Regex::new(&self.source).ok())
            .as_ref()
    }
}

/// Longest sentence part (bytes) in which anchored phrase patterns are tried at their literals.
const ANCHORED_PART_MAX: usize = 2048;

/// Whether a pattern may test its surroundings (`^`, `$`, `\b`, `\B`, `\A`, `\z`): cut
/// at a literal, the text would then not be what the pattern sees. Any `^` other than that of
/// a negated class counts.
fn may_look_around(src: &str) -> bool {
    let bytes = src.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        (b == b'^' && (i == 0 || bytes[i - 1] != b'['))
            || b == b'$'
            || (b == b'\\' && matches!(bytes.get(i + 1), Some(b'b' | b'B' | b'A' | b'z')))
    })
}

/// The compiled phrase-rule patterns, their literals, which patterns each literal belongs to,
/// and the patterns with no literals.
type CompiledPatterns = (Vec<PhrasePattern>, Vec<String>, Vec<Vec<usize>>, Vec<usize>);

/// Compiles phrase-rule patterns, and finds literals one of which every match of a pattern
/// contains: its possible starts or ends, whichever are the more selective (`与…合作方共享` is
/// found through `共享`, not through `与`). Pattern `i` of `sources` is numbered `offset + i`.
fn compile_patterns(
    sources: &[(usize, String)],
    offset: usize,
) -> Result<CompiledPatterns, String> {
    let mut compiled = Vec::with_capacity(sources.len());
    let mut literals: Vec<String> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    let mut untriggered = Vec::new();
    for (i, (rule, src)) in sources.iter().enumerate() {
        let stored = stored_literals(src);
        let built_in = stored.is_some();
        let triggers = literals_from(src, stored)?;
        let anchored =
            triggers.as_ref().is_some_and(|(_, prefix)| *prefix) && !may_look_around(src);
        let source = if anchored {
            format!("^(?:{src})")
        } else {
            src.clone()
        };
        // A user's pattern is compiled now, so that a broken one is reported when the rules
        // are loaded; a built-in one (checked by build.rs and the tests) when first needed.
        let re = OnceLock::new();
        if !built_in {
            let _ = re.set(Some(Regex::new(&source).map_err(|e| e.to_string())?));
        }
        compiled.push(PhrasePattern {
            rule: *rule,
            source,
            re,
            anchored,
        });
        match triggers.map(|(l, _)| l) {
            Some(lits) => {
                for l in lits {
                    match literals.iter().position(|x| *x == l) {
                        Some(k) => owners[k].push(offset + i),
                        None => {
                            literals.push(l);
                            owners.push(vec![offset + i]);
                        }
                    }
                }
            }
            None => untriggered.push(offset + i),
        }
    }
    Ok((compiled, literals, owners, untriggered))
}

/// A paragraph written as a heading without Markdown heading syntax: short, no sentence
/// punctuation, and opening like a chapter (`第七章 …`, `四、…`, `附录B …`, `3.2 …`) or bold as a
/// whole. Such lines name topics (`转租转售风险控制`); they do not state them.
pub(crate) fn looks_like_heading(block: &Block) -> bool {
    if block.kind != BlockKind::Paragraph {
        return false;
    }
    let t = block.text.trim();
    // More than 160 bytes are more than 40 characters: no need to count them.
    if t.is_empty()
        || t.len() > 160
        || t.chars().count() > 40
        || t.contains(['。', '；', '，', '！', '？', ',', ';'])
    {
        return false;
    }
    let all_bold = block.spans.iter().any(|s| {
        s.style == crate::markdown::SpanStyle::Bold && s.range.start == 0 && s.range.end >= t.len()
    });
    let numerals = "一二三四五六七八九十";
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    let chapter = match first {
        '第' => ["章", "节", "部分", "篇", "条"]
            .iter()
            .any(|w| t.contains(w)),
        '（' | '(' => chars
            .next()
            .is_some_and(|c| numerals.contains(c) || c.is_ascii_digit()),
        '附' => t.starts_with("附件") || t.starts_with("附录") || t.starts_with("附表"),
        c if numerals.contains(c) => t[c.len_utf8()..].starts_with('、'),
        c if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            rest.len() < t.len()
                && (rest.starts_with(' ')
                    || rest.starts_with('、')
                    || t[..t.len() - rest.len()].contains('.'))
        }
        _ => false,
    };
    all_bold || chapter
}

/// Whether a verb is followed, within a few characters of its clause, by a recipient that is an
/// agent (`分配给坐席`, `转接给值班人员`): the verb then routes a call.
fn routes_to_agent(
    text: &str,
    cues: &[super::language::Cue],
    seg: &Segments,
    verb: &Range<usize>,
) -> bool {
    let clause = seg.near(text, verb.clone(), Boundary::Clause);
    let a = cues.partition_point(|c| c.start < verb.end);
    cues[a..]
        .iter()
        .take_while(|c| c.end <= clause.end && text[verb.end..c.start].chars().count() <= 4)
        .any(|c| c.flags & flag::AGENT != 0)
}

/// Whether a mention satisfies an item of a `require` check.
fn group_counts(j: Judgement, headings: bool, strict: bool) -> bool {
    match j {
        Judgement::Affirmed => true,
        Judgement::Structural => headings,
        Judgement::Negated | Judgement::Prohibited => false,
        Judgement::Quoted | Judgement::Cited | Judgement::Reactive => !strict,
    }
}

/// Folded texts of blocks, and what their cue words say, computed at most once per block: table
/// cells and list items look at their neighbours (row, header, lead-in), which would otherwise be
/// folded and searched again and again.
pub(crate) struct FoldCache {
    texts: Vec<OnceCell<String>>,
    /// Folded text of every cell of a table, joined by `|`.
    tables: Vec<OnceCell<String>>,
    /// [`Language::is_prohibiting`] of a block's folded text, as a lead-in (`[0]`) and as a
    /// label (`[1]`).
    prohibiting: Vec<[OnceCell<bool>; 2]>,
    /// [`Language::is_defining`] of a block's folded text.
    defining: Vec<OnceCell<bool>>,
    /// [`Language::whole_word_flags`] of a block's folded text.
    whole_word: Vec<OnceCell<u64>>,
    /// The role that the cues of a block's folded text give numbers (for header cells).
    role: Vec<OnceCell<Option<super::schema::Role>>>,
}

impl FoldCache {
    pub(crate) fn new(doc: &Document) -> Self {
        let n = doc.blocks.len();
        Self {
            texts: (0..n).map(|_| OnceCell::new()).collect(),
            tables: (0..doc.tables.len()).map(|_| OnceCell::new()).collect(),
            prohibiting: (0..n).map(|_| Default::default()).collect(),
            defining: (0..n).map(|_| OnceCell::new()).collect(),
            whole_word: (0..n).map(|_| OnceCell::new()).collect(),
            role: (0..n).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The role that the cues of a block's folded text give numbers.
    fn role(&self, doc: &Document, lang: &Language, block: usize) -> Option<super::schema::Role> {
        *self.role[block].get_or_init(|| role_from_cues(&lang.cues(self.get(doc, block))))
    }

    /// [`Language::is_prohibiting`] of a block's folded text.
    fn is_prohibiting(&self, doc: &Document, lang: &Language, block: usize, lead_in: bool) -> bool {
        *self.prohibiting[block][usize::from(!lead_in)]
            .get_or_init(|| lang.is_prohibiting(self.get(doc, block), lead_in))
    }

    /// [`Language::is_defining`] of a block's folded text.
    fn is_defining(&self, doc: &Document, lang: &Language, block: usize) -> bool {
        *self.defining[block].get_or_init(|| lang.is_defining(self.get(doc, block)))
    }

    /// [`Language::whole_word_flags`] of a block's folded text.
    fn whole_word_flags(&self, doc: &Document, lang: &Language, block: usize) -> u64 {
        *self.whole_word[block].get_or_init(|| lang.whole_word_flags(self.get(doc, block)))
    }

    /// The folded text of all cells of a table, joined by `|`.
    pub(crate) fn table<'c>(&'c self, doc: &Document, table: usize) -> &'c str {
        self.tables[table].get_or_init(|| {
            let mut out = String::new();
            for row in &doc.tables[table].rows {
                for &b in row {
                    out.push_str(self.get(doc, b));
                    out.push('|');
                }
            }
            out
        })
    }

    pub(crate) fn get<'c>(&'c self, doc: &Document, block: usize) -> &'c str {
        self.texts[block].get_or_init(|| Folded::new(&doc.blocks[block].text).text)
    }

    /// The folded header text of a table column (the header row's cell).
    pub(crate) fn header<'c>(
        &'c self,
        doc: &Document,
        table: usize,
        column: usize,
    ) -> Option<&'c str> {
        let b = *doc.tables[table].rows.first()?.get(column)?;
        Some(self.get(doc, b))
    }
}

/// The other cells of a table cell's row, folded on demand: a row is one statement
/// (`| SIP中继 | 30路 | 中国电信XX分公司 |`), so block-scoped context looks at the whole row.
struct RowText<'c> {
    /// Folded text of the other cells, joined by `|`.
    others: String,
    /// Folded text of the whole table: a table is one statement for block-scoped context
    /// (`| 基础电信企业 | 中国移动四川分公司 |` over `| 中继类型 | SIP中继 |`).
    table: &'c str,
    /// Folded text of the row's first cell and of the column header (labels of the cell).
    label: String,
}

impl<'c> RowText<'c> {
    fn new(doc: &Document, block: &Block, folds: &'c FoldCache) -> Self {
        let Some(cell) = block.cell else {
            return Self {
                others: String::new(),
                table: "",
                label: String::new(),
            };
        };
        let table = &doc.tables[cell.table];
        let mut others = String::new();
        if let Some(row) = table.rows.get(cell.row) {
            for (k, &b) in row.iter().enumerate() {
                if k != cell.column {
                    others.push_str(folds.get(doc, b));
                    others.push('|');
                }
            }
        }
        let mut label = String::new();
        if cell.column > 0
            && let Some(&first) = table.rows.get(cell.row).and_then(|r| r.first())
        {
            label.push_str(folds.get(doc, first));
            label.push('|');
        }
        if cell.row > 0
            && let Some(h) = folds.header(doc, cell.table, cell.column)
        {
            label.push_str(h);
        }
        Self {
            others,
            table: folds.table(doc, cell.table),
            label,
        }
    }

    /// Whether another cell of the row contains one of `words` (`@operators` and the other list
    /// references expanded).
    fn has_any(&self, words: &[String], lang: &Language) -> bool {
        if self.table.is_empty() {
            return false;
        }
        let contains = |w: &String| self.table.contains(Folded::new(w).text.as_str());
        words.iter().any(|w| match lang.word_list(w) {
            Some(list) => list.iter().any(contains),
            None => contains(w),
        })
    }

    fn has_context(&self, ctx: &Context, lang: &Language) -> bool {
        if self.table.is_empty() {
            return false;
        }
        self.has_any(&ctx.any, lang)
            || ctx
                .regex
                .as_deref()
                .and_then(|r| Regex::new(r).ok())
                .is_some_and(|re| re.is_match(self.table))
    }

    /// The retention rule whose subject names this cell's row or column, and whether the labels
    /// speak of keeping (`保存期限`, `留存时间`).
    fn subject(&self, matcher: &Matcher) -> Option<(usize, bool)> {
        if self.label.is_empty() {
            return None;
        }
        let rule = matcher.words.occurrences(&self.label).find_map(|(w, _)| {
            matcher.targets[w].iter().find_map(|t| {
                if let Target::Subject(r) = *t {
                    Some(r)
                } else {
                    None
                }
            })
        })?;
        let keeps = RETENTION_VERBS
            .iter()
            .chain(["期限", "时间", "时长", "周期"].iter())
            .any(|v| self.label.contains(v) || self.others.contains(v));
        Some((rule, keeps))
    }
}

/// A finding that waits for section- or document-wide context.
struct Pending {
    rule: usize,
    block: usize,
    range: TextRange,
    message: String,
    needs_requires: Option<Scope>,
    needs_unless: Option<Scope>,
}

/// State of one run over one document.
pub(crate) struct Pass<'a> {
    pub set: &'a RuleSet,
    pub file: &'a SourceFile,
    pub doc: &'a Document,
    pub enabled: &'a [bool],
    pub mode: Mode,
    pub findings: Vec<Finding>,
    pending: Vec<Pending>,
    presence: HashMap<(usize, Which), Vec<usize>>,
    satisfied: HashMap<(usize, usize), TextRange>,
    pub signals: HashMap<Signal, TextRange>,
    pub facts: Facts,
    /// For `once-defined` rules: where a mention first met its context.
    defined: HashMap<usize, usize>,
    folds: FoldCache,
}

/// Blocks per thread below which one thread does all the work.
const MIN_BLOCKS_PER_THREAD: usize = 64;

/// Splits the blocks of `doc` into at most `parts` runs with about the same amount of prose
/// each (a block costs about its length), as the bounds `b[0] = 0 ≤ b[1] ≤ … ≤ b[n] = blocks`.
/// A short document is one run: below [`MIN_BLOCKS_PER_THREAD`] blocks per run, a thread would
/// cost more than it saves.
pub(crate) fn split(doc: &Document, parts: usize) -> Vec<usize> {
    let threads = parts.min(doc.blocks.len() / MIN_BLOCKS_PER_THREAD).max(1);
    let weight = |b: &Block| {
        if b.kind.is_prose() {
            b.text.len() + 16
        } else {
            0
        }
    };
    let total: usize = doc.blocks.iter().map(weight).sum();
    let mut bounds = vec![0];
    let mut sum = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        if bounds.len() < threads && sum * threads >= total * bounds.len() {
            bounds.push(i);
        }
        sum += weight(b);
    }
    while bounds.len() <= threads {
        bounds.push(doc.blocks.len());
    }
    bounds
}

/// Judges the blocks of one run (see [`split`]); the runs are independent of each other.
pub(crate) fn scan(
    set: &RuleSet,
    file: &SourceFile,
    doc: &Document,
    enabled: &[bool],
    mode: Mode,
    run: Range<usize>,
) -> PassState {
    let mut pass = Pass::new(set, file, doc, enabled, mode);
    for i in run {
        if doc.blocks[i].kind.is_prose() {
            pass.block(i, &doc.blocks[i]);
        }
    }
    pass.into_state()
}

/// Merges the states of all runs, in document order, and runs the whole-document rules.
pub(crate) fn merge(
    set: &RuleSet,
    file: &SourceFile,
    doc: &Document,
    enabled: &[bool],
    mode: Mode,
    states: Vec<PassState>,
) -> Vec<Finding> {
    let mut pass = Pass::new(set, file, doc, enabled, mode);
    for state in states {
        pass.absorb(state);
    }
    pass.finish();
    pass.findings
}

/// What one scan over a run of blocks found, to be merged in document order.
pub(crate) struct PassState {
    findings: Vec<Finding>,
    pending: Vec<Pending>,
    presence: HashMap<(usize, Which), Vec<usize>>,
    satisfied: HashMap<(usize, usize), TextRange>,
    signals: HashMap<Signal, TextRange>,
    facts: Facts,
    defined: HashMap<usize, usize>,
}

impl<'a> Pass<'a> {
    fn new(
        set: &'a RuleSet,
        file: &'a SourceFile,
        doc: &'a Document,
        enabled: &'a [bool],
        mode: Mode,
    ) -> Self {
        Pass {
            set,
            file,
            doc,
            enabled,
            mode,
            findings: Vec::new(),
            pending: Vec::new(),
            presence: HashMap::new(),
            satisfied: HashMap::new(),
            signals: HashMap::new(),
            facts: Facts::default(),
            defined: HashMap::new(),
            folds: FoldCache::new(doc),
        }
    }

    fn into_state(self) -> PassState {
        PassState {
            findings: self.findings,
            pending: self.pending,
            presence: self.presence,
            satisfied: self.satisfied,
            signals: self.signals,
            facts: self.facts,
            defined: self.defined,
        }
    }

    /// Merges the state of a later run of blocks.
    fn absorb(&mut self, state: PassState) {
        self.findings.extend(state.findings);
        self.pending.extend(state.pending);
        for (k, blocks) in state.presence {
            self.presence.entry(k).or_default().extend(blocks);
        }
        for (k, at) in state.satisfied {
            self.satisfied.entry(k).or_insert(at);
        }
        for (k, at) in state.signals {
            self.signals.entry(k).or_insert(at);
        }
        self.facts.absorb(state.facts);
        for (rule, at) in state.defined {
            let first = self.defined.entry(rule).or_insert(at);
            *first = (*first).min(at);
        }
    }
}

impl Pass<'_> {
    fn lang(&self) -> &Language {
        &self.set.language
    }

    /// Whether the block's place in a list or table already says its items are prohibited.
    fn block_context(&self, block: &Block) -> Option<Judgement> {
        let lang = self.lang();
        let mut lead = block.list.and_then(|l| l.lead_in);
        for _ in 0..4 {
            let Some(li) = lead else { break };
            let lead_block = &self.doc.blocks[li];
            // A heading such as `禁止开展的业务` governs its list without a colon.
            if self
                .folds
                .is_prohibiting(self.doc, lang, li, !lead_block.is_heading())
            {
                return Some(Judgement::Prohibited);
            }
            // `术语表：` — the items define words; they state nothing.
            if self.folds.is_defining(self.doc, lang, li) {
                return Some(Judgement::Quoted);
            }
            lead = lead_block.list.and_then(|l| l.lead_in);
        }
        let cell = block.cell?;
        let table = &self.doc.tables[cell.table];
        if let Some(caption) = table.caption
            && self.folds.is_prohibiting(self.doc, lang, caption, true)
        {
            return Some(Judgement::Prohibited);
        }
        if cell.row == 0 {
            return None;
        }
        if table
            .rows
            .first()
            .and_then(|r| r.get(cell.column))
            .is_some_and(|&h| self.folds.is_prohibiting(self.doc, lang, h, false))
        {
            return Some(Judgement::Prohibited);
        }
        let row = table.rows.get(cell.row)?;
        if cell.column > 0
            && let Some(&first) = row.first()
            && self.folds.is_prohibiting(self.doc, lang, first, false)
        {
            return Some(Judgement::Prohibited);
        }
        let answered_no = row
            .iter()
            .filter(|&&b| !std::ptr::eq(&self.doc.blocks[b], block))
            .any(|&b| {
                !self.folds.get(self.doc, b).is_empty()
                    && self.folds.whole_word_flags(self.doc, lang, b) & (flag::CELL | flag::ANSWER)
                        != 0
            });
        answered_no.then_some(Judgement::Negated)
    }

    /// Whether a header cell states what its column holds (`| 委托单位 | 分配号码 |` over rows of
    /// numbers) rather than asking (`是否开展营销外呼`) or naming a topic with no data under it.
    fn header_states(&self, block: &Block) -> bool {
        let Some(cell) = block.cell else { return false };
        let header = self
            .folds
            .get(self.doc, self.doc.tables[cell.table].rows[0][cell.column]);
        const NEUTRAL: &[&str] = &[
            "是否", "有无", "能否", "可否", "情况", "要求", "说明", "措施", "类型", "类别", "名称",
            "项目", "事项", "方式", "风险", "禁止", "严禁",
        ];
        if NEUTRAL.iter().any(|w| header.contains(w)) {
            return false;
        }
        let lang = self.lang();
        self.doc.tables[cell.table]
            .rows
            .iter()
            .skip(1)
            .filter_map(|r| r.get(cell.column))
            .any(|&b| {
                !self.folds.get(self.doc, b).is_empty()
                    && self.folds.whole_word_flags(self.doc, lang, b) & (flag::CELL | flag::ANSWER)
                        == 0
            })
    }

    /// The role a table header gives the numbers of a cell.
    fn header_role(&self, block: &Block, row: &RowText<'_>) -> Option<super::schema::Role> {
        let cell = block.cell?;
        let header = *self.doc.tables[cell.table].rows.first()?.get(cell.column)?;
        self.folds
            .role(self.doc, self.lang(), header)
            .or_else(|| role_from_cues(&self.lang().cues(&row.others)))
    }

    fn block(&mut self, bi: usize, block: &Block) {
        let folded = Folded::new(&block.text);
        if folded.text.is_empty() {
            return;
        }
        let seg = Segments::new(&folded.text);
        let cues = self.lang().cues(&folded.text);
        let view = View::new(&self.set.language, &folded, &seg, &cues);
        let structural = block.is_heading()
            || looks_like_heading(block)
            || (matches!(block.kind, BlockKind::TableCell { header_row: true })
                && !self.header_states(block));
        let context = self.block_context(block);
        let lang = &self.set.language;
        let judge = |r: Range<usize>| -> Judgement {
            if structural {
                Judgement::Structural
            } else if let Some(j) = context {
                j
            } else {
                lang.judge(&view, r)
            }
        };
        let text = &folded.text;
        // `未经用户同意`, `无需用户确认`: a consent word right after an absence marker (a
        // one-character marker only when adjacent, a longer one within four characters).
        let absent = |r: &Range<usize>| {
            let before = &text[..r.start];
            let tail_start = before.char_indices().rev().nth(3).map_or(0, |(i, _)| i);
            let tail = &before[tail_start..];
            ABSENCE.iter().any(|a| {
                if a.chars().count() == 1 {
                    before.ends_with(a)
                } else {
                    tail.contains(a)
                }
            })
        };
        let to_file = |r: Range<usize>| block.source_range(folded.original_range(&block.text, r));

        let matcher = &self.set.matcher;
        let mut hits: Vec<(Range<usize>, Target)> = Vec::new();
        // Where the literals of phrase-rule patterns occur, and the pattern of each.
        let mut starts: Vec<(Range<usize>, usize)> = Vec::new();
        // The group regexes whose trigger literals occur in this block.
        let mut group_seen = vec![false; matcher.group_regex.len()];
        let mut gates = Gates::default();
        // Where the coverage words and national phrases of the figure reader are.
        let mut coverage_hits: Vec<Range<usize>> = Vec::new();
        for (i, range) in matcher.words.occurrences(text) {
            let g = matcher.fact_gates[i];
            if g.0 != 0 {
                gates.0 |= g.0;
                if g.is_coverage() {
                    coverage_hits.push(range.clone());
                }
            }
            for &k in &matcher.group_triggers[i] {
                group_seen[k] = true;
            }
            for &t in &matcher.targets[i] {
                hits.push((range.clone(), t));
            }
            for &p in &matcher.trigger_patterns[i] {
                starts.push((range.clone(), p));
            }
        }
        hits.sort_by_key(|(r, _)| (r.start, r.end));
        let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
        // Hits that may overlap `r`: no term is longer than the longest pattern.
        let near_hits = |r: &Range<usize>| {
            let a = hits.partition_point(|(h, _)| h.start + matcher.longest < r.start);
            let b = hits.partition_point(|(h, _)| h.start < r.end);
            &hits[a..b.max(a)]
        };

        // Context words present in this block (judged, so `未经用户同意` is not consent).
        let mut ctx_hits: Vec<(Range<usize>, usize, Which)> = Vec::new();
        let mut ctx_in_block: std::collections::HashSet<(usize, Which)> =
            std::collections::HashSet::new();
        for (r, t) in &hits {
            if let Target::Context(rule, which) = *t
                && self.enabled[rule]
                && matches!(
                    judge(r.clone()),
                    Judgement::Affirmed | Judgement::Structural
                )
                && !absent(r)
            {
                ctx_hits.push((r.clone(), rule, which));
                ctx_in_block.insert((rule, which));
                let list = self.presence.entry((rule, which)).or_default();
                if list.last() != Some(&bi) {
                    list.push(bi);
                }
            }
        }
        let in_scope = |rule: usize, which: Which, range: Range<usize>| -> bool {
            let whole = range.start == 0 && range.end == text.len();
            let a = ctx_hits.partition_point(|(r, _, _)| r.start < range.start);
            let b = ctx_hits.partition_point(|(r, _, _)| r.start < range.end);
            (if whole {
                ctx_in_block.contains(&(rule, which))
            } else {
                ctx_hits[a..b.max(a)]
                    .iter()
                    .any(|(r, ru, w)| *ru == rule && *w == which && r.end <= range.end)
            }) || matcher
                .context_regex
                .get(&(rule, which))
                .is_some_and(|re| re.is_match(&text[range]))
        };
        let scope_range = |scope: Scope, hit: &Range<usize>| -> Option<Range<usize>> {
            match scope {
                Scope::Clause => Some(seg.near(text, hit.clone(), Boundary::Clause)),
                Scope::Part => Some(seg.near(text, hit.clone(), Boundary::Semicolon)),
                Scope::Sentence => Some(seg.near(text, hit.clone(), Boundary::Sentence)),
                Scope::Block => Some(0..text.len()),
                Scope::Section | Scope::Document => None,
            }
        };

        // Phrase rules: terms, combination words and patterns, judged one by one. A term inside a
        // longer term of another rule gives way to it: `营销外呼` is commercial outbound, not merely
        // outbound; `电销卡` is a number type, not telemarketing.
        let excluded = |rule: usize, r: &Range<usize>| {
            near_hits(r)
                .iter()
                .any(|(er, et)| *et == Target::Exclude(rule) && overlaps(er, r))
        };
        let subsumed = |rule: usize, r: &Range<usize>| {
            near_hits(r).iter().any(|(or, ot)| match *ot {
                Target::Term(other) => {
                    other != rule
                        && self.enabled[other]
                        && or.start <= r.start
                        && r.end <= or.end
                        && or.len() > r.len()
                        && !excluded(other, or)
                }
                _ => false,
            })
        };
        let mut candidates: Vec<(Range<usize>, usize, Option<usize>)> = Vec::new();
        for (r, t) in &hits {
            match *t {
                Target::Term(rule) => candidates.push((r.clone(), rule, None)),
                Target::ComboTerm(rule, c) => candidates.push((r.clone(), rule, Some(c))),
                _ => {}
            }
        }
        // A pattern is tried only in the sentence parts (up to `；`) where one of its literals
        // occurs; patterns cannot reach past `。；`, so nothing is missed. An anchored pattern
        // (see [`PhrasePattern::anchored`]) is tried where its literals start, in text order,
        // skipping those inside its last match in the part: every match starts at one, so this
        // finds the matches that a search of the part finds.
        starts.sort_unstable_by_key(|(at, p)| (*p, at.start));
        let mut tried: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
        // For an anchored pattern in a sentence part: where its last match there ended.
        let mut matched_to: HashMap<(usize, usize), usize> = HashMap::new();
        let everywhere = matcher.untriggered.iter().map(|&p| (0..text.len(), p));
        for (at, p) in starts.into_iter().chain(everywhere) {
            let pattern = &matcher.patterns[p];
            if !self.enabled[pattern.rule] {
                continue;
            }
            let part = if at.len() == text.len() {
                0..text.len()
            } else {
                // The whole sentence part, however long: each part is searched once per pattern.
                seg.window(at.clone(), Boundary::Semicolon)
            };
            // In a long part (a line without sentence punctuation) each anchored try could run to
            // its end, once per literal: one search of the part keeps the cost linear.
            if pattern.anchored && part.len() <= ANCHORED_PART_MAX {
                let to = matched_to.entry((part.start, p)).or_insert(part.start);
                if at.start < *to {
                    continue;
                }
                if let Some(m) = pattern
                    .re()
                    .and_then(|re| re.find(&text[at.start..part.end]))
                    && !m.is_empty()
                {
                    *to = at.start + m.end();
                    candidates.push((at.start + m.start()..*to, pattern.rule, None));
                }
                continue;
            }
            if !tried.insert((part.start, p)) {
                continue;
            }
            let base = part.start;
            let Some(re) = pattern.re() else {
                continue;
            };
            candidates.extend(
                re.find_iter(&text[part])
                    .filter(|m| !m.is_empty())
                    .map(|m| (base + m.start()..base + m.end(), pattern.rule, None)),
            );
        }
        candidates.sort_by_key(|(r, rule, _)| (r.start, std::cmp::Reverse(r.end), *rule));
        // The other cells of a table cell's row, gathered only if a check asks for them.
        let row_text: OnceCell<RowText<'_>> = OnceCell::new();
        let row = || row_text.get_or_init(|| RowText::new(self.doc, block, &self.folds));
        // The last range each rule fired on (candidates come in text order).
        let mut fired: HashMap<usize, Range<usize>> = HashMap::new();
        for (r, rule, combo) in &candidates {
            let (r, rule) = (r, *rule);
            if !self.enabled[rule] || fired.get(&rule).is_some_and(|fr| overlaps(fr, r)) {
                continue;
            }
            if excluded(rule, r) || subsumed(rule, r) {
                continue;
            }
            let Check::Phrase {
                negatable,
                literal,
                requires,
                unless,
                combos,
                once_defined,
                ..
            } = self.set.check(rule)
            else {
                continue;
            };
            if let Some(c) = *combo {
                // `来电由ACD按技能组分配给坐席`: what a transfer verb hands to an agent is a call.
                if routes_to_agent(text, &cues, &seg, r) {
                    continue;
                }
                let spec = &combos[c];
                let Some(range) = scope_range(spec.scope, r) else {
                    continue;
                };
                // The hits of the combination's scope.
                let in_scope = || {
                    let a = hits.partition_point(|(h, _)| h.start < range.start);
                    let b = hits.partition_point(|(h, _)| h.start < range.end);
                    hits[a..b.max(a)]
                        .iter()
                        .filter(|(wr, _)| wr.end <= range.end)
                };
                // The partner word must be affirmed too: in `手机号码…不作为任何对外服务号码` the
                // number is not made a service number.
                let with_affirmed = in_scope().any(|(wr, wt)| {
                    *wt == Target::ComboWith(rule, c)
                        && !matches!(
                            judge(wr.clone()),
                            Judgement::Negated | Judgement::Prohibited
                        )
                });
                let with_ok = with_affirmed
                    || (spec.scope == Scope::Block && row().has_any(&spec.with, lang));
                let unless_hit = in_scope().any(|(_, wt)| *wt == Target::ComboUnless(rule, c))
                    || (spec.scope == Scope::Block && row().has_any(&spec.unless, lang));
                if !with_ok || unless_hit {
                    continue;
                }
            }
            let counts = *literal
                || match judge(r.clone()) {
                    Judgement::Affirmed => true,
                    Judgement::Negated | Judgement::Prohibited | Judgement::Reactive => !negatable,
                    Judgement::Quoted | Judgement::Cited | Judgement::Structural => false,
                };
            if !counts {
                continue;
            }
            let mut deferred_req = None;
            let mut deferred_unless = None;
            if let Some(ctx) = requires {
                match scope_range(ctx.scope, r) {
                    Some(range)
                        if !(in_scope(rule, Which::Requires, range.clone())
                            || ctx.scope == Scope::Block && row().has_context(ctx, lang)) =>
                    {
                        continue;
                    }
                    Some(_) => {}
                    None => deferred_req = Some(ctx.scope),
                }
            }
            if let Some(ctx) = unless {
                match scope_range(ctx.scope, r) {
                    Some(range)
                        if in_scope(rule, Which::Unless, range.clone())
                            || (ctx.scope == Scope::Block && row().has_context(ctx, lang)) =>
                    {
                        if *once_defined {
                            let at = to_file(r.clone()).start;
                            let first = self.defined.entry(rule).or_insert(at);
                            *first = (*first).min(at);
                        }
                        continue;
                    }
                    Some(_) => {}
                    None => deferred_unless = Some(ctx.scope),
                }
            }
            fired.insert(rule, r.clone());
            let range = to_file(r.clone());
            let message = self.render(rule, range);
            if deferred_req.is_some() || deferred_unless.is_some() {
                self.pending.push(Pending {
                    rule,
                    block: bi,
                    range,
                    message,
                    needs_requires: deferred_req,
                    needs_unless: deferred_unless,
                });
            } else {
                self.findings.push(Finding {
                    rule,
                    range,
                    message,
                    note: None,
                });
            }
        }

        // Groups of `require` rules, and signals.
        for (r, t) in &hits {
            match *t {
                Target::Group(rule, g)
                    if self.enabled[rule] && !self.satisfied.contains_key(&(rule, g)) =>
                {
                    let Check::Require { groups, .. } = self.set.check(rule) else {
                        continue;
                    };
                    let j = judge(r.clone());
                    let ok = match groups.get(g) {
                        Some(group) => group_counts(j, group.headings, group.strict),
                        // The alternative: a cross-reference counts wherever it stands, unless negated.
                        None => !matches!(j, Judgement::Negated | Judgement::Prohibited),
                    };
                    if ok && !absent(r) {
                        self.satisfied.insert((rule, g), to_file(r.clone()));
                    }
                }
                Target::Signal(signal) => {
                    let excluded = near_hits(r)
                        .iter()
                        .any(|(er, et)| *et == Target::SignalExclude && overlaps(er, r));
                    if !excluded
                        && judge(r.clone()) == Judgement::Affirmed
                        && !self.signals.contains_key(&signal)
                    {
                        self.signals.insert(signal, to_file(r.clone()));
                    }
                }
                _ => {}
            }
        }
        for (k, gr) in matcher.group_regex.iter().enumerate() {
            let (rule, g) = (gr.rule, gr.group);
            if !self.enabled[rule]
                || self.satisfied.contains_key(&(rule, g))
                || (gr.gated && !group_seen[k])
            {
                continue;
            }
            let (Check::Require { groups, .. }, Some(re)) = (self.set.check(rule), gr.regex())
            else {
                continue;
            };
            for m in re.find_iter(text) {
                let j = judge(m.range());
                if group_counts(j, groups[g].headings, groups[g].strict) {
                    self.satisfied.insert((rule, g), to_file(m.range()));
                    break;
                }
            }
        }

        // Retention periods: each period belongs to the nearest subject before it in its sentence
        // with no other period in between (`录音保存30日，投诉15天内办结`: 15 days is not about
        // recordings), or else to a subject after it in its clause. In a table the subject may be
        // the row's first cell (`| 系统操作日志 | 3个月 |`).
        let subjects: Vec<(Range<usize>, usize)> = hits
            .iter()
            .filter_map(|(r, t)| {
                if let Target::Subject(rule) = *t {
                    Some((r.clone(), rule))
                } else {
                    None
                }
            })
            .collect();
        let has_unit = may_have_periods(text);
        let periods = if structural || matcher.retention_min.is_empty() || !has_unit {
            Vec::new()
        } else {
            find_periods(text)
        };
        let row_subject = if subjects.is_empty() && !periods.is_empty() {
            row().subject(&self.set.matcher)
        } else {
            None
        };
        for (k, p) in periods.iter().enumerate() {
            let sentence = seg.near(text, p.range.clone(), Boundary::Sentence);
            let clause = seg.near(text, p.range.clone(), Boundary::Clause);
            // An earlier period of the sentence takes its subject, unless it was negated
            // (`保存期限并非不少于30日，而是统一为10日`).
            let floor = periods[..k]
                .iter()
                .rev()
                .take_while(|q| q.range.start >= sentence.start)
                .find(|q| judge(q.range.clone()) == Judgement::Affirmed)
                .map_or(sentence.start, |q| q.range.end.max(sentence.start));
            let span_of = |from: usize, to: usize| {
                let a = subjects.partition_point(|(r, _)| r.start < from);
                let b = subjects.partition_point(|(r, _)| r.start < to);
                &subjects[a..b.max(a)]
            };
            let before = span_of(floor, p.range.start)
                .iter()
                .filter(|(r, _)| r.end <= p.range.start)
                .max_by_key(|(r, _)| (r.start, r.end));
            let after = || {
                span_of(p.range.end, clause.end)
                    .iter()
                    .filter(|(r, _)| r.end <= clause.end)
                    .min_by_key(|(r, _)| r.start)
            };
            let verb_in =
                |r: Range<usize>| RETENTION_VERBS.iter().any(|v| text[r.clone()].contains(v));
            // `日志留存不少于六个月；系统告警短信在值班群中保留7天`: a later sentence part whose
            // clause names something else before its own keeping verb has its own subject.
            let before = before.filter(|(subject, _)| {
                let part = seg.near(text, p.range.clone(), Boundary::Semicolon);
                if subject.end > part.start {
                    return true;
                }
                let own = clause.start.max(part.start)..p.range.start;
                let verb_at = RETENTION_VERBS
                    .iter()
                    .filter_map(|v| text[own.clone()].find(v))
                    .min();
                verb_at.is_none_or(|at| text[own.start..own.start + at].chars().count() < 2)
            });
            let (rule, span, retention) = match before.or_else(after) {
                Some((subject, rule)) => {
                    let between = subject.end.min(p.range.start)..p.range.start.max(subject.end);
                    // `系统日志留存周期：Web访问日志30天` — the verb leads the sentence.
                    let lead = sentence.start..subject.start.min(p.range.start);
                    let keeps = ["期限", "周期", "时长"]
                        .iter()
                        .any(|w| text[lead.clone()].contains(w))
                        && verb_in(lead.clone());
                    (
                        *rule,
                        subject.start.min(p.range.start)..subject.end.max(p.range.end),
                        verb_in(clause.clone()) || verb_in(between) || keeps,
                    )
                }
                None => match row_subject {
                    Some((rule, verb_in_row)) => (
                        rule,
                        p.range.clone(),
                        verb_in_row || verb_in(clause.clone()),
                    ),
                    None => continue,
                },
            };
            if !self.enabled[rule] {
                continue;
            }
            let min = matcher.retention_min.get(&rule).copied().unwrap_or(0);
            if p.days >= f64::from(min)
                || !retention
                || !matches!(judge(p.range.clone()), Judgement::Affirmed)
            {
                continue;
            }
            let range = to_file(span);
            let message = self.render(rule, to_file(p.range.clone()));
            self.findings.push(Finding {
                rule,
                range,
                message,
                note: None,
            });
        }

        // Numbers and their roles.
        // The role a table header gives the numbers of a cell, worked out for the first number.
        let header_role = OnceCell::new();
        let mut numbers = if may_have_numbers(text) {
            find_numbers(text, &cues)
        } else {
            Vec::new()
        };
        if may_have_type_words(text) {
            numbers.extend(find_type_words(text));
        }
        for n in numbers {
            let Some(kind) = n.kind else { continue };
            let role = role_of(
                text,
                &seg,
                &cues,
                &n.range,
                *header_role.get_or_init(|| self.header_role(block, row())),
            );
            let judgement = judge(n.range.clone());
            self.facts.number(
                kind,
                role,
                matches!(judgement, Judgement::Affirmed | Judgement::Structural),
                to_file(n.range.clone()),
                text,
                &seg,
                seg.near(text, n.range.clone(), Boundary::Sentence),
            );
            if structural {
                continue;
            }
            for rule in 0..self.set.rules.len() {
                let Check::Number {
                    types,
                    roles,
                    requires,
                    unless,
                } = self.set.check(rule)
                else {
                    continue;
                };
                if !self.enabled[rule]
                    || !types.contains(&kind)
                    || !roles.contains(&role)
                    || n.extension
                {
                    continue;
                }
                if judgement != Judgement::Affirmed {
                    continue;
                }
                let present = |ctx: &Context, which: Which| {
                    scope_range(ctx.scope, &n.range).is_some_and(|r| in_scope(rule, which, r))
                        || (ctx.scope == Scope::Block && row().has_context(ctx, lang))
                };
                if requires
                    .as_ref()
                    .is_some_and(|ctx| !present(ctx, Which::Requires))
                    || unless
                        .as_ref()
                        .is_some_and(|ctx| present(ctx, Which::Unless))
                {
                    continue;
                }
                let range = to_file(n.range.clone());
                let message = self.render(rule, range);
                self.findings.push(Finding {
                    rule,
                    range,
                    message,
                    note: None,
                });
            }
        }

        self.facts.collect(
            self.doc,
            bi,
            block,
            &folded,
            &seg,
            structural,
            &self.folds,
            &judge,
            gates,
            &coverage_hits,
        );
    }

    /// The rule's message with `{found}` replaced by the text of `range`.
    pub(crate) fn render(&self, rule: usize, range: TextRange) -> String {
        let found = self.file.text.get(range.as_range()).unwrap_or("");
        self.set.rules[rule]
            .message
            .replace("{found}", found.trim())
    }

    /// The innermost chapter (level ≤ 2) around a block, for section-scoped context.
    fn chapter_of(&self, block: usize) -> Option<usize> {
        let mut at = self.doc.blocks[block].section;
        while let Some(s) = at {
            if self.doc.sections[s].level <= 2 {
                return Some(s);
            }
            at = self.doc.sections[s].parent;
        }
        self.doc.blocks[block].section
    }

    fn present(&self, rule: usize, which: Which, scope: Scope, block: usize) -> bool {
        let Some(blocks) = self.presence.get(&(rule, which)) else {
            return self.regex_present(rule, which, scope, block);
        };
        match (scope, self.chapter_of(block)) {
            (Scope::Section, Some(ch)) => {
                blocks
                    .iter()
                    .any(|&b| self.doc.in_section(&self.doc.blocks[b], ch))
                    || self.regex_present(rule, which, scope, block)
            }
            _ => !blocks.is_empty(),
        }
    }

    /// Section- or document-wide regex context: folds the blocks in scope again (rare).
    fn regex_present(&self, rule: usize, which: Which, scope: Scope, block: usize) -> bool {
        let Some(re) = self.set.matcher.context_regex.get(&(rule, which)) else {
            return false;
        };
        let chapter = (scope == Scope::Section)
            .then(|| self.chapter_of(block))
            .flatten();
        self.doc
            .blocks
            .iter()
            .filter(|b| b.kind.is_prose() && chapter.is_none_or(|ch| self.doc.in_section(b, ch)))
            .any(|b| re.is_match(&Folded::new(&b.text).text))
    }

    fn finish(&mut self) {
        // A `once-defined` rule does not fire after its first satisfied mention.
        let defined = std::mem::take(&mut self.defined);
        self.findings
            .retain(|f| defined.get(&f.rule).is_none_or(|&at| f.range.start < at));
        self.pending
            .retain(|p| defined.get(&p.rule).is_none_or(|&at| p.range.start < at));
        // Whether context is present depends on the rule, the scope and (for a section) the
        // chapter, not on the hit: decide it once per key, whatever the number of hits.
        let mut known: HashMap<(usize, Which, Scope, Option<usize>), bool> = HashMap::new();
        // A hit that fires because something is missing from the whole document is reported
        // once, at its first place, with the number of other paragraphs that have one.
        let mut document_wide: HashMap<usize, (usize, usize)> = HashMap::new();
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_by_key(|p| p.range.start);
        for p in pending {
            let mut check = |which: Which, scope: Scope| {
                let chapter = match scope {
                    Scope::Section => self.chapter_of(p.block),
                    _ => None,
                };
                *known
                    .entry((p.rule, which, scope, chapter))
                    .or_insert_with(|| self.present(p.rule, which, scope, p.block))
            };
            let requires_ok = p.needs_requires.is_none_or(|s| check(Which::Requires, s));
            let unless_hit = p.needs_unless.is_some_and(|s| check(Which::Unless, s));
            if !requires_ok || unless_hit {
                continue;
            }
            if p.needs_unless == Some(Scope::Document) {
                if let Some((blocks, last)) = document_wide.get_mut(&p.rule) {
                    if *last != p.block {
                        *blocks += 1;
                        *last = p.block;
                    }
                    continue;
                }
                document_wide.insert(p.rule, (1, p.block));
            }
            self.findings.push(Finding {
                rule: p.rule,
                range: p.range,
                message: p.message,
                note: None,
            });
        }
        for f in &mut self.findings {
            if let Some(&(n, _)) = document_wide.get(&f.rule)
                && n > 1
                && f.note.is_none()
            {
                f.note = Some(format!("另有 {} 个段落有同类描述，补充后一并解决", n - 1));
            }
        }
        if self.mode == Mode::Document {
            self.requirements();
        }
        super::builtin::run(self);
    }

    /// Where a whole-document finding is shown: the first heading (or the first block).
    pub(crate) fn anchor(&self) -> TextRange {
        self.doc
            .sections
            .first()
            .map(|s| self.doc.blocks[s.block].range)
            .or_else(|| {
                self.doc
                    .blocks
                    .iter()
                    .find(|b| b.kind.is_prose())
                    .map(|b| b.range)
            })
            .unwrap_or_default()
    }

    fn requirements(&mut self) {
        for rule in 0..self.set.rules.len() {
            let Check::Require {
                groups,
                when,
                unless_signal,
                ..
            } = self.set.check(rule)
            else {
                continue;
            };
            if self.satisfied.contains_key(&(rule, usize::MAX)) {
                continue;
            }
            if !self.enabled[rule] {
                continue;
            }
            if let Some(s) = when
                && !self.signals.contains_key(s)
            {
                continue;
            }
            if unless_signal.is_some_and(|s| self.signals.contains_key(&s)) {
                continue;
            }
            let missing: Vec<&str> = groups
                .iter()
                .enumerate()
                .filter(|(g, _)| !self.satisfied.contains_key(&(rule, *g)))
                .map(|(_, g)| g.name.as_str())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let range = when
                .and_then(|s| self.signals.get(&s).copied())
                .unwrap_or_else(|| self.anchor());
            let message = self.set.rules[rule]
                .message
                .replace("{missing}", &missing.join("、"))
                .replace("{found}", "");
            self.findings.push(Finding {
                rule,
                range,
                message,
                note: None,
            });
        }
    }
}

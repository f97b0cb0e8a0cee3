//! The linter: a rule set loaded from `lints/` (data rules plus a few Rust rules), run over a
//! [`Document`] in one pass, producing [`Finding`]s. Findings are data; printing happens in the CLI.

mod builtin;
pub mod docs;
mod engine;
mod facts;
pub mod language;
mod literals;
pub mod load;
pub mod numbers;
mod pattern;
pub mod periods;
pub mod schema;
mod suppress;

use std::collections::HashMap;
use std::path::PathBuf;

pub use load::{RuleFileError, RuleLoadError, SectionTable};
pub use schema::{Category, ClauseEntry, Docs, Severity};

use crate::markdown::Document;
use crate::source::{SourceFile, TextRange};
use engine::Matcher;
use language::Language;
use schema::Check;

/// Everything about a rule except how it matches.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub clause: String,
    pub message: String,
    pub help: String,
    pub docs: Docs,
    /// The file it was read from (`lints/<id>.toml` for built-in rules).
    pub path: String,
    pub builtin: bool,
    /// What kind of check it is (`phrase`, `number`, `retention`, `require`, `builtin`).
    pub kind: &'static str,
    /// Whether the rule needs a whole plan (inactive when linting a passage).
    pub document_only: bool,
}

/// A loaded, compiled rule set.
pub struct RuleSet {
    pub rules: Vec<RuleMeta>,
    checks: Vec<Check>,
    clauses: Vec<ClauseEntry>,
    pub(crate) language: Language,
    pub(crate) sections: SectionTable,
    matcher: Matcher,
    by_id: HashMap<String, usize>,
}

impl RuleSet {
    /// The built-in rules only.
    pub fn builtin() -> Result<Self, RuleLoadError> {
        Self::load(&[])
    }

    /// The built-in rules plus the rule files in `dirs`.
    pub fn load(dirs: &[PathBuf]) -> Result<Self, RuleLoadError> {
        Self::build(|errors| load::read_rule_dirs(dirs, errors))
    }

    /// The built-in rules plus user rule files given as (shown path, TOML text), loaded as
    /// [`RuleSet::load`] loads the files of a rule directory.
    pub fn with_rule_texts(texts: Vec<(String, String)>) -> Result<Self, RuleLoadError> {
        Self::build(|_| texts)
    }

    /// Checks one user rule file given as text (`path` is shown in messages and its stem must be
    /// the rule id) against the schema, the clause table and the ids of this set, without
    /// building a rule set. `Ok` means [`RuleSet::with_rule_texts`] would accept it on top of
    /// the built-in rules, unless the matcher rejects a regex that the check's regex engine
    /// accepts.
    pub fn check_rule_file(&self, path: &str, text: &str) -> Result<(), RuleLoadError> {
        let known = self.rules.iter().map(|r| (r.id.as_str(), r.path.as_str()));
        let errors = load::check_rule_text(path, text, &self.clauses, known);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(RuleLoadError { errors })
        }
    }

    fn build(
        user: impl FnOnce(&mut Vec<RuleFileError>) -> Vec<(String, String)>,
    ) -> Result<Self, RuleLoadError> {
        let mut errors = Vec::new();
        let Some(tables) = load::tables(&mut errors) else {
            return Err(RuleLoadError { errors });
        };
        let signals = tables.language.signals.clone();
        // The number, period and figure patterns are compiled on first use, or ahead of it: see
        // [`Warmup`].
        let user = user(&mut errors);
        let loaded = load::rule_texts(user, &tables.clauses, &mut errors);
        if !errors.is_empty() {
            return Err(RuleLoadError { errors });
        }
        let mut rules = Vec::with_capacity(loaded.len());
        let mut checks = Vec::with_capacity(loaded.len());
        for l in loaded {
            let f = l.file;
            let (kind, document_only) = match &f.check {
                Check::Phrase { .. } => ("phrase", false),
                Check::Number { .. } => ("number", false),
                Check::Retention { .. } => ("retention", false),
                Check::Require { .. } => ("require", true),
                Check::Builtin { name } => ("builtin", name.document_only()),
            };
            rules.push(RuleMeta {
                id: f.id,
                category: f.category,
                severity: f.severity,
                clause: f.clause,
                message: f.message,
                help: f.help,
                docs: f.docs,
                path: l.path,
                builtin: l.builtin,
                kind,
                document_only,
            });
            checks.push(f.check);
        }
        let builtin = rules.iter().take_while(|r| r.builtin).count();
        let matcher =
            Matcher::new(&checks, builtin, &signals).map_err(|message| RuleLoadError {
                errors: vec![RuleFileError {
                    path: "lints".into(),
                    message,
                    src: miette::NamedSource::new("lints", String::new()),
                    span: None,
                    label: String::new(),
                    help: None,
                }],
            })?;
        let language = load::language(tables.language)?;
        let by_id = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        Ok(Self {
            rules,
            checks,
            clauses: tables.clauses,
            language,
            sections: tables.sections,
            matcher,
            by_id,
        })
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn get(&self, id: &str) -> Option<&RuleMeta> {
        self.index_of(id).map(|i| &self.rules[i])
    }

    pub fn clause(&self, id: &str) -> Option<&ClauseEntry> {
        self.clauses.iter().find(|c| c.id == id)
    }

    pub fn clauses(&self) -> &[ClauseEntry] {
        &self.clauses
    }

    /// The Chinese label of a rule's clause.
    pub fn clause_label<'a>(&'a self, rule: &'a RuleMeta) -> &'a str {
        self.clause(&rule.clause)
            .map_or(rule.clause.as_str(), |c| c.label.as_str())
    }

    /// Lints one parsed document, on all cores for a long one.
    pub fn lint(&self, file: &SourceFile, doc: &Document, options: &LintOptions) -> Vec<Finding> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let plan = self.plan(doc, options, cores);
        let bounds: Vec<usize> = std::iter::once(0)
            .chain(plan.runs.iter().map(|r| r.end))
            .collect();
        let parts = crate::parallel::map_runs(&bounds, |run| self.scan_run(file, doc, &plan, run));
        self.finish(file, doc, &plan, parts)
    }

    /// Splits linting `doc` into at most `parts` runs of blocks that [`RuleSet::scan`] judges
    /// independently, for a caller that spreads them over threads of its own and hands the
    /// results, in order, to [`RuleSet::finish`]. [`RuleSet::lint`] does all three.
    pub fn plan(&self, doc: &Document, options: &LintOptions, parts: usize) -> LintPlan {
        let enabled = self
            .rules
            .iter()
            .map(|r| {
                options.selection.enables(r) && !(options.mode == Mode::Fragment && r.document_only)
            })
            .collect();
        let bounds = engine::split(doc, parts);
        LintPlan {
            enabled,
            mode: options.mode,
            runs: bounds.windows(2).map(|w| w[0]..w[1]).collect(),
        }
    }

    /// Judges run `run` of the plan (an index into [`LintPlan::runs`]).
    ///
    /// # Panics
    /// If `run` is out of range.
    pub fn scan(&self, file: &SourceFile, doc: &Document, plan: &LintPlan, run: usize) -> Partial {
        self.scan_run(file, doc, plan, plan.runs[run].clone())
    }

    fn scan_run(
        &self,
        file: &SourceFile,
        doc: &Document,
        plan: &LintPlan,
        run: std::ops::Range<usize>,
    ) -> Partial {
        Partial(engine::scan(self, file, doc, &plan.enabled, plan.mode, run))
    }

    /// Merges the results of all runs of the plan (in the order of [`LintPlan::runs`]), runs
    /// the whole-document rules and applies the suppression comments: the findings, sorted by
    /// position.
    pub fn finish(
        &self,
        file: &SourceFile,
        doc: &Document,
        plan: &LintPlan,
        parts: Vec<Partial>,
    ) -> Vec<Finding> {
        let states = parts.into_iter().map(|p| p.0).collect();
        let mut findings = engine::merge(self, file, doc, &plan.enabled, plan.mode, states);
        suppress::apply(self, file, doc, &mut findings, &plan.enabled);
        findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
        findings.dedup_by(|a, b| a.rule == b.rule && a.range == b.range);
        findings
    }

    pub(crate) fn check(&self, rule: usize) -> &Check {
        &self.checks[rule]
    }
}

/// The number, period and figure patterns (and the figure reader's word lists) that linting a
/// text will use, to be compiled ahead of use by the threads that call [`Warmup::help`], each
/// taking the next one until none is left. They are otherwise compiled on first use, which
/// takes a few milliseconds in all: `callplan lint` has them compiled while it waits for the
/// rule set and the parse.
pub struct Warmup {
    steps: Vec<WarmStep>,
    next: std::sync::atomic::AtomicUsize,
}

/// One thing to compile ahead of use.
pub(crate) enum WarmStep {
    Pattern(&'static std::sync::LazyLock<pattern::Pattern>),
    Words(&'static crate::text::WordList),
}

impl Warmup {
    /// What linting `text` will try: the patterns of a gate word or character that the text
    /// contains (a plan that never speaks of seats or floor space does not pay for their
    /// patterns).
    pub fn for_text(text: &str) -> Self {
        Self::of(Some(text))
    }

    /// Everything (a large plan is likely to need it all).
    pub fn all() -> Self {
        Self::of(None)
    }

    fn of(text: Option<&str>) -> Self {
        let mut steps = Vec::new();
        numbers::warm_steps(text, &mut steps);
        periods::warm_steps(text, &mut steps);
        facts::warm_steps(text, &mut steps);
        Self {
            steps,
            next: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// Compiles the next thing until nothing is left; several threads may help at once.
    pub fn help(&self) {
        use std::sync::atomic::Ordering;
        while let Some(step) = self.steps.get(self.next.fetch_add(1, Ordering::Relaxed)) {
            match step {
                WarmStep::Pattern(p) => {
                    std::sync::LazyLock::force(p);
                }
                WarmStep::Words(w) => w.warm(),
            }
        }
    }
}

/// Linting one document split into runs of blocks: see [`RuleSet::plan`].
#[derive(Debug, Clone)]
pub struct LintPlan {
    enabled: Vec<bool>,
    mode: Mode,
    /// The runs of blocks (indices into [`Document::blocks`]), in order, covering all blocks.
    pub runs: Vec<std::ops::Range<usize>>,
}

/// What [`RuleSet::scan`] found in one run of blocks, for [`RuleSet::finish`].
pub struct Partial(engine::PassState);

/// Whether the input is a whole plan or a passage of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A whole plan: completeness rules check what is missing.
    #[default]
    Document,
    /// A passage (a sentence, a paragraph, a chapter): rules that need the whole plan are off.
    Fragment,
}

/// Which rules run.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Rule ids or categories to run (empty: all).
    pub select: Vec<String>,
    /// Rule ids or categories to skip.
    pub ignore: Vec<String>,
}

impl Selection {
    fn matches(list: &[String], rule: &RuleMeta) -> bool {
        list.iter()
            .any(|s| *s == rule.id || s == rule.category.as_str() || s == "all")
    }

    pub fn enables(&self, rule: &RuleMeta) -> bool {
        (self.select.is_empty() || Self::matches(&self.select, rule))
            && !Self::matches(&self.ignore, rule)
    }
}

#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub mode: Mode,
    pub selection: Selection,
}

/// One finding: a rule, where, and the message rendered for this place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub range: TextRange,
    pub message: String,
    /// Extra explanation for this place (e.g. where a conflicting figure was stated).
    pub note: Option<String>,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A plan judged in runs, in whatever order, gives what [`RuleSet::lint`] gives; the runs
    /// cover every block once, in order.
    #[test]
    fn a_plan_judged_in_runs_gives_the_same_findings() {
        let set = RuleSet::builtin().unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        // Three samples one after the other: long enough for several runs.
        let mut text = String::new();
        for name in [
            "defective-plan.md",
            "national-95-plan.md",
            "provincial-96-plan.md",
        ] {
            text.push_str(&std::fs::read_to_string(dir.join(name)).unwrap());
            text.push_str("\n\n");
        }
        let file = SourceFile::new("plans.md", text);
        let doc = crate::markdown::parse(&file);
        let options = LintOptions::default();
        let whole = set.lint(&file, &doc, &options);
        assert!(whole.len() > 10, "{} findings", whole.len());
        for parts in 1..=4 {
            let plan = set.plan(&doc, &options, parts);
            assert_eq!(plan.runs.len(), parts, "{} blocks", doc.blocks.len());
            assert_eq!(plan.runs[0].start, 0);
            assert_eq!(plan.runs.last().unwrap().end, doc.blocks.len());
            assert!(plan.runs.windows(2).all(|w| w[0].end == w[1].start));
            let mut scanned: Vec<(usize, Partial)> = (0..parts)
                .rev()
                .map(|run| (run, set.scan(&file, &doc, &plan, run)))
                .collect();
            scanned.sort_by_key(|(run, _)| *run);
            let parts = scanned.into_iter().map(|(_, p)| p).collect();
            assert_eq!(set.finish(&file, &doc, &plan, parts), whole);
        }
    }

    /// The folded text of every sample plan, for comparing patterns with the `regex` crate.
    pub(crate) fn folded_samples() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| crate::text::Folded::new(&std::fs::read_to_string(p).unwrap()).text)
            .collect()
    }

    /// Every number, period and figure pattern finds, on the sample plans, what the `regex`
    /// crate finds for it: the same matches with the same groups.
    #[test]
    fn reader_patterns_match_as_the_regex_crate_does() {
        let mut texts = crate::lint::tests::folded_samples();
        texts.push("坐席(含班组长)数量为120个，话机130部；e1 4条；注册资本为伍佰万元".into());
        let mut compared = 0;
        for step in Warmup::all().steps {
            let WarmStep::Pattern(ours) = step else {
                continue;
            };
            let theirs = regex::Regex::new(ours.as_str()).unwrap();
            for text in &texts {
                let a: Vec<Vec<Option<std::ops::Range<usize>>>> = ours
                    .captures_iter(text)
                    .map(|c| {
                        (0..theirs.captures_len())
                            .map(|i| c.get(i).map(|m| m.range()))
                            .collect()
                    })
                    .collect();
                let b: Vec<Vec<Option<std::ops::Range<usize>>>> = theirs
                    .captures_iter(text)
                    .map(|c| {
                        (0..theirs.captures_len())
                            .map(|i| c.get(i).map(|m| m.range()))
                            .collect()
                    })
                    .collect();
                assert_eq!(a, b, "{}", ours.as_str());
                compared += a.len();
            }
        }
        assert!(compared > 100, "{compared} matches compared");
    }

    /// A short passage is one run, however many are asked for.
    #[test]
    fn a_short_passage_is_one_run() {
        let set = RuleSet::builtin().unwrap();
        let file = SourceFile::new("a.md", "本公司不开展电话营销。\n");
        let doc = crate::markdown::parse(&file);
        let plan = set.plan(&doc, &LintOptions::default(), 8);
        assert_eq!(plan.runs, vec![0..doc.blocks.len()]);
        let empty = SourceFile::new("e.md", "");
        let doc = crate::markdown::parse(&empty);
        let plan = set.plan(&doc, &LintOptions::default(), 8);
        assert_eq!(plan.runs.len(), 1);
        let parts = vec![set.scan(&empty, &doc, &plan, 0)];
        assert_eq!(
            set.finish(&empty, &doc, &plan, parts),
            set.lint(&empty, &doc, &LintOptions::default())
        );
    }

    /// The warm-up takes the patterns whose gate words a text contains; threads helping at once
    /// share the steps and all return once they are done.
    #[test]
    fn warmup_takes_what_the_text_needs_and_is_shared() {
        let all = Warmup::all();
        let none = Warmup::for_text("本公司不开展电话营销");
        let seats = Warmup::for_text("本公司不开展电话营销，共设坐席");
        let numbers = Warmup::for_text("热线95xxx，号码保存30天");
        let patterns = |w: &Warmup| {
            w.steps
                .iter()
                .filter(|s| matches!(s, WarmStep::Pattern(_)))
                .count()
        };
        assert_eq!(patterns(&none), 0);
        assert_eq!(patterns(&seats), 1);
        assert_eq!(patterns(&numbers), 3, "number, type word and period");
        assert!(patterns(&all) > patterns(&seats) + patterns(&numbers));
        // The word lists are always wanted.
        assert_eq!(all.steps.len() - patterns(&all), none.steps.len());
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| all.help());
            }
        });
        assert!(all.next.load(std::sync::atomic::Ordering::Relaxed) >= all.steps.len());
        all.help();
    }

    /// Built-in phrase patterns are compiled when a plan first needs them, so none may fail
    /// to compile (one that did would never match).
    #[test]
    fn every_built_in_phrase_pattern_compiles() {
        let set = RuleSet::builtin().unwrap();
        assert_eq!(set.matcher.broken_patterns(), Vec::<&str>::new());
    }

    /// The word lists in `lints/automata/`, from which `build.rs` builds the stored automata,
    /// are those that the built-in rules and tables give. After a change to `lints/`, run
    /// `CALLPLAN_BLESS=1 cargo test stored_word_lists` to write them anew.
    #[test]
    fn stored_word_lists_are_current() {
        let set = RuleSet::builtin().unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lints/automata");
        let mut stale = Vec::new();
        for (name, words) in [
            ("terms", set.matcher.words()),
            ("cues", set.language.words()),
        ] {
            let path = dir.join(format!("{name}.json"));
            let json = serde_json::to_string_pretty(words.words()).unwrap() + "\n";
            if std::env::var_os("CALLPLAN_BLESS").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &json).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
                stale.push(path.display().to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "stale word lists {stale:?}: run `CALLPLAN_BLESS=1 cargo test stored_word_lists`"
        );
        // The binary was built from the same lists: the automata were read, not built.
        assert!(set.matcher.words().is_stored());
        assert!(set.language.words().is_stored());
    }

    /// A user's rule files add words after the stored ones: the stored automaton is still read,
    /// and the user's words are found too.
    #[test]
    fn user_rules_add_to_the_stored_automaton() {
        let rule = r#"
id = "x-house-style"
category = "completeness"
severity = "info"
clause = "doc81.entry.licence"
message = "用语不规范：“{found}”"
help = "按本单位用语表改写。"

[check]
kind = "phrase"
terms = ["坐席小妹", "不得"]
literal = true

[docs]
what = "w"
why = "y"
bad = "坐席小妹接听来电。"
good = "坐席人员接听来电。"
"#;
        let set =
            RuleSet::with_rule_texts(vec![("x-house-style.toml".into(), rule.into())]).unwrap();
        assert!(set.matcher.words().is_stored());
        let words = set.matcher.words();
        let found: Vec<&str> = words
            .occurrences("由坐席小妹接听")
            .map(|(w, _)| words.words()[w].as_str())
            .collect();
        assert!(found.contains(&"坐席小妹"), "{found:?}");
    }

    /// The regexes of the built-in `require` groups compile with the full engine (they are
    /// compiled on first use, so a broken one would otherwise go unnoticed), and each has the
    /// trigger literals that build.rs worked out.
    #[test]
    fn builtin_group_regexes_compile_and_are_gated() {
        let set = RuleSet::builtin().unwrap();
        assert!(!set.matcher.group_regex.is_empty());
        for g in &set.matcher.group_regex {
            assert!(g.regex().is_some(), "{} does not compile", g.source);
            assert!(
                load::PATTERN_LITERALS
                    .iter()
                    .any(|(p, lits)| *p == g.source && lits.is_some() == g.gated),
                "{} has no stored literals",
                g.source
            );
        }
    }

    /// A `require` group's regex counts where it matches, whether it is tried only where its
    /// literals occur (`工单[0-9]+号`) or, having none, in every block (`[0-9a-z]+`).
    #[test]
    fn group_regexes_count_with_and_without_literals() {
        let rule = |id: &str, regex: &str| {
            format!(
                r#"
id = "{id}"
category = "completeness"
severity = "warning"
clause = "doc81.entry.licence"
message = "缺少：{{missing}}"
help = "写明。"

[check]
kind = "require"

[[check.groups]]
name = "编号"
regex = "{regex}"

[docs]
what = "w"
why = "y"
bad = "无关内容。"
good = "工单12号已办结。"
"#
            )
        };
        let set = RuleSet::with_rule_texts(vec![
            ("x-ticket.toml".into(), rule("x-ticket", "工单[0-9]+号")),
            ("x-digits.toml".into(), rule("x-digits", "[0-9a-z]+")),
        ])
        .unwrap();
        let gated: Vec<bool> = set.matcher.group_regex.iter().map(|g| g.gated).collect();
        assert!(gated.ends_with(&[true, false]), "{gated:?}");
        let fired = |text: &str| -> Vec<String> {
            let file = crate::source::SourceFile::new("t.md", text);
            let doc = crate::markdown::parse(&file);
            let mut ids: Vec<String> = set
                .lint(&file, &doc, &LintOptions::default())
                .iter()
                .map(|f| set.rules[f.rule].id.clone())
                .filter(|id| id.starts_with("x-"))
                .collect();
            ids.sort();
            ids
        };
        assert!(fired("# 方案\n\n工单12号已办结。\n").is_empty());
        assert_eq!(fired("# 方案\n\n工单已办结，共3件。\n"), ["x-ticket"]);
        assert_eq!(fired("# 方案\n\n工单已办结。\n"), ["x-digits", "x-ticket"]);
    }

    /// A pattern whose every match starts with one of its literals is tried only where they
    /// start, and finds what a search of the sentence part finds: a match that runs over a
    /// later literal, and the next match after it. A pattern that tests its surroundings (`^`)
    /// is searched in the whole part, where `^` is the start of the part.
    #[test]
    fn anchored_patterns_find_what_a_search_of_the_part_finds() {
        let rule = |id: &str, pattern: &str| {
            format!(
                r#"
id = "{id}"
category = "business-form"
severity = "error"
clause = "doc81.entry.licence"
message = "命中：{{found}}"
help = "改写。"

[check]
kind = "phrase"
patterns = ["{pattern}"]
literal = true

[docs]
what = "w"
why = "y"
bad = "采购名单。"
good = "无关内容。"
"#
            )
        };
        let set = RuleSet::with_rule_texts(vec![
            (
                "x-buy.toml".into(),
                rule("x-buy", "(采购|购买)[^,。;]*?名单"),
            ),
            ("x-start.toml".into(), rule("x-start", "^采购名单")),
        ])
        .unwrap();
        let anchored = |id: &str| {
            let rule = set.index_of(id).unwrap();
            set.matcher
                .patterns
                .iter()
                .find(|p| p.rule == rule)
                .unwrap()
                .anchored
        };
        assert!(anchored("x-buy"));
        assert!(!anchored("x-start"));
        let found = |text: &str| -> Vec<String> {
            let file = crate::source::SourceFile::new("t.md", text);
            let doc = crate::markdown::parse(&file);
            set.lint(&file, &doc, &LintOptions::default())
                .into_iter()
                .filter(|f| set.rules[f.rule].id.starts_with("x-"))
                .map(|f| format!("{} {}", set.rules[f.rule].id, f.message))
                .collect()
        };
        assert_eq!(
            found("采购采购名单，购买名单与采购资料；采购名单。\n"),
            [
                "x-buy 命中：采购采购名单",
                "x-buy 命中：购买名单",
                "x-buy 命中：采购名单",
                "x-start 命中：采购名单",
            ]
        );
        assert_eq!(
            found("另行采购名单。\n"),
            ["x-buy 命中：采购名单"],
            "`^` is the start of the part"
        );
    }

    /// The gate words of the figure reader found in the matcher's one pass are those that a
    /// substring search per word finds, in every line of the samples.
    #[test]
    fn gate_words_come_from_the_matcher_pass() {
        let set = RuleSet::builtin().unwrap();
        let mut seen = 0u16;
        for sample in [
            include_str!("../../samples/defective-plan.md"),
            include_str!("../../samples/national-95-plan.md"),
            include_str!("../../samples/provincial-96-plan.md"),
        ] {
            for line in sample.lines() {
                let text = crate::text::Folded::new(line).text;
                let gates = set.matcher.gates_of(&text);
                assert_eq!(gates, facts::Gates::of(&text), "{text}");
                seen |= gates.0;
            }
        }
        // The samples reach most of the lists, so the comparison means something.
        assert!(seen.count_ones() >= 8, "{seen:b}");
    }
}

//! How Chinese regulatory prose says "no": negation, prohibition lists, quotation, citation and
//! hypothetical or reactive context. The cue words live in `lints/tables/language.toml`; this
//! module compiles them into one automaton and judges each rule hit in its clause.

use std::ops::Range;

use serde::Deserialize;

use crate::text::{Boundary, Folded, Segments, WordSet};

/// `lints/tables/language.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LanguageFile {
    pub negation: NegationTable,
    pub prohibition: ProhibitionTable,
    pub reactive: ReactiveTable,
    pub citation: CitationTable,
    pub numbers: NumberRoleTable,
    pub signals: SignalTable,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NegationTable {
    /// Cues that negate any later term in the same clause (extended over `、` enumerations).
    pub strong: Vec<String>,
    /// Single-character cues (`无`, `非`, `未`) that negate only a term right after them.
    pub adjacent: Vec<String>,
    /// Characters allowed between an adjacent cue and the term (`无任何营销外呼`).
    pub adjacent_gap: usize,
    /// Cues after the term: `电话营销一律禁止`.
    pub post: Vec<String>,
    /// Answers after a colon: `是否开展营销外呼：否`.
    pub answers: Vec<String>,
    /// Words that look like negation and are not: `不仅`, `不少于`, `未经`, `不得不`.
    pub lookalikes: Vec<String>,
    /// Words that re-assert after a negation: `但`, `还开展`, `也可`.
    pub resets: Vec<String>,
    /// Modal negations that govern a whole verb phrase, across relative clauses: `不得`, `严禁`.
    pub modal: Vec<String>,
    /// Topic markers: `对于`, `至于`, `关于`.
    pub topics: Vec<String>,
    /// Concessive markers: `无论…都不`.
    pub concessive: Vec<String>,
    /// Negators that combine with a preposition (`不` + `从` = `不从`): the negation then
    /// governs the verb after the preposition's object (`不从线路商采购线路`).
    pub negators: Vec<String>,
    /// Prepositions (coverbs) that a negator may stand before: `从`, `与`, `向`, `把`.
    pub prepositions: Vec<String>,
    /// Contrast before the mention: `不同于地网许可`, `区别于营销外呼`.
    pub contrast_before: Vec<String>,
    /// Contrast after the mention, with `与`/`和`/`跟`/`同` before it: `与地网许可不同`.
    pub contrast_after: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProhibitionTable {
    /// Words that make a clause introduce a list: `以下`, `下列`, `如下`, `包括`.
    pub lead_markers: Vec<String>,
    /// Table headers, row headers and captions that declare their items prohibited.
    pub headers: Vec<String>,
    /// Whole-cell answers that negate the other cells of the row.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReactiveTable {
    /// Qualifiers that condemn what follows: `违规`, `擅自`.
    pub qualifiers: Vec<String>,
    /// Conditions: `如发现`, `一经发现`, `若`.
    pub conditions: Vec<String>,
    /// Consequences that make a conditional sentence a control: `立即停止`, `终止合作`.
    pub consequences: Vec<String>,
    /// Complaint words: a mention that is the object of a complaint is not the applicant's
    /// business.
    pub complaints: Vec<String>,
    /// Words after a mention that say the plan dropped it: `已删除`, `现已改为`.
    pub retractions: Vec<String>,
    /// Words before a mention that make it a definition: `术语说明`, `是指`.
    pub definitions: Vec<String>,
    /// Words that make a sentence describe other companies or the market: `市场上`, `部分企业`.
    pub background: Vec<String>,
    /// Words of something only considered: `接触过`, `考虑过` (with a later `但`).
    pub considered: Vec<String>,
    /// Words after a mention that make it an attribute of incoming calls: `的来电`.
    pub complaints_after: Vec<String>,
    /// Words before a mention that put it in the past: `早年`, `过去`, `原系统`.
    pub past: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CitationTable {
    /// `根据`, `依据`, `按照`…
    pub leads: Vec<String>,
    /// `规定`, `通知`, `81号文`…
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NumberRoleTable {
    pub access: Vec<String>,
    pub outbound: Vec<String>,
    pub contact: Vec<String>,
    /// Words that make the numbers after them the caller's own (`来电弹屏显示主叫号码`).
    pub user: Vec<String>,
    /// Words that make a number into what follows (`作为…热线`, `用作接入号码`).
    pub made: Vec<String>,
    /// Units that make a digit string a quantity (`95000元`).
    pub quantity_units: Vec<String>,
    /// Verbs that make the number after them an instrument (`使用…0571-86021234回拨`): the
    /// verb after the number then gives its role, whatever nouns stand before it.
    pub instrument: Vec<String>,
    /// Who receives a routed call (`分配给坐席`, `转人工`): a transfer verb before one of these
    /// moves a call, not a number or a line.
    pub agents: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SignalTable {
    pub outbound: Vec<String>,
    pub outbound_exclude: Vec<String>,
    pub cloud: Vec<String>,
    pub clients: Vec<String>,
    /// Names of basic telecom operators.
    pub operators: Vec<String>,
}

impl SignalTable {
    /// The word list a `@name` reference stands for in rule files.
    pub fn word_list(&self, reference: &str) -> Option<&[String]> {
        match reference.strip_prefix('@')? {
            "operators" => Some(&self.operators),
            "outbound" => Some(&self.outbound),
            "cloud" => Some(&self.cloud),
            "clients" => Some(&self.clients),
            _ => None,
        }
    }
}

/// Flags of a cue word (a word can carry several).
pub mod flag {
    pub const STRONG: u64 = 1 << 0;
    pub const ADJACENT: u64 = 1 << 1;
    pub const POST: u64 = 1 << 2;
    pub const ANSWER: u64 = 1 << 3;
    pub const LOOKALIKE: u64 = 1 << 4;
    pub const RESET: u64 = 1 << 5;
    pub const LEAD: u64 = 1 << 6;
    pub const HEADER: u64 = 1 << 7;
    pub const CELL: u64 = 1 << 8;
    pub const QUALIFIER: u64 = 1 << 9;
    pub const CONDITION: u64 = 1 << 10;
    pub const CONSEQUENCE: u64 = 1 << 11;
    pub const COMPLAINT: u64 = 1 << 12;
    pub const CITE_LEAD: u64 = 1 << 13;
    pub const CITE_SOURCE: u64 = 1 << 14;
    pub const ROLE_ACCESS: u64 = 1 << 15;
    pub const ROLE_OUTBOUND: u64 = 1 << 16;
    pub const ROLE_CONTACT: u64 = 1 << 17;
    pub const QUANTITY: u64 = 1 << 18;
    pub const RETRACTION: u64 = 1 << 19;
    pub const DEFINITION: u64 = 1 << 20;
    pub const ROLE_USER: u64 = 1 << 21;
    pub const MODAL: u64 = 1 << 22;
    pub const TOPIC: u64 = 1 << 23;
    pub const CONCESSIVE: u64 = 1 << 24;
    pub const CONSIDERED: u64 = 1 << 25;
    pub const COMPLAINT_AFTER: u64 = 1 << 26;
    pub const PAST: u64 = 1 << 27;
    pub const ROLE_MADE: u64 = 1 << 28;
    pub const CONTRAST_BEFORE: u64 = 1 << 29;
    pub const CONTRAST_AFTER: u64 = 1 << 30;
    pub const ROLE_INSTRUMENT: u64 = 1 << 31;
    pub const AGENT: u64 = 1 << 32;
}

/// A cue word found in a folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub start: usize,
    pub end: usize,
    pub flags: u64,
}

/// Why a mention does not count as the applicant's own affirmative statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    Affirmed,
    /// Governed by a negation cue (`不开展`, `严禁`, `一律禁止`).
    Negated,
    /// An item of a prohibition list, or of a table whose header prohibits its items.
    Prohibited,
    /// Inside a quoted title or quoted regulation text.
    Quoted,
    /// Part of a sentence that cites a regulation's prohibition.
    Cited,
    /// Hypothetical or reactive: `一经发现…立即停止`, `受理…投诉`, `违规外呼`.
    Reactive,
    /// A heading or a table header: structure, not a statement.
    Structural,
}

/// The compiled cue tables.
#[derive(Debug, Clone)]
pub struct Language {
    /// The folded cue words.
    words: WordSet,
    flags: Vec<u64>,
    adjacent_gap: usize,
    pub signals: SignalTable,
}

impl Language {
    pub fn new(file: LanguageFile) -> Result<Self, String> {
        let mut words: Vec<(String, u64)> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut add = |list: &[String], f: u64| {
            for w in list {
                let w = Folded::new(w).text;
                if w.is_empty() {
                    continue;
                }
                match index.get(&w) {
                    Some(&k) => words[k].1 |= f,
                    None => {
                        index.insert(w.clone(), words.len());
                        words.push((w, f));
                    }
                }
            }
        };
        let n = &file.negation;
        add(&n.strong, flag::STRONG);
        add(&n.modal, flag::STRONG | flag::MODAL);
        add(&n.topics, flag::TOPIC);
        add(&n.concessive, flag::CONCESSIVE);
        add(&n.adjacent, flag::ADJACENT);
        add(&n.post, flag::POST);
        add(&n.answers, flag::ANSWER);
        add(&n.lookalikes, flag::LOOKALIKE);
        add(&n.resets, flag::RESET);
        add(&n.contrast_before, flag::CONTRAST_BEFORE);
        add(&n.contrast_after, flag::CONTRAST_AFTER);
        // `不从`, `不与`, `未向`: a negated preposition negates like a plain negation, unless the
        // combination is a look-alike (`不同`, `未经`).
        let lookalike: std::collections::HashSet<String> =
            n.lookalikes.iter().map(|w| Folded::new(w).text).collect();
        let combined: Vec<String> = n
            .negators
            .iter()
            .flat_map(|neg| n.prepositions.iter().map(move |p| format!("{neg}{p}")))
            .filter(|w| !lookalike.contains(&Folded::new(w).text))
            .collect();
        add(&combined, flag::STRONG);
        let p = &file.prohibition;
        add(&p.lead_markers, flag::LEAD);
        add(&p.headers, flag::HEADER);
        add(&p.cells, flag::CELL);
        let r = &file.reactive;
        add(&r.qualifiers, flag::QUALIFIER);
        add(&r.conditions, flag::CONDITION);
        add(&r.consequences, flag::CONSEQUENCE);
        add(&r.complaints, flag::COMPLAINT);
        add(&r.retractions, flag::RETRACTION);
        add(&r.definitions, flag::DEFINITION);
        add(&r.background, flag::DEFINITION);
        add(&r.considered, flag::CONSIDERED);
        add(&r.complaints_after, flag::COMPLAINT_AFTER);
        add(&r.past, flag::PAST);
        add(&file.citation.leads, flag::CITE_LEAD);
        add(&file.citation.sources, flag::CITE_SOURCE);
        let num = &file.numbers;
        add(&num.access, flag::ROLE_ACCESS);
        add(&num.outbound, flag::ROLE_OUTBOUND);
        add(&num.contact, flag::ROLE_CONTACT);
        add(&num.user, flag::ROLE_USER);
        add(&num.made, flag::ROLE_MADE);
        add(&num.quantity_units, flag::QUANTITY);
        add(&num.instrument, flag::ROLE_INSTRUMENT);
        add(&num.agents, flag::AGENT);
        // A longer cue wins over a shorter one at the same place, so it takes the negation of
        // the shorter cue it starts with: `不会开展` negates as `不会` does. Look-alikes
        // (`不得超过`) take nothing.
        let negation = flag::STRONG | flag::MODAL;
        let inherited: Vec<u64> = words
            .iter()
            .map(|(w, f)| {
                if f & flag::LOOKALIKE != 0 {
                    return 0;
                }
                w.char_indices()
                    .skip(1)
                    .filter_map(|(i, _)| index.get(&w[..i]).map(|&k| words[k].1 & negation))
                    .fold(0, |a, b| a | b)
            })
            .collect();
        for ((_, f), extra) in words.iter_mut().zip(inherited) {
            *f |= extra;
        }
        let flags = words.iter().map(|&(_, f)| f).collect();
        let words = WordSet::with_stored(
            words.into_iter().map(|(w, _)| w).collect(),
            super::load::STORED_CUES,
            super::load::STORED_CUES_AUTOMATON,
        )?;
        Ok(Self {
            words,
            flags,
            adjacent_gap: n.adjacent_gap,
            signals: file.signals,
        })
    }

    /// The word list a `@name` reference stands for in rule files.
    pub fn word_list(&self, reference: &str) -> Option<&[String]> {
        self.signals.word_list(reference)
    }

    /// The cue words and their automaton.
    #[cfg(test)]
    pub(crate) fn words(&self) -> &WordSet {
        &self.words
    }

    /// All cue words of a folded text, left to right; a longer word wins over a shorter one that
    /// starts at the same place (`不得不` over `不得`, `不少于` over `不`).
    pub fn cues(&self, text: &str) -> Vec<Cue> {
        // Leftmost-longest from all (overlapping) matches: the earliest start, the longest word
        // there, then on from its end. Words are distinct, so no two matches tie.
        let mut all: Vec<(usize, std::cmp::Reverse<usize>, usize)> = self
            .words
            .occurrences(text)
            .map(|(w, r)| (r.start, std::cmp::Reverse(r.end), w))
            .collect();
        all.sort_unstable();
        let mut cues = Vec::new();
        let mut at = 0;
        for (start, std::cmp::Reverse(end), pattern) in all {
            if start >= at {
                cues.push(Cue {
                    start,
                    end,
                    flags: self.flags[pattern],
                });
                at = end;
            }
        }
        cues
    }

    /// Whether a lead-in introduces definitions (`术语表：`, `名词解释`).
    pub fn is_defining(&self, text: &str) -> bool {
        self.cues(text)
            .iter()
            .any(|c| c.flags & flag::DEFINITION != 0)
    }

    /// Flags of a whole short text if it is exactly one cue word (table cells, answers).
    pub fn whole_word_flags(&self, text: &str) -> u64 {
        let t =
            text.trim_matches(|c: char| c.is_ascii_punctuation() || "。，、；：！？".contains(c));
        match self.cues(t).first() {
            Some(c) if c.start == 0 && c.end == t.len() => c.flags,
            _ => 0,
        }
    }

    /// Whether a short text (a lead-in paragraph, a header cell, a caption) declares that what
    /// follows is prohibited.
    pub fn is_prohibiting(&self, text: &str, as_lead_in: bool) -> bool {
        // A lead-in sentence prohibits with any negation (`本公司不开展以下业务：`); a table
        // header only with a prohibition word (`禁止事项`), not with `终止` in
        // `委托合同终止后的处理方式`.
        let cues = self.cues(text);
        let wanted = if as_lead_in {
            flag::STRONG | flag::HEADER
        } else {
            flag::MODAL | flag::HEADER
        };
        let prohibits = cues.iter().any(|c| c.flags & wanted != 0);
        if !prohibits {
            return false;
        }
        if !as_lead_in {
            return true;
        }
        let t = text.trim_end();
        t.ends_with(':') || t.ends_with('：') || cues.iter().any(|c| c.flags & flag::LEAD != 0)
    }

    /// Judges one hit of a rule term in a block: is it the applicant's own affirmative
    /// statement, or is it negated, listed as prohibited, quoted, cited, hypothetical or reactive?
    pub fn judge(&self, v: &View<'_>, hit: Range<usize>) -> Judgement {
        let text = v.text();
        let sentence = v.seg.near(text, hit.clone(), Boundary::Sentence);
        let cues_in = |r: Range<usize>| v.cues_within(r);
        let has = |r: Range<usize>, f: u64| cues_in(r).iter().any(|c| c.flags & f != 0);
        let sentence_has = |f: u64| has(sentence.clone(), f);

        // Quoted titles are never statements. Quoted text is not when the sentence cites a rule,
        // the quotation itself prohibits, or somebody is quoted speaking (`用户质问：“…”`).
        for q in &v.quotes {
            if q.range.start <= hit.start && hit.end <= q.range.end {
                if q.title {
                    return Judgement::Quoted;
                }
                // A word quoted to talk about the word: `“批量外呼”一词仅出现在…`.
                let after = &text[q.range.end..];
                if META_AFTER.iter().any(|w| after.starts_with(w)) {
                    return Judgement::Quoted;
                }
                let quote_prohibits = has(q.range.clone(), flag::STRONG | flag::POST);
                // The words right before the opening quote (a `？` inside the quotation would
                // otherwise cut the sentence).
                let from = text[..q.range.start]
                    .char_indices()
                    .rev()
                    .nth(7)
                    .map_or(0, |(i, _)| i);
                let lead = &text[from..q.range.start];
                let speech = SPEECH
                    .iter()
                    .any(|w| lead.trim_end_matches(':').ends_with(w));
                if quote_prohibits
                    || speech
                    || sentence_has(flag::CITE_LEAD)
                    || sentence_has(flag::CITE_SOURCE)
                {
                    return Judgement::Quoted;
                }
            }
        }

        // The clause of the hit, extended over `、` so that `不开展电话营销、催收` covers both items.
        let window = v.seg.near(text, hit.clone(), Boundary::Clause);

        // A contrast names something to set the applicant apart from it: `与地网许可不同，…`,
        // `不同于营销外呼，本中心的回访…`.
        if self.contrasted(v, &window, &hit) {
            return Judgement::Negated;
        }

        // Before the hit, nearest cue first. A cue may run into the hit (`不购买` before
        // `购买名单`) and still govern it; a re-assertion (`但`, `还开展`) stops the search; a
        // negation inside a relative clause (`尚未下单的用户…进行回访`) governs only its own verb
        // unless it is a modal (`不得对未同意的用户进行回访`).
        let before: Vec<&Cue> = v.cues_starting(window.start..hit.start).iter().collect();
        for cue in before.iter().rev() {
            let f = cue.flags;
            if f & flag::RESET != 0 && cue.end <= hit.start {
                break;
            }
            let between = &text[cue.end.min(hit.start)..hit.start];
            // Characters between cue and hit, counted only when it can matter (a long gap is
            // at least a quarter of its bytes).
            let gap = if between.len() / 4 > self.adjacent_gap.max(6) {
                usize::MAX
            } else {
                between.chars().count()
            };
            if f & flag::STRONG != 0 {
                if f & flag::MODAL == 0 && relative_clause(between) {
                    continue;
                }
                return Judgement::Negated;
            }
            if f & flag::ADJACENT != 0 && gap <= self.adjacent_gap {
                return Judgement::Negated;
            }
            // `违规外呼`, `擅自开展营销外呼`, `投诉营销外呼`: only close to the hit, and not
            // across `、` (`投诉受理、产品推广外呼` are two items of a list).
            if f & (flag::QUALIFIER | flag::COMPLAINT) != 0 && gap <= 6 && !between.contains('、')
            {
                return Judgement::Reactive;
            }
        }

        // After the hit: `电话营销一律禁止`, `营销外呼的投诉`, `批量群呼的来电号码`.
        for cue in cues_in(hit.end..window.end) {
            let f = cue.flags;
            if f & flag::RESET != 0 {
                break;
            }
            if f & flag::POST != 0 {
                return Judgement::Negated;
            }
            if f & (flag::COMPLAINT | flag::COMPLAINT_AFTER) != 0
                && text[hit.end..cue.start].chars().count() <= 4
            {
                return Judgement::Reactive;
            }
        }

        // Topic and comment: the hit is put first and negated in a later clause of its sentence.
        // `对于以营销为目的的外呼需求，本公司一律不予承接`; `电话营销、贷款推介之类的外呼项目，
        // 我们过去没有承接过`; `落地网关、VOS之类的架构在行业里很常见，但本平台没有采用`.
        // The topic may also open the sentence and list its items over several clauses:
        // `对于委托单位的各类需求，包括推荐新品、催交欠款，我司一律不以外呼方式承接`.
        let opening = v
            .seg
            .near(text, sentence.start..sentence.start, Boundary::Clause);
        let topic_marker = has(window.start..hit.start, flag::CONDITION | flag::TOPIC)
            || (opening.end <= hit.start && has(opening, flag::TOPIC));
        let fronted = TOPIC_TAILS.iter().any(|t| text[window.clone()].contains(t));
        let concessive = has(sentence.start..hit.start, flag::CONCESSIVE);
        if (topic_marker || fronted || concessive) && window.end < sentence.end {
            let mut at = window.end;
            while at < sentence.end {
                let next = v.seg.near(text, at + 1..at + 1, Boundary::Clause);
                let head_end = text[next.start..next.end]
                    .char_indices()
                    .nth(12)
                    .map_or(next.end, |(i, _)| next.start + i);
                let head = next.start..head_end;
                if has(head, flag::MODAL | flag::POST) {
                    return Judgement::Negated;
                }
                if next.end <= at {
                    break;
                }
                at = next.end;
            }
        }

        // `是否开展营销外呼：否`.
        if text[window.end..].starts_with([':', '|']) {
            let next = v
                .seg
                .window(window.end + 1..window.end + 1, Boundary::Clause);
            if self.whole_word_flags(&text[next]) & (flag::ANSWER | flag::CELL) != 0 {
                return Judgement::Negated;
            }
        }

        // A prohibition lead-in earlier in the sentence (`严禁以下行为：电话营销；催收。`), or a
        // lead-in line ending in a colon followed by enumerated lines in the same paragraph.
        if self.after_lead_in(v, &sentence, &window) {
            return Judgement::Prohibited;
        }

        // A glossary entry, a definition, a description of the document or of other companies:
        // `术语说明：AXB指…`, `本章规定回访的适用情形`, `市场上部分电销企业…`.
        if has(sentence.start..hit.start, flag::DEFINITION) {
            return Judgement::Quoted;
        }
        // Something the plan dropped or only considered: `曾计划向线路商采购线路，已删除该内容`;
        // `我们也接触过几家线路商，但最终全部线路由中国电信提供`.
        if has(hit.end..sentence.end, flag::RETRACTION) {
            return Judgement::Reactive;
        }
        if has(sentence.start..hit.start, flag::CONSIDERED)
            && has(hit.end..sentence.end, flag::RESET)
        {
            return Judgement::Reactive;
        }

        // `早年曾承接少量电销项目，2020年起已全部终止`, `原系统日志只保存30天，现已调整为180天`.
        let later = &text[hit.end..sentence.end];
        if has(sentence.start..hit.start, flag::PAST)
            && (later.contains('已') || later.contains('现'))
        {
            return Judgement::Reactive;
        }
        // A question (`贵司是否对外提供外呼线路？`, `请说明是否具备自动外呼能力。`) asks; it
        // does not state.
        // Every request word starts with 请: one character scan rules most sentences out.
        let asks = text[sentence.end..].starts_with('?')
            || (text[sentence.start..hit.start].contains('请')
                && REQUEST
                    .iter()
                    .any(|w| text[sentence.start..hit.start].contains(w)));
        if asks && QUESTION.iter().any(|w| text[window.clone()].contains(w)) {
            return Judgement::Structural;
        }

        // `如发现坐席违规外呼，立即停止其权限`.
        let condition_before = has(sentence.start..hit.start, flag::CONDITION);
        let consequence_after = has(hit.end..sentence.end, flag::CONSEQUENCE);
        if condition_before && consequence_after {
            return Judgement::Reactive;
        }

        // `依据81号文，呼叫中心不得…电话营销…`
        let titled = v
            .quotes
            .iter()
            .any(|q| q.title && q.range.start >= sentence.start && q.range.end <= sentence.end);
        let cites = sentence_has(flag::CITE_LEAD) && (sentence_has(flag::CITE_SOURCE) || titled);
        if cites && sentence_has(flag::STRONG | flag::POST) {
            return Judgement::Cited;
        }
        Judgement::Affirmed
    }

    /// Whether the hit is what a contrast sets the applicant apart from: a contrast word before
    /// it in its clause (`不同于…`), or `与`/`和`/`跟`/`同` shortly before it and a contrast word
    /// after it (`与地网许可不同`).
    fn contrasted(&self, v: &View<'_>, window: &Range<usize>, hit: &Range<usize>) -> bool {
        let text = v.text();
        let before = v.cues_starting(window.start..hit.start);
        for cue in before.iter().rev() {
            if cue.flags & flag::RESET != 0 && cue.end <= hit.start {
                break;
            }
            if cue.flags & flag::CONTRAST_BEFORE != 0 {
                return true;
            }
        }
        let Some(after) = v
            .cues_within(hit.end..window.end)
            .iter()
            .find(|c| c.flags & (flag::CONTRAST_AFTER | flag::RESET) != 0)
        else {
            return false;
        };
        if after.flags & flag::CONTRAST_AFTER == 0 {
            return false;
        }
        // The comparison word opens the compared phrase: at most a dozen characters before the
        // hit (`与传统地网许可不同`).
        let from = text[..hit.start]
            .char_indices()
            .rev()
            .nth(11)
            .map_or(0, |(i, _)| i)
            .max(window.start);
        text[from..hit.start].contains(['与', '和', '跟', '同'])
    }

    fn after_lead_in(&self, v: &View<'_>, sentence: &Range<usize>, window: &Range<usize>) -> bool {
        // The last lead-in before the hit's clause governs it if it is in the same sentence, or
        // ends its line (`禁止事项：` + line break: the lines below are the list), and no
        // re-assertion (`但`, `此外`) comes between.
        let k = v.lead_ins.partition_point(|l| l.end <= window.start);
        let Some(lead) = k.checked_sub(1).map(|k| v.lead_ins[k]) else {
            return false;
        };
        if !(lead.ends_line || lead.end >= sentence.start) {
            return false;
        }
        !v.cues_within(lead.end..window.start)
            .iter()
            .any(|c| c.flags & flag::RESET != 0)
    }

    /// The prohibition lead-ins of a block: `严禁以下行为：`, `本公司不开展以下业务：`, and a line
    /// `禁止事项：` followed by a line break. Computed once per block.
    fn lead_ins(&self, text: &str, seg: &Segments, cues: &[Cue]) -> Vec<LeadIn> {
        let mut out: Vec<LeadIn> = Vec::new();
        for cue in cues
            .iter()
            .filter(|c| c.flags & (flag::STRONG | flag::HEADER) != 0)
        {
            let w = seg.near(text, cue.start..cue.end, Boundary::Clause);
            if out.last().is_some_and(|l| l.end == w.end) {
                continue;
            }
            let colon = text[w.end..].starts_with(':');
            let ends_line = colon && text[w.end + 1..].starts_with(crate::text::HARD_BREAK);
            // `本公司不开展以下业务：` and `严禁：` introduce a prohibited list; a negated clause that
            // merely ends in a colon (`不是租用第三方的平台：服务器、号码均属于公司`) does not.
            let within = {
                let a = cues.partition_point(|c| c.start < w.start);
                let b = cues.partition_point(|c| c.start < w.end);
                &cues[a..b]
            };
            let marked = within
                .iter()
                .any(|c| c.end <= w.end && c.flags & flag::LEAD != 0);
            let prohibiting = cue.flags & (flag::MODAL | flag::HEADER) != 0;
            if marked || (colon && prohibiting) {
                out.push(LeadIn {
                    end: w.end,
                    ends_line,
                });
            }
        }
        out
    }
}

/// Where a prohibition lead-in ends, and whether it ends its line.
#[derive(Debug, Clone, Copy)]
struct LeadIn {
    end: usize,
    ends_line: bool,
}

/// Interrogatives of a yes/no question about the applicant.
const QUESTION: &[&str] = &["是否", "有无", "有没有", "能否", "可否", "是不是", "会不会"];

/// Words right after a closing quotation mark that make the quotation a mention of a word, not
/// a use of it: `“回访”在本方案中有两层含义`, `“转售”一词`.
const META_AFTER: &[&str] = &[
    "一词",
    "一语",
    "二字",
    "字样",
    "等字样",
    "这个词",
    "这一说法",
    "这一表述",
    "的说法",
    "的表述",
    "在本方案中",
    "在本文中",
    "在本计划中",
    "是指",
    "指的是",
    "系指",
    "的含义",
    "的提法",
];

/// Requests that turn a yes/no question into a query without a question mark:
/// `请说明是否具备自动外呼能力。`
const REQUEST: &[&str] = &[
    "请说明",
    "请补充说明",
    "请补充",
    "请明确",
    "请解释",
    "请阐述",
    "请核实",
    "请确认",
    "请列明",
];

/// Words that introduce somebody else's words in quotation marks: `用户质问：“…”`,
/// `专家意见：“…”`, `整改前原文：“…”`.
const SPEECH: &[&str] = &[
    "咨询",
    "问道",
    "来电称",
    "说",
    "问",
    "质问",
    "表示",
    "称",
    "反映",
    "抱怨",
    "询问",
    "回答",
    "答复",
    "告知",
    "提问",
    "投诉称",
    "追问",
    "意见",
    "质询",
    "问题",
    "指出",
    "原文",
    "原表述",
    "写道",
];

/// Words after a hit in its clause that make it a fronted topic: `…之类的外呼项目，我们不承接`.
const TOPIC_TAILS: &[&str] = &[
    "之类",
    "这类",
    "这一类",
    "一类",
    "这些",
    "此类",
    "等方案",
    "等业务",
    "等做法",
    "等功能",
    "等项目",
    "等行为",
    "等架构",
    "等模式",
];

/// Whether a stretch between a negation and a hit holds a relative clause with its own verb
/// (`尚未下单的用户逐一进行`): the negation then belongs to that clause.
fn relative_clause(between: &str) -> bool {
    const VERBS: &[&str] = &[
        "进行", "开展", "实施", "拨打", "发起", "组织", "安排", "提供", "开通", "使用", "采用",
        "实行",
    ];
    between
        .find('的')
        .is_some_and(|i| VERBS.iter().any(|v| between[i..].contains(v)))
}

/// A quoted stretch of folded text.
#[derive(Debug, Clone)]
pub struct Quote {
    pub range: Range<usize>,
    /// `《…》`: the title of a document.
    pub title: bool,
}

/// Everything the judge needs about one block, computed once per block.
pub struct View<'a> {
    pub folded: &'a Folded,
    pub seg: &'a Segments,
    /// Cue words in text order (the automaton finds them left to right, without overlap).
    pub cues: &'a [Cue],
    pub quotes: Vec<Quote>,
    lead_ins: Vec<LeadIn>,
}

impl<'a> View<'a> {
    pub fn new(lang: &Language, folded: &'a Folded, seg: &'a Segments, cues: &'a [Cue]) -> Self {
        Self {
            folded,
            seg,
            cues,
            quotes: find_quotes(&folded.text),
            lead_ins: lang.lead_ins(&folded.text, seg, cues),
        }
    }

    pub fn text(&self) -> &'a str {
        &self.folded.text
    }

    /// Cues lying wholly inside `r`.
    pub fn cues_within(&self, r: Range<usize>) -> &'a [Cue] {
        let a = self.cues.partition_point(|c| c.start < r.start);
        let b = self.cues.partition_point(|c| c.end <= r.end);
        &self.cues[a..b.max(a)]
    }

    /// Cues starting inside `r` (they may run past its end).
    pub fn cues_starting(&self, r: Range<usize>) -> &'a [Cue] {
        let a = self.cues.partition_point(|c| c.start < r.start);
        let b = self.cues.partition_point(|c| c.start < r.end);
        &self.cues[a..b.max(a)]
    }
}

/// Finds quoted stretches: `《》〈〉“”「」『』‘’` and straight double quotes.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut straight: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let closing = match c {
            '》' => Some('《'),
            '〉' => Some('〈'),
            '”' => Some('“'),
            '」' => Some('「'),
            '』' => Some('『'),
            '’' => Some('‘'),
            _ => None,
        };
        if let Some(opener) = closing {
            if let Some(k) = open.iter().rposition(|&(o, _)| o == opener) {
                let (_, start) = open[k];
                open.truncate(k);
                out.push(Quote {
                    range: start..i + c.len_utf8(),
                    title: opener == '《' || opener == '〈',
                });
            }
            continue;
        }
        match c {
            '《' | '〈' | '“' | '「' | '『' | '‘' => open.push((c, i)),
            '"' => match straight.take() {
                Some(start) => out.push(Quote {
                    range: start..i + 1,
                    title: false,
                }),
                None => straight = Some(i),
            },
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::text::Folded;

    /// Leftmost-longest cues found the slow way: at each place, the longest cue word that
    /// starts there, then on from its end.
    fn naive_cues(language: &super::Language, text: &str) -> Vec<(usize, usize, u64)> {
        let mut by_first: std::collections::HashMap<char, Vec<(usize, &str)>> =
            std::collections::HashMap::new();
        for (i, w) in language.words.words().iter().enumerate() {
            if let Some(c) = w.chars().next() {
                by_first.entry(c).or_default().push((i, w));
            }
        }
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let first = text[at..].chars().next().expect("inside the text");
            let longest = by_first
                .get(&first)
                .into_iter()
                .flatten()
                .filter(|(_, w)| text[at..].starts_with(w))
                .max_by_key(|(_, w)| w.len());
            match longest {
                Some(&(i, w)) => {
                    out.push((at, at + w.len(), language.flags[i]));
                    at += w.len();
                }
                None => at += first.len_utf8(),
            }
        }
        out
    }

    /// The cues picked from the overlapping matches of the automaton are the leftmost-longest
    /// ones, also where cue words overlap and nest.
    #[test]
    fn cues_are_leftmost_longest() {
        let language = crate::lint::RuleSet::builtin().unwrap().language;
        let words = &language.words.words();
        let n = words.len();
        let mut texts: Vec<String> = (0..n)
            .map(|i| {
                let (a, b, c) = (&words[i], &words[(i * 7 + 3) % n], &words[(i * 13 + 5) % n]);
                format!("{a}{b}开展{c}{a}")
            })
            .collect();
        for sample in [
            include_str!("../../samples/defective-plan.md"),
            include_str!("../../samples/national-95-plan.md"),
        ] {
            texts.extend(sample.lines().map(|l| Folded::new(l).text));
        }
        for t in &texts {
            let found: Vec<(usize, usize, u64)> = language
                .cues(t)
                .iter()
                .map(|c| (c.start, c.end, c.flags))
                .collect();
            assert_eq!(found, naive_cues(&language, t), "{t}");
        }
    }
}

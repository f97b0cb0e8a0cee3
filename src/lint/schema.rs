//! The serde schema of one rule file (`lints/<id>.toml`) and of the data tables in
//! `lints/tables/`. Every struct is strict: an unknown key is an error that points into the file.

use serde::{Deserialize, Serialize};

/// The five kinds of defect an expert reviewer looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    BusinessForm,
    NumberType,
    AccessMethod,
    Completeness,
    Security,
}

impl Category {
    pub const ALL: [Category; 5] = [
        Category::BusinessForm,
        Category::NumberType,
        Category::AccessMethod,
        Category::Completeness,
        Category::Security,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::BusinessForm => "business-form",
            Category::NumberType => "number-type",
            Category::AccessMethod => "access-method",
            Category::Completeness => "completeness",
            Category::Security => "security",
        }
    }

    /// The Chinese name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Category::BusinessForm => "业务形态",
            Category::NumberType => "码号类型",
            Category::AccessMethod => "接入方式",
            Category::Completeness => "完整性",
            Category::Security => "安全",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// One rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// Stable id, kebab-case, equal to the file stem.
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    /// Id of an entry of the clause table.
    pub clause: String,
    /// What is wrong, in Chinese. `{found}` is replaced by the matched text, `{missing}` by the
    /// missing items of a `require` check.
    pub message: String,
    /// Compliant wording or what to do, in Chinese.
    pub help: String,
    pub check: Check,
    pub docs: Docs,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Docs {
    /// One line: what the rule detects.
    pub what: String,
    /// Why a reviewer rejects it.
    pub why: String,
    /// A passage that fires this rule and no other.
    pub bad: String,
    /// A compliant passage (with negation or quotation traps) that fires nothing.
    pub good: String,
}

/// How a rule finds its findings.
#[derive(Debug, Clone, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "kebab-case",
    rename_all_fields = "kebab-case",
    deny_unknown_fields
)]
pub enum Check {
    /// Affirmative mentions of any of `terms`, judged in their clause: negated, prohibited, quoted,
    /// cited, hypothetical and heading mentions do not fire.
    Phrase {
        #[serde(default)]
        terms: Vec<String>,
        /// Words that count only together with another word nearby: a verb and its object
        /// (`出租给` with `号码`), a place and what is kept there (`香港` with `机房`).
        #[serde(default)]
        combos: Vec<Combo>,
        /// Regular expressions on the folded text (whitespace removed, full-width folded,
        /// lowercased), for phrasings with a variable middle (`由…厂商…提供的中继`).
        #[serde(default)]
        patterns: Vec<String>,
        /// Longer phrases that contain a term and make it harmless (`营销类投诉` for `营销`).
        #[serde(default)]
        exclude: Vec<String>,
        /// Whether negation and prohibition make the mention compliant (default true).
        #[serde(default = "yes")]
        negatable: bool,
        /// Every occurrence fires, with no judgement of its sentence at all (negation,
        /// quotation, headings, hypotheticals): a house-style term list, as prh or a
        /// search-and-replace list would report it. `exclude`, `requires` and `unless` still
        /// apply. Default false.
        #[serde(default)]
        literal: bool,
        /// The mention fires only if this context is present.
        #[serde(default)]
        requires: Option<Context>,
        /// The mention does not fire if this context is present.
        #[serde(default)]
        unless: Option<Context>,
        /// Once a mention has met its `unless` context (a SIP trunk named with its operator),
        /// later mentions refer back to it and do not fire.
        #[serde(default)]
        once_defined: bool,
    },
    /// Telephone numbers of the given types playing one of the given roles in their sentence.
    Number {
        types: Vec<NumberType>,
        roles: Vec<Role>,
        #[serde(default)]
        requires: Option<Context>,
        #[serde(default)]
        unless: Option<Context>,
    },
    /// A retention period stated for one of `subjects` that is shorter than `min-days`.
    Retention {
        subjects: Vec<String>,
        min_days: u32,
    },
    /// Whole-document requirement: every group must be mentioned affirmatively somewhere.
    Require {
        groups: Vec<Group>,
        /// Only active when the document shows this signal (or, with `unless-signal`, does not).
        #[serde(default)]
        when: Option<Signal>,
        #[serde(default)]
        unless_signal: Option<Signal>,
        /// A mention that satisfies the whole rule, quoted or not: a cross-reference to a separate
        /// application document (`详见《网络与信息安全保障措施》`).
        #[serde(default)]
        alternative: Vec<String>,
    },
    /// Implemented in Rust because it needs the document tree or figures across chapters.
    Builtin { name: Builtin },
}

fn yes() -> bool {
    true
}

/// Context around a mention: any of `any` (folded substring match) or `regex` (on the folded
/// text) inside `scope`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Context {
    pub scope: Scope,
    #[serde(default)]
    pub any: Vec<String>,
    #[serde(default)]
    pub regex: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// The clause of the mention, extended over `、` enumerations.
    Clause,
    /// The part of the sentence up to `；` (the whole sentence when it has none).
    Part,
    /// The sentence (up to `。！？` or a line end).
    Sentence,
    /// The paragraph, list item or table row.
    Block,
    /// The innermost section (heading) and its subsections.
    Section,
    /// The whole document.
    Document,
}

/// A word that fires only with a companion word in its clause or sentence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Combo {
    pub any: Vec<String>,
    pub with: Vec<String>,
    #[serde(default = "clause_scope")]
    pub scope: Scope,
    /// Words in the same scope that make the combination harmless.
    #[serde(default)]
    pub unless: Vec<String>,
}

fn clause_scope() -> Scope {
    Scope::Clause
}

/// One requirement of a `require` check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Group {
    /// Short Chinese name of the item, used in the message (`{missing}`).
    pub name: String,
    #[serde(default)]
    pub any: Vec<String>,
    #[serde(default)]
    pub regex: Option<String>,
    /// Whether a heading counts as a mention (default true).
    #[serde(default = "yes")]
    pub headings: bool,
    /// Only the applicant's own affirmative statement counts: not a quotation, a citation of a
    /// regulation or a complaint context (default false: any mention that is not negated).
    #[serde(default)]
    pub strict: bool,
}

/// Facts about a whole document that switch conditional rules on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// Outbound calls of any kind are described affirmatively.
    Outbound,
    /// A cloud / SaaS / multi-tenant platform is described.
    Cloud,
    /// The applicant serves client units (委托单位).
    Clients,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberType {
    /// 11-digit mobile number.
    Mobile,
    /// 11-digit number of a virtual operator range (170, 171, 162, 165, 167).
    Virtual,
    /// Fixed line with area code.
    Fixed,
    /// 400 / 800 intelligent-network number.
    Ivr400,
    /// 95 + 3 or 4 digits.
    N95,
    /// 955 + 2 digits (banks, insurers, airlines…).
    N955,
    /// 96 + 3 or 4 digits.
    N96,
    /// 1010 + 4 digits, or a 5-digit 10xxx number (the 1-prefix ranges).
    N1010,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The published service / access number.
    Access,
    /// The caller ID or the line used for outbound calls.
    Outbound,
    /// A contact phone of a person or office.
    Contact,
    /// No role word in the sentence.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Builtin {
    RequiredParts,
    RequiredSections,
    NumberScope,
    CoverageScope,
    FigureConsistency,
    TrunkCapacity,
    CapitalMinimum,
    OutboundSeatMajority,
    UnusedSuppression,
}

impl Builtin {
    /// Whether the check needs a whole plan (off when linting a passage).
    pub fn document_only(self) -> bool {
        matches!(self, Builtin::RequiredParts | Builtin::RequiredSections)
    }
}

/// `lints/tables/clauses.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClauseFile {
    pub clause: Vec<ClauseEntry>,
}

/// One clause of Document 81 or of a related regulation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClauseEntry {
    pub id: String,
    /// The regulation, e.g. `工信部信管〔2020〕81号`.
    pub source: String,
    /// Section or article within it.
    pub section: String,
    /// Short Chinese label shown in diagnostics.
    pub label: String,
    /// What the clause requires, paraphrased.
    pub summary: String,
    /// `confirmed`, `reconstructed` or `background`.
    pub confidence: Confidence,
    /// How sure we are of the numbering and wording.
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Attested by independent secondary sources.
    Confirmed,
    /// Content attested, sub-numbering reconstructed.
    Reconstructed,
    /// Background knowledge of the statute, wording not verified.
    Background,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Confirmed => "已由多个独立来源印证",
            Confidence::Reconstructed => "内容已印证，条款序号为重构",
            Confidence::Background => "依据法规常识，原文未核对",
        }
    }
}

//! Figures and declarations collected during the one pass over the blocks (seats, trunk channels,
//! capital, licence scope, coverage, numbers), for the cross-chapter consistency rules.

use std::sync::LazyLock;

use super::pattern::Pattern;

use super::WarmStep;

use super::engine::FoldCache;
use super::language::Judgement;
use super::periods::parse_number;
use super::schema::{NumberType, Role};
use crate::markdown::{Block, BlockKind, Document};
use crate::source::TextRange;
use crate::text::{Boundary, Folded, Segments, WordList};

/// 全网 (nationwide / cross-regional) or 地网 (one province).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LicenceScope {
    National,
    Provincial,
}

impl LicenceScope {
    pub(crate) fn label(self) -> &'static str {
        match self {
            LicenceScope::National => "全网（跨地区）",
            LicenceScope::Provincial => "地网（省内）",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        let s = Folded::new(s).text;
        if ["全网", "跨地区", "跨省", "全国", "national"]
            .iter()
            .any(|w| s.contains(w))
        {
            Some(LicenceScope::National)
        } else if ["地网", "省内", "本省", "单省", "provincial"]
            .iter()
            .any(|w| s.contains(w))
        {
            Some(LicenceScope::Provincial)
        } else {
            None
        }
    }
}

/// What kind of trunk a channel figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TrunkKind {
    Digital,
    Sip,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SeatKind {
    Total,
    Inbound,
    Outbound,
    Terminal,
}

/// A figure stated somewhere in the plan.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Figure {
    pub value: f64,
    pub range: TextRange,
    /// Stated as a target or a later stage (`首期30席，三年内扩至50席`).
    pub staged: bool,
    /// Staged only by a word of planning with no horizon or growth (`规划坐席150席`,
    /// `拟建设坐席80席`): the scale the application asks for.
    pub planned: bool,
    /// Stated as a total (`共60路`, `总容量90路`), not as one item of several.
    pub total: bool,
    /// The phase it belongs to when named (`首期`/`一期`/`第一期` = 1, `第一年` = 11).
    pub phase: Option<u8>,
    /// Identifies its clause (block and position), to tell a restatement (`4条E1（共120路）`)
    /// from a total stated on its own.
    pub clause: (usize, usize),
}

#[derive(Debug, Clone)]
pub(crate) struct Coverage {
    pub provinces: Vec<&'static str>,
    pub national: bool,
    pub range: TextRange,
}

#[derive(Debug, Clone)]
pub(crate) struct NumberFact {
    pub kind: NumberType,
    pub role: Role,
    pub range: TextRange,
    /// Its sentence speaks of nationwide reach (`全国`, `跨地区`…).
    pub national_words: bool,
    /// Its sentence speaks of one province (`地网`, `本省`…).
    pub provincial_words: bool,
    /// Stated as used (or in a heading), not negated, dropped, contrasted or quoted
    /// (`不使用省内96号码`, `此前使用的96号码已停止使用`).
    pub stated: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub seats: Vec<(SeatKind, Figure)>,
    pub channels: Vec<(TrunkKind, Figure)>,
    /// Company staff (员工) totals, and whether each is today's headcount (`截至…在职员工46人`).
    pub staff: Vec<(bool, Figure)>,
    /// The plan describes hiring: today's headcount may differ from the planned staff.
    pub hiring: bool,
    /// Premises area in square metres.
    pub area: Vec<Figure>,
    /// Registered capital in 万元.
    pub capital: Vec<Figure>,
    /// Outbound share of traffic or seats, in percent.
    pub outbound_share: Vec<Figure>,
    pub scope_claims: Vec<(LicenceScope, TextRange)>,
    /// A stated total with parts that do not add up to it: (where, total, sum of parts).
    pub part_sums: Vec<(TextRange, f64, f64, String)>,
    pub coverage: Vec<Coverage>,
    pub numbers: Vec<NumberFact>,
}

pub(crate) const PROVINCES: &[&str] = &[
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "台湾",
    "香港",
    "澳门",
];

const STAGE_WORDS: &[&str] = &[
    "首期",
    "一期",
    "二期",
    "三期",
    "第一期",
    "第二期",
    "第三期",
    "初期",
    "扩至",
    "扩容",
    "扩展至",
    "扩大至",
    "增至",
    "增加到",
    "增加至",
    "预计",
    "远期",
    "近期",
    "中期",
    "第一年",
    "第二年",
    "第三年",
    "第1年",
    "第2年",
    "第3年",
    "年内",
    "逐步",
    "新增",
    "目标",
    "计划到",
    "计划于",
    "计划在",
    "计划扩",
    "计划新增",
    "上述计划",
    "建设计划",
    "发展计划中",
    "未来",
    "三年",
    "期末",
    "届时",
    "后续",
    "最终",
    "上线初",
    "初始",
    "起步",
    "每年",
    "年底",
    "年末",
    "扩充",
    "阶段",
    "开通时",
    "开通后",
    "开业时",
    "开业后",
    "投入运营后",
    "投产后",
    "到岗后",
    "满员",
    "达产",
];
static STAGE: WordList = WordList::new(STAGE_WORDS);
/// Words of planning: they make a figure the planned scale, which is a target only when a
/// stage word gives it a horizon (`规划三年内扩至100席`).
const PLAN_WORDS: &[&str] = &["规划", "拟", "计划"];
const NATIONAL_WORDS: &[&str] = &["全网", "跨地区", "跨省", "各省", "多个省", "外省", "多省"];
const PROVINCIAL_WORDS: &[&str] = &["地网", "本省", "省内", "全省", "单省"];
const NATIONAL_COVERAGE: &[&str] = &[
    "覆盖全国",
    "全国范围",
    "全国各地",
    "全国用户",
    "全国31",
    "全国各省",
    "面向全国",
    "全国性",
    "辐射全国",
    "全国的用户",
    "全国客户",
    "全国各",
];
static NATIONAL: WordList = WordList::new(NATIONAL_WORDS);
static PROVINCIAL: WordList = WordList::new(PROVINCIAL_WORDS);
static NATIONAL_PHRASES: WordList = WordList::new(NATIONAL_COVERAGE);
/// Words of a figure's clause that make it a total (`共60路`, `中继总容量90路`).
const TOTAL_WORDS: &[&str] = &[
    "共", "合计", "总", "全部", "能力", "容量", "支持", "最大", "满足",
];
static TOTAL: WordList = WordList::new(TOTAL_WORDS);
/// Words that make a staff figure today's headcount rather than the plan.
const CURRENT_WORDS: &[&str] = &[
    "截至",
    "目前",
    "现有",
    "在职",
    "现阶段",
    "当前",
    "编制日",
    "申报日",
];
/// Words that say staff will be hired: today's headcount then differs from the plan.
const HIRING_WORDS: &[&str] = &["招聘", "到岗", "新增人员", "扩招", "陆续入职", "补充人员"];

/// Words that make a sentence about a possible future, not the application.
const HYPOTHETICAL: &[&str] = &[
    "假如",
    "如果",
    "倘若",
    "假设",
    "未来",
    "将来",
    "另行申请",
    "届时",
    "如需",
    "确需",
];

static HYPOTHETICAL_WORDS: WordList = WordList::new(HYPOTHETICAL);

/// Row labels that make a table row a grand total.
const TABLE_TOTAL_LABELS: &[&str] = &["合计", "总计", "共计", "小计", "总"];
/// Row labels of a table row that states a total.
const TABLE_TOTAL_ROWS: &[&str] = &[
    "合计",
    "总计",
    "共计",
    "总",
    "坐席",
    "规模",
    "建设规模",
    "一期",
    "二期",
    "三期",
    "首期",
    "第一",
    "第二",
    "第三",
    "20",
];
/// Qualifiers that make an area a part of the premises, not the premises.
const AREA_PARTS: &[&str] = &[
    "机房",
    "坐席区",
    "会议",
    "培训",
    "休息",
    "库房",
    "仓库",
    "其中",
    "每",
    "人均",
    "工位",
];
const COVERAGE_WORDS: &[&str] = &[
    "覆盖",
    "服务范围",
    "业务范围",
    "服务区域",
    "开展业务的地区",
    "经营地域",
    "业务区域",
    "设立坐席",
    "坐席点",
    "分中心",
    "当地用户",
    "提供热线服务",
    "开通接入",
    "落地接入",
    // What 288号文 calls coverage: where users dial a local number at local rates.
    "本地话费",
    "本地通话费",
    "本地通话计费",
    "本地资费",
    "接入点",
    "提供接入服务",
];
static COVERAGE: WordList = WordList::new(COVERAGE_WORDS);
static PROVINCE_NAMES: WordList = WordList::new(PROVINCES);
/// A clause about where the client units are, not the end users (`委托单位虽分布在全国各地`).
const CLIENT_WORDS: &[&str] = &["委托单位", "委托方", "客户单位", "委托企业", "合作伙伴"];
static CLIENTS: WordList = WordList::new(CLIENT_WORDS);

// Each pattern is tried only on a text that contains one of its gate words (folded); `warm_for`
// compiles ahead of use the patterns whose gate words a plan contains.
const SEATS_GATE: &[&str] = &["席"];
const TERMINALS_GATE: &[&str] = &["终端", "话机", "电脑", "工位", "耳麦", "耳机", "pc"];
const CHANNELS_GATE: &[&str] = &["路", "e1", "pri", "2m"];
const STAFF_GATE: &[&str] = &["员工", "职工", "人员", "参保", "社保"];
const AREA_GATE: &[&str] = &["面积"];
const CAPITAL_GATE: &[&str] = &["注册"];
const SHARE_GATE: &[&str] = &["%"];
const SCOPE_GATE: &[&str] = &["网", "跨", "省内"];
/// Words of a stated total: only then are the amounts of a text added up.
const AMOUNT_GATE: &[&str] = &["合计", "共计", "总计", "其中", "总投资", "总数"];

/// Indices into [`GATE_LISTS`].
mod gate {
    pub const SCOPE: usize = 0;
    pub const HIRING: usize = 1;
    pub const SEATS: usize = 2;
    pub const AMOUNT: usize = 3;
    pub const TERMINALS: usize = 4;
    pub const CHANNELS: usize = 5;
    pub const STAFF: usize = 6;
    pub const AREA: usize = 7;
    pub const CAPITAL: usize = 8;
    pub const SHARE: usize = 9;
    pub const COVERAGE: usize = 10;
    pub const NATIONAL: usize = 11;
    pub const COUNT: usize = 12;
}

/// The gate word lists of this module, one bit each in a [`Gates`] mask, each at the index its
/// [`gate`] constant names. The matcher finds their words in the one automaton pass it makes
/// over a block anyway (see `Matcher::fact_gates`), instead of a substring search of the block
/// per word.
pub(crate) const GATE_LISTS: [&[&str]; gate::COUNT] = {
    let mut lists: [&[&str]; gate::COUNT] = [&[]; gate::COUNT];
    lists[gate::SCOPE] = SCOPE_GATE;
    lists[gate::HIRING] = HIRING_WORDS;
    lists[gate::SEATS] = SEATS_GATE;
    lists[gate::AMOUNT] = AMOUNT_GATE;
    lists[gate::TERMINALS] = TERMINALS_GATE;
    lists[gate::CHANNELS] = CHANNELS_GATE;
    lists[gate::STAFF] = STAFF_GATE;
    lists[gate::AREA] = AREA_GATE;
    lists[gate::CAPITAL] = CAPITAL_GATE;
    lists[gate::SHARE] = SHARE_GATE;
    lists[gate::COVERAGE] = COVERAGE_WORDS;
    lists[gate::NATIONAL] = NATIONAL_COVERAGE;
    // Every index got its list (two constants with one value would leave a hole).
    let mut k = 0;
    while k < gate::COUNT {
        assert!(!lists[k].is_empty(), "a gate index without its list");
        k += 1;
    }
    lists
};

/// Which lists of [`GATE_LISTS`] have a word in a block's folded text (bit `k` for list `k`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Gates(pub(crate) u16);

const _: () = assert!(gate::COUNT <= u16::BITS as usize, "a gate list per bit");

impl Gates {
    /// The mask of the gate lists that `text` has a word of, found the slow way (one substring
    /// search per word); the matcher's pass gives the same.
    pub(crate) fn of(text: &str) -> Self {
        Self(
            GATE_LISTS
                .iter()
                .enumerate()
                .filter(|(_, list)| list.iter().any(|w| text.contains(w)))
                .fold(0, |m, (k, _)| m | 1 << k),
        )
    }

    /// Whether list `k` of [`GATE_LISTS`] has a word in the text.
    fn has(self, k: usize) -> bool {
        self.0 & 1 << k != 0
    }

    /// Whether this is (a word of) a coverage word or a national phrase.
    pub(crate) fn is_coverage(self) -> bool {
        self.has(gate::COVERAGE) || self.has(gate::NATIONAL)
    }
}

// The patterns that search much text (their gate words are common: seats, channels, staff,
// coverage) run on the full engine, compiled ahead of use (see [`warm_steps`]). Those whose
// gate words are rare (terminals, floor space, registered capital, outbound share, stated
// totals) search a few sentences of a plan: `regex-lite` compiles them in microseconds
// instead of a fraction of a millisecond each, and searches those sentences in less time than
// the full engine would take to compile (measured on a dense 30,000-character plan: 0.3 ms
// less start-up, 0.1 ms more searching).
static SEATS: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?P<a>[0-9]+)(?:个)?(?:人工)?(?:坐席|席位|席)|坐席(?:\([^)]{0,4}\))?(?:数量|数|规模|总数|总量)?(?:\([^)]{0,4}\))?(?:为|共|共计|合计|达|达到|约|:|\|)*(?P<b>[0-9]+)(?P<unit>个|席)?")
        .expect("seat pattern compiles")
});
static TERMINALS: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
    regex_lite::Regex::new(r"(?P<a>[0-9]+)(?:套|台|部|个)(?:坐席)?(?:终端|话机|电话机|电脑|pc|耳麦|耳机|工位)|(?:坐席终端|坐席电脑|话机|工位)[^0-9|。;]{0,16}?(?P<b>[0-9]+)(?:套|台|部|个)")
        .expect("terminal pattern compiles")
});
static CHANNELS: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?P<e1a>[0-9]+)(?:条|路|个)?(?:e1|pri|2m)|(?:e1|pri|2m)(?:数字中继|中继|线路)?(?P<e1b>[0-9]+)条|(?:并发|中继|语音通道|通道|话路)(?:能力|数|路数|总容量|容量|总数|并发能力|总并发)?(?:为|:|共|达到|达|约|可达)*(?P<cha>[0-9]+)路|(?P<chb>[0-9]+)路(?:并发|中继|语音|通道|sip|话路|呼叫)|(?:路数|并发数|并发路数|通道数)(?::)*(?P<chc>[0-9]+)|(?:共|合计|总计|总共|共计)(?P<chd>[0-9]+)路")
        .expect("channel pattern compiles")
});
static CAPITAL: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
    regex_lite::Regex::new(r"注册(?:资本|资金)(?:金)?(?:为|:|是|人民币|rmb|¥|￥|实缴)*(?P<n>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9.]+|[零〇一二两三四五六七八九十百千万]+)(?P<unit>万元|万|亿元|亿|元)?")
        .expect("capital pattern compiles")
});
static SHARE: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
    regex_lite::Regex::new(r"(?:呼出|外呼)(?:业务|话务量|话务|坐席|量)?(?:的)?(?:占比|占|比例|比重)(?:约|为|达|达到|超过)*(?P<n>[0-9]+(?:\.[0-9]+)?)%").expect("share pattern compiles")
});
static STAFF: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?:员工|职工|在职人员|从业人员|参保人数|社保人数|缴纳社保人数|参保人员)(?:总数|总计|人数)?(?:共|合计|共计|为|:|达)*(?P<a>[0-9]+)(?:人|名)|(?:共有|现有|拥有)(?:员工|职工)(?P<b>[0-9]+)(?:人|名)").expect("staff pattern compiles")
});
static AREA: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
    regex_lite::Regex::new(r"(?P<n>[0-9]+(?:\.[0-9]+)?)(?:平方米|㎡|平米|m2|m²)")
        .expect("area pattern compiles")
});
static AMOUNT: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
    regex_lite::Regex::new(r"(?P<n>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+)(?P<unit>万元|平方米|人|名|席|台|套|路|条)").expect("amount pattern compiles")
});
static SCOPE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"全网|跨地区|跨省|地网|省内(?:呼叫中心)?(?:业务)?(?:经营)?许可")
        .expect("scope pattern compiles")
});

fn upper_to_lower(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '壹' => '一',
            '贰' | '贳' => '二',
            '叁' => '三',
            '肆' => '四',
            '伍' => '五',
            '陆' => '六',
            '柒' => '七',
            '捌' => '八',
            '玖' => '九',
            '拾' => '十',
            '佰' => '百',
            '仟' => '千',
            '萬' => '万',
            '億' => '亿',
            _ => c,
        })
        .collect()
}

/// Whether a sentence claims nationwide coverage for end users: a national phrase in a clause
/// that is not about where the client units are.
pub(crate) fn national_in(sentence: &str, seg: &Segments, offset: usize, text: &str) -> bool {
    NATIONAL_PHRASES
        .occurrences(sentence)
        .any(|(_, r)| national_at(seg, offset + r.start..offset + r.end, text))
}

/// Whether `word` stands in a clause of the sentence that is not about the client units.
fn national_in_clauses(
    sentence: &str,
    seg: &Segments,
    offset: usize,
    text: &str,
    word: &str,
) -> bool {
    sentence
        .match_indices(word)
        .any(|(i, _)| national_at(seg, offset + i..offset + i + word.len(), text))
}

/// Whether the national phrase at `at` (a range of the folded block `text`) stands in a clause
/// that is not about the client units.
fn national_at(seg: &Segments, at: std::ops::Range<usize>, text: &str) -> bool {
    let c = &text[seg.near(text, at, Boundary::Clause)];
    !CLIENTS.any_in(c) || c.contains("用户")
}

/// The phase a sentence names, if exactly one: `首期`, `一期`, `第一期` are phase 1.
const PHASE_WORDS: &[&str] = &[
    "首期",
    "一期",
    "二期",
    "三期",
    "第一年",
    "第二年",
    "第三年",
    "第1年",
    "第2年",
    "第3年",
    "首年",
];

fn phase_of(sentence: &str) -> Option<u8> {
    let phases = [
        (1, ["首期", "一期", "第一期"]),
        (2, ["二期", "第二期", "二期"]),
        (3, ["三期", "第三期", "三期"]),
        (11, ["第一年", "第1年", "首年"]),
        (12, ["第二年", "第2年", "第二年"]),
        (13, ["第三年", "第3年", "第三年"]),
    ];
    let named: Vec<u8> = phases
        .iter()
        .filter(|(_, words)| words.iter().any(|w| sentence.contains(w)))
        .map(|(n, _)| *n)
        .collect();
    (named.len() == 1).then(|| named[0])
}

/// The labels of a table cell: its row's first cell and its column header, folded.
fn cell_label(doc: &Document, block: &Block, folds: &FoldCache) -> String {
    let Some(cell) = block.cell else {
        return String::new();
    };
    let table = &doc.tables[cell.table];
    let mut parts = Vec::new();
    if cell.column > 0
        && let Some(&first) = table.rows.get(cell.row).and_then(|r| r.first())
    {
        parts.push(folds.get(doc, first).to_owned());
    }
    // A generic column header (`内容`, `数量`) says nothing; a specific one (`坐席数`) labels the cell.
    const GENERIC: &[&str] = &[
        "内容",
        "说明",
        "值",
        "数值",
        "情况",
        "详情",
        "信息",
        "备注",
        "描述",
        "具体内容",
        "数据",
        "参数",
        "数量",
        "规格",
    ];
    if cell.row > 0
        && let Some(h) = folds.header(doc, cell.table, cell.column)
        && !GENERIC.contains(&h)
    {
        parts.push(h.to_owned());
    }
    parts.join(":")
}

/// Parses `1000`, `一千`, `壹仟` including a trailing `万` inside the numeral (`一千万`).
fn amount_in_wan(n: &str, unit: &str) -> Option<f64> {
    let (n, extra) = match n.strip_suffix('万') {
        Some(rest) => (rest, 1.0),
        None => (n, 0.0),
    };
    let v = parse_number(n)?;
    Some(match unit {
        "元" if extra > 0.0 => v,
        "元" => v / 10_000.0,
        "亿" | "亿元" => v * 10_000.0,
        _ => v,
    })
}

impl Facts {
    /// Appends the facts of a later run of blocks.
    pub(crate) fn absorb(&mut self, other: Facts) {
        self.seats.extend(other.seats);
        self.channels.extend(other.channels);
        self.staff.extend(other.staff);
        self.hiring |= other.hiring;
        self.area.extend(other.area);
        self.capital.extend(other.capital);
        self.outbound_share.extend(other.outbound_share);
        self.scope_claims.extend(other.scope_claims);
        self.part_sums.extend(other.part_sums);
        self.coverage.extend(other.coverage);
        self.numbers.extend(other.numbers);
    }

    /// Records a number with the reach its sentence speaks of (`sentence` is a window of the
    /// folded block `text`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn number(
        &mut self,
        kind: NumberType,
        role: Role,
        stated: bool,
        range: TextRange,
        text: &str,
        seg: &Segments,
        sentence: std::ops::Range<usize>,
    ) {
        let words = &text[sentence.clone()];
        self.numbers.push(NumberFact {
            kind,
            role,
            range,
            national_words: NATIONAL.any_in(words) || national_in(words, seg, sentence.start, text),
            provincial_words: PROVINCIAL.any_in(words),
            stated,
        });
    }

    /// Collects the figures and declarations of one block. A table cell is read together with
    /// its labels (the row's first cell and the column header) as `label:label:value`, so that
    /// `| 注册资本 | 800万元 |` reads like `注册资本：800万元`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn collect(
        &mut self,
        doc: &Document,
        bi: usize,
        block: &Block,
        folded: &Folded,
        seg: &Segments,
        structural: bool,
        folds: &FoldCache,
        judge: &dyn Fn(std::ops::Range<usize>) -> Judgement,
        gates: Gates,
        coverage_hits: &[std::ops::Range<usize>],
    ) {
        let text = folded.text.as_str();
        debug_assert_eq!(gates, Gates::of(text), "gate words of {text:?}");
        let to_file =
            |r: std::ops::Range<usize>| block.source_range(folded.original_range(&block.text, r));

        for m in gates
            .has(gate::SCOPE)
            .then(|| SCOPE.find_iter(text))
            .into_iter()
            .flatten()
        {
            // `地网`, `申请福建省内呼叫中心业务许可`.
            let scope = if m.as_str() == "地网" || m.as_str().starts_with("省内") {
                LicenceScope::Provincial
            } else {
                LicenceScope::National
            };
            // `假如未来确需跨省经营，将另行申请跨地区许可` is no claim; nor is a negated one.
            let sentence = &text[seg.near(text, m.range(), Boundary::Sentence)];
            let hypothetical = HYPOTHETICAL_WORDS.any_in(sentence);
            if hypothetical
                || !matches!(
                    judge(m.range()),
                    Judgement::Affirmed | Judgement::Structural
                )
            {
                continue;
            }
            self.scope_claims.push((scope, to_file(m.range())));
        }
        if structural {
            return;
        }
        // Labels apply to value cells (`55套`, `约120`), not to remarks (`含备用5套`).
        let value_cell = text.starts_with(|c: char| c.is_ascii_digit() || c == '约' || c == '~');
        let full_label = cell_label(doc, block, folds);
        let label = if value_cell {
            full_label.clone()
        } else {
            String::new()
        };
        let combined: std::borrow::Cow<'_, str> = if label.is_empty() {
            text.into()
        } else {
            format!("{label}:{text}").into()
        };
        let shift = combined.len() - text.len();
        let cseg = if label.is_empty() {
            None
        } else {
            Some(Segments::new(&combined))
        };
        let cseg = cseg.as_ref().unwrap_or(seg);
        // Map a range of the combined text back to the file; ranges inside the label do not map.
        let map = |r: std::ops::Range<usize>| -> Option<TextRange> {
            (r.end > shift).then(|| to_file(r.start.saturating_sub(shift)..r.end - shift))
        };
        // (staged, planned) of a figure, read from its sentence.
        let stage_at = |r: std::ops::Range<usize>| {
            let s = &combined[cseg.near(&combined, r, Boundary::Sentence)];
            let staged = STAGE.any_in(s);
            let planned = PLAN_WORDS.iter().any(|w| s.contains(w));
            (staged || planned, planned && !staged)
        };
        // A total says so right before its figure or in its table row label (`共60路`, `合计`).
        let total_at = |r: std::ops::Range<usize>| {
            let start = combined[..r.start]
                .char_indices()
                .rev()
                .nth(5)
                .map_or(0, |(i, _)| i);
            let near = &combined[start..r.end];
            TOTAL.any_in(near) || TABLE_TOTAL_LABELS.iter().any(|w| label.starts_with(w))
        };
        // The phase of a figure is named in its own clause (`首期30席，三年内扩至50席`), or
        // anywhere in a table cell's labels.
        let phase_at = |r: std::ops::Range<usize>| {
            if !label.is_empty() {
                return phase_of(&combined[cseg.near(&combined, r, Boundary::Sentence)]);
            }
            // The phase word before the figure in its clause, unless growth follows it
            // (`由首期30席逐步扩展至80席`: 80 is no longer phase one).
            let clause = cseg.near(&combined, r.clone(), Boundary::Clause);
            let lead = &combined[clause.start..r.start];
            let growth = [
                "扩至",
                "扩展至",
                "增至",
                "扩大至",
                "提升至",
                "增加到",
                "增加至",
                "达到",
                "扩充至",
            ];
            let last_phase = PHASE_WORDS.iter().filter_map(|w| lead.rfind(w)).max();
            let last_growth = growth.iter().filter_map(|w| lead.rfind(w)).max();
            match (last_phase, last_growth) {
                (Some(p), Some(g)) if g > p => None,
                (Some(_), _) => phase_of(lead),
                // A later clause of a sentence that opened with one phase and no growth
                // (`一期建设坐席150席，中继采用2条E1（60路）`) still speaks of that phase.
                _ => {
                    let sentence = cseg.near(&combined, r.clone(), Boundary::Sentence);
                    let lead = &combined[sentence.start..r.start];
                    if growth.iter().any(|w| lead.contains(w)) {
                        None
                    } else {
                        phase_of(lead)
                    }
                }
            }
        };
        let clause_of =
            |r: std::ops::Range<usize>| (bi, cseg.near(&combined, r, Boundary::Clause).start);
        let figure = |r: std::ops::Range<usize>, value: f64| -> Option<Figure> {
            let (staged, planned) = stage_at(r.clone());
            Some(Figure {
                value,
                range: map(r.clone())?,
                staged,
                planned,
                total: total_at(r.clone()),
                phase: phase_at(r.clone()),
                clause: clause_of(r),
            })
        };
        let combined_ref = combined.as_ref();

        // A gate word in the label or in the text (none holds the `:` between them).
        let has = |k: usize| gates.has(k) || GATE_LISTS[k].iter().any(|w| label.contains(w));
        let mut block_seats: Vec<(SeatKind, Figure)> = Vec::new();
        self.hiring |= has(gate::HIRING);
        for caps in (has(gate::SEATS))
            .then(|| SEATS.captures_iter(combined_ref))
            .into_iter()
            .flatten()
        {
            let m = caps.get(0).expect("group 0");
            let Some(n) = caps.name("a").or_else(|| caps.name("b")) else {
                continue;
            };
            let after = &combined_ref[m.end()..];
            if caps.name("b").is_some()
                && caps.name("unit").is_none()
                && after.starts_with(|c: char| "人小分秒天日元%次通路年月".contains(c))
            {
                continue;
            }
            let Ok(value) = n.as_str().parse::<f64>() else {
                continue;
            };
            // In a table the whole label is the lead (`营销外呼:坐席数(席):70`).
            let near = if label.is_empty() {
                cseg.near(&combined, m.range(), Boundary::Enumeration)
            } else {
                0..m.start()
            };
            let lead = &combined_ref[near.start..m.start()];
            let own = &combined_ref[m.range()];
            let kind = if ["呼出", "外呼", "回访"]
                .iter()
                .any(|w| lead.contains(w) || own.contains(w))
            {
                SeatKind::Outbound
            } else if lead.contains("呼入") || own.contains("呼入") {
                SeatKind::Inbound
            } else {
                SeatKind::Total
            };
            // A table row that is one item of a breakdown (`| 某燃气公司 | 报修受理 | 10 |`) is a
            // part of the total, not a statement of it.
            let part_of_breakdown = !label.is_empty()
                && kind == SeatKind::Total
                && !TABLE_TOTAL_ROWS.iter().any(|w| label.starts_with(w));
            if let Some(f) = figure(m.range(), value)
                && !part_of_breakdown
            {
                block_seats.push((kind, f));
                self.seats.push((kind, f));
            }
        }
        if label.is_empty() {
            self.sums_in(text, seg, &to_file, gates);
        }
        for caps in (has(gate::TERMINALS))
            .then(|| TERMINALS.captures_iter(combined_ref))
            .into_iter()
            .flatten()
        {
            let m = caps.get(0).expect("group 0");
            let Some(value) = caps
                .name("a")
                .or_else(|| caps.name("b"))
                .and_then(|n| n.as_str().parse().ok())
            else {
                continue;
            };
            if let Some(f) = figure(m.range(), value) {
                self.seats.push((SeatKind::Terminal, f));
            }
        }
        for caps in (has(gate::CHANNELS))
            .then(|| CHANNELS.captures_iter(combined_ref))
            .into_iter()
            .flatten()
        {
            let m = caps.get(0).expect("group 0");
            let e1 = caps
                .name("e1a")
                .or_else(|| caps.name("e1b"))
                .and_then(|n| n.as_str().parse::<f64>().ok());
            let ch = caps
                .name("cha")
                .or_else(|| caps.name("chb"))
                .or_else(|| caps.name("chc"))
                .or_else(|| caps.name("chd"))
                .and_then(|n| n.as_str().parse::<f64>().ok());
            let Some(value) = e1.map(|e| e * 30.0).or(ch) else {
                continue;
            };
            // Which kind of trunk the figure counts, read from the figure and its clause.
            let clause = cseg.near(&combined, m.range(), Boundary::Clause);
            let around = &combined_ref[clause.start.min(m.start())..clause.end.max(m.end())];
            let trunk = if e1.is_some()
                || ["e1", "pri", "数字中继", "2m", "七号"]
                    .iter()
                    .any(|w| around.contains(w))
            {
                TrunkKind::Digital
            } else if ["sip", "ims", "voip"].iter().any(|w| around.contains(w)) {
                TrunkKind::Sip
            } else {
                TrunkKind::Unknown
            };
            if let Some(f) = figure(m.range(), value) {
                self.channels.push((trunk, f));
            }
        }
        for caps in (has(gate::STAFF))
            .then(|| STAFF.captures_iter(combined_ref))
            .into_iter()
            .flatten()
        {
            let m = caps.get(0).expect("group 0");
            let Some(value) = caps
                .name("a")
                .or_else(|| caps.name("b"))
                .and_then(|n| n.as_str().parse().ok())
            else {
                continue;
            };
            let sentence = cseg.near(&combined, m.range(), Boundary::Sentence);
            let current = CURRENT_WORDS
                .iter()
                .any(|w| combined_ref[sentence.clone()].contains(w));
            if let Some(f) = figure(m.range(), value) {
                self.staff.push((current, f));
            }
        }
        // `| 合计 | 28 |` in a table whose column counts people.
        if label.contains("人数")
            && (label.starts_with("合计") || label.starts_with("总计") || label.starts_with("共计"))
            && let Ok(value) = text.trim_end_matches(['人', '名']).parse::<f64>()
        {
            self.staff.push((
                false,
                Figure {
                    value,
                    range: to_file(0..text.len()),
                    staged: false,
                    planned: false,
                    total: true,
                    phase: None,
                    clause: (bi, 0),
                },
            ));
        }
        for caps in (has(gate::AREA))
            .then(|| AREA.captures_iter(combined_ref))
            .into_iter()
            .flatten()
        {
            let m = caps.get(0).expect("group 0");
            let clause = cseg.near(
                &combined,
                m.range(),
                if label.is_empty() {
                    Boundary::Enumeration
                } else {
                    Boundary::Sentence
                },
            );
            let words = &combined_ref[clause];
            if !(words.contains("面积") || words.contains("场地"))
                || AREA_PARTS.iter().any(|p| words.contains(p))
            {
                continue;
            }
            let Ok(value) = caps["n"].parse::<f64>() else {
                continue;
            };
            if let Some(f) = figure(m.range(), value) {
                self.area.push(f);
            }
        }
        let lower = if has(gate::CAPITAL) {
            upper_to_lower(combined_ref)
        } else {
            String::new()
        };
        if !lower.is_empty() && lower.len() == combined_ref.len() {
            for caps in CAPITAL.captures_iter(&lower) {
                let m = caps.get(0).expect("group 0");
                // `RMB 7,500,000`: thousands separators, and a bare sum of yuan without a unit
                // (only when it is large enough to be one: a bare `1000` says nothing).
                let digits = caps["n"].replace(',', "");
                let unit = match caps.name("unit") {
                    Some(u) => u.as_str(),
                    None if digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()) => "元",
                    None => continue,
                };
                let Some(value) = amount_in_wan(&digits, unit) else {
                    continue;
                };
                if let Some(range) = map(m.range()) {
                    self.capital.push(Figure {
                        value,
                        range,
                        staged: false,
                        planned: false,
                        total: true,
                        phase: None,
                        clause: (bi, 0),
                    });
                }
            }
        }
        for caps in (has(gate::SHARE))
            .then(|| SHARE.captures_iter(combined_ref))
            .into_iter()
            .flatten()
        {
            let m = caps.get(0).expect("group 0");
            let Ok(value) = caps["n"].parse::<f64>() else {
                continue;
            };
            if let Some(f) = figure(m.range(), value) {
                self.outbound_share.push(f);
            }
        }
        self.coverage_in(block, text, seg, &full_label, &to_file, coverage_hits);
    }

    /// `公司现有员工32人，其中坐席员25人、技术人员6人`, `坐席员二十人，管理人员五人，合计三十人`,
    /// `总投资380万元，其中设备210万元…`: a stated total and its parts, of one unit, must add up.
    fn sums_in(
        &mut self,
        text: &str,
        seg: &Segments,
        to_file: &dyn Fn(std::ops::Range<usize>) -> TextRange,
        gates: Gates,
    ) {
        if !gates.has(gate::AMOUNT) {
            return;
        }
        for s in sentences(text, seg) {
            let sentence = &text[s.clone()];
            let staged = STAGE.any_in(sentence) || PLAN_WORDS.iter().any(|w| sentence.contains(w));
            if !staged && sentence.len() < 2000 {
                let amounts: Vec<(std::ops::Range<usize>, f64, &str)> = AMOUNT
                    .captures_iter(sentence)
                    .filter_map(|c| {
                        let m = c.get(0)?;
                        let value = parse_number(&c["n"])?;
                        Some((
                            s.start + m.start()..s.start + m.end(),
                            value,
                            c.name("unit")?.as_str(),
                        ))
                    })
                    .collect();
                // A total says so before it (`合计三十人`) or is followed by its breakdown
                // (`员工32人，其中…`).
                let is_total = |r: &std::ops::Range<usize>| {
                    let from = text[..r.start]
                        .char_indices()
                        .rev()
                        .nth(4)
                        .map_or(0, |(i, _)| i);
                    let to = text[r.end..]
                        .char_indices()
                        .nth(3)
                        .map_or(text.len(), |(i, _)| r.end + i);
                    ["合计", "共计", "总计", "共", "总投资", "总数", "总"]
                        .iter()
                        .any(|w| text[from..r.start].contains(w))
                        || text[r.end..to].contains("其中")
                };
                if let Some(t) = amounts.iter().find(|(r, _, _)| is_total(r)) {
                    let unit = t.2;
                    let after_qizhong = text[t.0.end..s.end].find("其中").map(|i| t.0.end + i);
                    let parts: Vec<f64> = amounts
                        .iter()
                        .filter(|(r, _, u)| *u == unit && r.start != t.0.start)
                        .filter(|(r, _, _)| match after_qizhong {
                            Some(q) => r.start > q,
                            None => r.end <= t.0.start,
                        })
                        .map(|(_, v, _)| *v)
                        .collect();
                    let sum: f64 = parts.iter().sum();
                    if parts.len() >= 2 && (sum - t.1).abs() > 0.001 * t.1.max(1.0) {
                        self.part_sums
                            .push((to_file(t.0.clone()), t.1, sum, unit.to_owned()));
                    }
                }
            }
        }
    }

    fn coverage_in(
        &mut self,
        block: &Block,
        text: &str,
        seg: &Segments,
        label: &str,
        to_file: &dyn Fn(std::ops::Range<usize>) -> TextRange,
        hits: &[std::ops::Range<usize>],
    ) {
        let is_coverage_cell = matches!(block.kind, BlockKind::TableCell { header_row: false })
            && ["覆盖", "范围", "地区", "省份", "区域"]
                .iter()
                .any(|w| label.contains(w));
        // Outside a coverage cell, only a sentence with a coverage word or a national phrase
        // (`hits`: where the block has one, found by the matcher) yields anything.
        if !is_coverage_cell
            && (hits.is_empty() || !text.contains(['覆', '全', '范', '区', '域', '地']))
        {
            return;
        }
        for s in sentences(text, seg) {
            // Outside a coverage cell, a sentence without one of those words yields nothing.
            if !is_coverage_cell && !hits.iter().any(|h| s.start <= h.start && h.end <= s.end) {
                continue;
            }
            let sentence = &text[s.clone()];
            let coverage_words = COVERAGE.any_in(sentence);
            let national = national_in(sentence, seg, s.start, text)
                || (is_coverage_cell && sentence.contains("全国"))
                || (coverage_words && national_in_clauses(sentence, seg, s.start, text, "全国"));
            if national || is_coverage_cell || coverage_words {
                let provinces = PROVINCE_NAMES.found_in(sentence);
                if !provinces.is_empty() || national {
                    self.coverage.push(Coverage {
                        provinces,
                        national,
                        range: to_file(s.clone()),
                    });
                }
            }
        }
    }
}

/// The sentences of a folded block text as the figure readers walk them: each one from where
/// the last one's mark ended, bounded as [`Segments::near`] bounds a window.
fn sentences<'t>(
    text: &'t str,
    seg: &'t Segments,
) -> impl Iterator<Item = std::ops::Range<usize>> + 't {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let s = seg.near(text, start..start, Boundary::Sentence);
        let end = s.end.max(next_char(text, start));
        start = text[end..]
            .chars()
            .next()
            .map_or(text.len(), |c| end + c.len_utf8());
        Some(s)
    })
}

/// The offset after the character at `i` (an empty sentence between two marks, as in `覆。。`,
/// still moves the sentence walk on by one whole character).
fn next_char(text: &str, i: usize) -> usize {
    i + text[i..].chars().next().map_or(1, char::len_utf8)
}

/// The full-engine patterns of this module with their gate words.
fn gated() -> [(&'static [&'static str], &'static LazyLock<Pattern>); 4] {
    [
        (SEATS_GATE, &SEATS),
        (CHANNELS_GATE, &CHANNELS),
        (STAFF_GATE, &STAFF),
        (SCOPE_GATE, &SCOPE),
    ]
}

/// The word lists of this module.
fn word_lists() -> [&'static WordList; 9] {
    [
        &STAGE,
        &NATIONAL,
        &PROVINCIAL,
        &NATIONAL_PHRASES,
        &TOTAL,
        &HYPOTHETICAL_WORDS,
        &COVERAGE,
        &PROVINCE_NAMES,
        &CLIENTS,
    ]
}

/// Adds the full-engine patterns of this module that a plan of `text` will try (all of them for
/// `None`) to those to compile ahead of use: those whose gate words it contains (a gate word that only
/// folding reveals, such as `ＰＲＩ`, leaves its pattern to be compiled on first use), and the
/// word lists.
pub(crate) fn warm_steps(text: Option<&str>, steps: &mut Vec<WarmStep>) {
    for (gate, pattern) in gated() {
        if text.is_none_or(|t| gate.iter().any(|w| t.contains(w))) {
            steps.push(WarmStep::Pattern(pattern));
        }
    }
    steps.extend(word_lists().map(WarmStep::Words));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The patterns on `regex-lite` find, on the sample plans, what the `regex` crate finds for
    /// them: the same matches with the same groups.
    #[test]
    fn lite_patterns_match_as_the_regex_crate_does() {
        let mut texts = crate::lint::tests::folded_samples();
        texts.push(
            "话机130部，工位 20个；办公面积1200.5平方米；注册资本为伍佰万元；外呼占比约12.5%"
                .into(),
        );
        let mut compared = 0;
        for lite in [&*TERMINALS, &*CAPITAL, &*SHARE, &*AREA, &*AMOUNT] {
            let full = regex::Regex::new(lite.as_str()).unwrap();
            let groups = full.captures_len();
            for text in &texts {
                let ours: Vec<Vec<Option<std::ops::Range<usize>>>> = lite
                    .captures_iter(text)
                    .map(|c| (0..groups).map(|i| c.get(i).map(|m| m.range())).collect())
                    .collect();
                let theirs: Vec<Vec<Option<std::ops::Range<usize>>>> = full
                    .captures_iter(text)
                    .map(|c| (0..groups).map(|i| c.get(i).map(|m| m.range())).collect())
                    .collect();
                assert_eq!(ours, theirs, "{}", lite.as_str());
                compared += ours.len();
            }
        }
        assert!(compared > 20, "{compared} matches compared");
    }

    #[test]
    fn capital_amounts_in_wan() {
        assert_eq!(amount_in_wan("1000", "万元"), Some(1000.0));
        assert_eq!(amount_in_wan("一千", "万元"), Some(1000.0));
        assert_eq!(amount_in_wan("5000000", "元"), Some(500.0));
        assert_eq!(amount_in_wan("一千万", "元"), Some(1000.0));
        assert_eq!(amount_in_wan("1", "亿元"), Some(10_000.0));
    }
}

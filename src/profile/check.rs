//! Semantic checks of a profile: the combinations an expert reviewer or the licensing authority
//! would reject (a 96 number with a nationwide licence, capital below the statutory minimum,
//! outbound calls without consent, trunks from a reseller, too few channels for the seats).

use std::ops::Range;

use toml::Spanned;

use super::schema::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemLevel {
    Warning,
    Error,
}

/// One problem in a profile, with the place in the TOML it concerns.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Problem {
    pub level: ProblemLevel,
    /// Stable id, e.g. `number-scope`.
    pub id: &'static str,
    pub message: String,
    pub help: String,
    /// Byte range in the profile text (`None` when the value was left out).
    pub span: Option<Range<usize>>,
}

/// The provincial-level divisions a licence can cover.
pub const PROVINCES: &[&str] = &[
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
];

/// The basic telecom operators that may provide voice trunks.
pub const BASIC_OPERATORS: &[&str] = &["中国电信", "中国移动", "中国联通", "中国广电"];

/// Channels per E1 link.
pub const E1_CHANNELS: u32 = 30;

/// The number type of an access number, or why it cannot be one.
pub fn number_kind(number: &str) -> Result<&'static str, String> {
    let digits: String = number.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("“{number}”不是号码：接入号码只含数字"));
    }
    if digits.starts_with("955") {
        return Err(format!(
            "{digits} 属于955号段，专用于银行、保险、航空等大型服务企业的客服，呼叫中心经营者不能申请"
        ));
    }
    if digits.starts_with("400") || digits.starts_with("800") {
        return Err(format!(
            "{digits} 是基础电信企业的智能网号码（400/800），不是核配给呼叫中心的接入号码；可作附加呼入渠道，但许可的接入号码应为95或96号码"
        ));
    }
    if digits.len() == 11 && digits.starts_with('1') {
        return Err(format!(
            "{digits} 是手机号码，不能作为呼叫中心接入号码；应使用95（全网）或96（地网）号码"
        ));
    }
    if digits.starts_with("10") {
        return Err(format!(
            "{digits} 属于“1”字头号码，只核配给基础电信企业和中央国家机关，呼叫中心经营者不能申请"
        ));
    }
    let len_ok = (5..=6).contains(&digits.len());
    match &digits[..digits.len().min(2)] {
        "95" if len_ok => Ok("95"),
        "96" if len_ok => Ok("96"),
        _ => Err(format!(
            "{digits} 不是呼叫中心接入号码：应为95开头（全网）或96开头（地网）的5至6位号码"
        )),
    }
}

struct Checker<'p> {
    out: Vec<Problem>,
    p: &'p Profile,
}

impl Checker<'_> {
    fn push<T>(
        &mut self,
        level: ProblemLevel,
        id: &'static str,
        at: Option<&Spanned<T>>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.out.push(Problem {
            level,
            id,
            message: message.into(),
            help: help.into(),
            span: at.map(Spanned::span).filter(|s| !s.is_empty()),
        });
    }
    fn error<T>(
        &mut self,
        id: &'static str,
        at: Option<&Spanned<T>>,
        m: impl Into<String>,
        h: impl Into<String>,
    ) {
        self.push(ProblemLevel::Error, id, at, m, h);
    }
    fn warning<T>(
        &mut self,
        id: &'static str,
        at: Option<&Spanned<T>>,
        m: impl Into<String>,
        h: impl Into<String>,
    ) {
        self.push(ProblemLevel::Warning, id, at, m, h);
    }
}

/// Resolved number type (`95`/`96`) of a profile, if it can be told.
pub fn profile_number_kind(p: &Profile) -> Option<&'static str> {
    if let Some(n) = &p.number.number {
        return number_kind(n.get_ref()).ok();
    }
    match p.number.kind.as_ref().map(|k| k.get_ref().trim()) {
        Some("95") => Some("95"),
        Some("96") => Some("96"),
        _ => None,
    }
}

/// Total trunk channels.
pub fn total_channels(p: &Profile) -> u32 {
    p.trunks.get_ref().iter().map(Trunk::channels).sum()
}

/// Whether a date is `YYYY-MM-DD` (or `YYYY-MM` with `month_only`) and plausible.
pub fn parse_date(s: &str, month_only: bool) -> Option<(u32, u32, u32)> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let want = if month_only { 2 } else { 3 };
    if parts.len() != want {
        return None;
    }
    let y: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = if month_only {
        1
    } else {
        parts[2].parse().ok()?
    };
    ((2000..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then_some((y, m, d))
}

pub fn check(p: &Profile) -> Vec<Problem> {
    let mut c = Checker { out: Vec::new(), p };
    company(&mut c);
    licence_and_number(&mut c);
    trunks_and_seats(&mut c);
    outbound(&mut c);
    people_and_security(&mut c);
    dates(&mut c);
    c.out.sort_by_key(|pr| {
        (
            std::cmp::Reverse(pr.level),
            pr.span.as_ref().map(|s| s.start),
        )
    });
    c.out
}

fn company(c: &mut Checker<'_>) {
    let p = c.p;
    if p.company.name.get_ref().trim().is_empty() {
        c.error(
            "company-name",
            Some(&p.company.name),
            "公司名称为空",
            "填写营业执照上的公司全称",
        );
    }
    if let Some(code) = &p.company.credit_code {
        let v = code.get_ref().trim();
        if v.chars().count() != 18 || !v.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            c.error(
                "credit-code",
                Some(code),
                format!("统一社会信用代码“{v}”应为18位数字或大写字母"),
                "照营业执照逐位填写",
            );
        }
    }
    let scope = *p.licence.scope.get_ref();
    let capital = *p.company.capital.get_ref();
    if !capital.is_finite() || capital <= 0.0 {
        c.error(
            "capital",
            Some(&p.company.capital),
            "注册资本应为正数（单位：万元）",
            "例如 capital = 1000 表示1000万元",
        );
    } else if capital < scope.minimum_capital() {
        c.error(
            "capital-minimum",
            Some(&p.company.capital),
            format!(
                "注册资本{}万元，低于{}许可的法定最低限额{}万元",
                fmt_num(capital),
                scope.short(),
                scope.minimum_capital()
            ),
            "先增资，或改为申请与注册资本相符的许可范围（地网不少于100万元，全网不少于1000万元）",
        );
    }
    if let Some(paid) = &p.company.paid_in
        && *paid.get_ref() > capital + 1e-9
    {
        c.error(
            "paid-in",
            Some(paid),
            format!(
                "实缴资本{}万元多于注册资本{}万元",
                fmt_num(*paid.get_ref()),
                fmt_num(capital)
            ),
            "核对营业执照与验资材料",
        );
    }
    if let Some(v) = &p.company.scope_includes_vas
        && !*v.get_ref()
    {
        c.warning(
            "business-scope",
            Some(v),
            "营业执照经营范围尚未包含第二类增值电信业务",
            "申请前先到市场监督管理部门变更经营范围，加入“第二类增值电信业务”",
        );
    }
    if let Some(v) = &p.company.clean_record
        && !*v.get_ref()
    {
        c.error(
            "clean-record",
            Some(v),
            "公司或主要投资者、主要经营管理人员近三年有违反电信监督管理制度的记录，不符合许可条件",
            "许可管理办法第六条要求三年内无违法记录；待期满后再申请",
        );
    }
    let holders = p.company.shareholders.get_ref();
    if !holders.is_empty() {
        let total: f64 = holders.iter().map(|h| h.share).sum();
        if holders
            .iter()
            .any(|h| !h.share.is_finite() || h.share <= 0.0)
        {
            c.error(
                "shares",
                Some(&p.company.shareholders),
                "股东持股比例应为正数（单位：%）",
                "例如 share = 60 表示60%",
            );
        } else if (total - 100.0).abs() > 0.5 {
            c.error(
                "shares",
                Some(&p.company.shareholders),
                format!("股东持股比例合计{}%，应为100%", fmt_num(total)),
                "核对公司章程中的股权结构",
            );
        }
        if holders.iter().any(|h| h.foreign) {
            c.warning(
                "foreign-share",
                Some(&p.company.shareholders),
                "股东含外方：外商投资经营增值电信业务另有审批要求，本方案模板按内资企业编写",
                "外资企业请按外商投资电信企业的规定另行准备材料",
            );
        }
    }
}

fn licence_and_number(c: &mut Checker<'_>) {
    let p = c.p;
    let scope = *p.licence.scope.get_ref();
    let provinces = p.licence.provinces.get_ref();
    let nationwide = provinces.iter().any(|s| s.trim() == "全国");
    for name in provinces {
        let n = name.trim();
        if n == "全国" || PROVINCES.contains(&n) {
            continue;
        }
        let hint = PROVINCES
            .iter()
            .find(|full| !n.is_empty() && full.starts_with(n))
            .map(|full| format!("写全称，例如“{full}”"))
            .unwrap_or_else(|| "写省级行政区全称，如“浙江省”“上海市”“广西壮族自治区”".to_owned());
        c.error(
            "province",
            Some(&p.licence.provinces),
            format!("“{n}”不是省级行政区全称"),
            hint,
        );
    }
    match scope {
        Scope::Provincial if nationwide || provinces.len() != 1 => c.error(
            "scope-provinces",
            Some(&p.licence.provinces),
            format!(
                "地网（省内）许可只能覆盖一个省级行政区，这里列了{}",
                if nationwide { "全国".to_owned() } else { format!("{}个", provinces.len()) }
            ),
            "覆盖多个省份应申请全网（跨地区）许可：scope = \"全网\"",
        ),
        Scope::National if provinces.is_empty() => c.error(
            "scope-provinces",
            Some(&p.licence.provinces),
            "全网许可需要列出覆盖的省份，或写 [\"全国\"]",
            "例如 provinces = [\"浙江省\", \"江苏省\", \"上海市\"]",
        ),
        Scope::National if provinces.len() == 1 && !nationwide => c.warning(
            "scope-provinces",
            Some(&p.licence.provinces),
            "全网（跨地区）许可只覆盖一个省份",
            "只在一个省内经营应申请地网（省内）许可（96号码，省通信管理局审批）；否则补充其他覆盖省份",
        ),
        _ => {}
    }

    let kind = match (&p.number.number, &p.number.kind) {
        (Some(n), _) => match number_kind(n.get_ref()) {
            Ok(k) => Some((k, n)),
            Err(why) => {
                c.error(
                    "number",
                    Some(n),
                    why,
                    "全网许可使用95号码（工业和信息化部核配），地网许可使用96号码（省通信管理局核配）",
                );
                None
            }
        },
        (None, Some(k)) => match k.get_ref().trim() {
            "95" => Some(("95", k)),
            "96" => Some(("96", k)),
            other => {
                c.error(
                    "number",
                    Some(k),
                    format!("号码类型“{other}”无效，应为 \"95\" 或 \"96\""),
                    "全网许可用95号码，地网许可用96号码",
                );
                None
            }
        },
        (None, None) => {
            c.out.push(Problem {
                level: ProblemLevel::Error,
                id: "number",
                message: "[number] 中既没有 number（接入号码）也没有 kind（号码类型）".into(),
                help: "号码未确定时写 kind = \"95\"（全网）或 kind = \"96\"（地网）".into(),
                span: None,
            });
            None
        }
    };
    if let Some((kind, at)) = kind {
        match (kind, scope) {
            ("96", Scope::National) => c.error(
                "number-scope",
                Some(at),
                "96号码是省内接入号码，不能用于全网（跨地区）业务",
                "全网许可申请95号码；或把许可范围改为地网（省内）",
            ),
            ("95", Scope::Provincial) => c.error(
                "number-scope",
                Some(at),
                "95号码是全国性接入号码，对应全网（跨地区）许可，地网许可应使用96号码",
                "地网许可申请96号码；或把许可范围改为全网（跨地区）",
            ),
            _ => {}
        }
    }
}

fn trunks_and_seats(c: &mut Checker<'_>) {
    let p = c.p;
    let trunks = p.trunks.get_ref();
    if trunks.is_empty() {
        c.error(
            "trunks",
            Some(&p.trunks),
            "没有语音中继：呼叫中心须通过基础电信企业的中继接入",
            "添加 [[trunks]]，写明基础电信企业分公司、中继类型（E1 或 SIP）和数量",
        );
    }
    for t in trunks {
        let carrier = t.carrier.get_ref().trim();
        if !BASIC_OPERATORS.iter().any(|op| carrier.contains(op)) {
            c.error(
                "trunk-carrier",
                Some(&t.carrier),
                format!("“{carrier}”不是基础电信企业：语音中继只能直接向基础电信企业申请，不得从线路商、代理商或其他公司转租"),
                "写明提供中继的基础电信企业分公司，例如“中国电信杭州分公司”“中国联通四川省分公司”",
            );
        } else if BASIC_OPERATORS.contains(&carrier) {
            c.warning(
                "trunk-carrier-branch",
                Some(&t.carrier),
                format!("只写了“{carrier}”，未写提供接入的分公司"),
                "写到省或地市分公司，例如“中国移动浙江有限公司杭州分公司”，与接入协议一致",
            );
        }
        if *t.count.get_ref() == 0 {
            c.error(
                "trunk-count",
                Some(&t.count),
                "中继数量为0",
                "E1 写中继条数（每条30路），SIP 写并发路数",
            );
        }
    }
    let seats = *p.centre.seats.get_ref();
    if seats == 0 {
        c.error(
            "seats",
            Some(&p.centre.seats),
            "坐席数为0",
            "填写开通时的坐席数",
        );
        return;
    }
    let channels = total_channels(p);
    if channels > 0 && (channels as f64) < seats as f64 * 0.5 {
        c.error(
            "channels",
            Some(&p.trunks),
            format!("中继共{channels}路，不足{seats}个坐席的一半，高峰时大部分坐席无法接通"),
            format!(
                "中继路数一般为坐席数的1至1.5倍；{seats}席至少需要{}路（E1每条30路）",
                seats.div_ceil(2).max(1)
            ),
        );
    } else if channels as f64 > seats as f64 * 4.0 {
        c.warning(
            "channels",
            Some(&p.trunks),
            format!("中继共{channels}路，超过坐席数{seats}的4倍，评审时需要说明用途"),
            "中继路数一般为坐席数的1至1.5倍（含IVR自助并发余量）",
        );
    }
    if let Some(area) = &p.centre.area
        && *area.get_ref() < seats as f64 * 3.0
    {
        c.warning(
            "area",
            Some(area),
            format!(
                "职场面积{}平方米，平均每席不足3平方米",
                fmt_num(*area.get_ref())
            ),
            "核对场地面积；现场核查会对照坐席数查看职场",
        );
    }
    if *p.centre.hosting.get_ref() != Hosting::OwnRoom
        && p.centre
            .provider
            .as_ref()
            .is_none_or(|s| s.get_ref().trim().is_empty())
    {
        c.error(
            "hosting-provider",
            Some(&p.centre.hosting),
            "平台部署在IDC或云平台，但没有写服务商（centre.provider）",
            "写明持有相应经营许可的IDC或云服务商，以及托管合同情况",
        );
    }
    if let Some(agents) = p.staff.agents
        && (agents as f64) < seats as f64 * 0.8
    {
        c.warning(
            "agents",
            None::<&Spanned<u32>>,
            format!("坐席员{agents}人，少于坐席数{seats}的八成，排班难以覆盖"),
            "坐席员一般按坐席数的1.1至1.3倍配置（轮班、休假）",
        );
    }
}

fn outbound(c: &mut Checker<'_>) {
    let p = c.p;
    let o = &p.outbound;
    if !*o.enabled.get_ref() {
        return;
    }
    if o.consent
        .as_ref()
        .is_none_or(|s| s.get_ref().trim().is_empty())
    {
        c.error(
            "outbound-consent",
            Some(&o.enabled),
            "开启了呼出（即时回访），但没有写用户同意的方式（outbound.consent）",
            "81号文只允许经用户同意的即时回访：写明同意如何取得与留存，例如“在服务协议中约定并在来电时口头确认，确认过程录音”",
        );
    }
    if o.purposes.is_empty() {
        c.error(
            "outbound-purposes",
            Some(&o.enabled),
            "开启了呼出，但没有写回访用途（outbound.purposes）",
            "例如 purposes = [\"服务办结后的满意度回访\"]",
        );
    }
    for purpose in &o.purposes {
        if let Some(word) = marketing_word(purpose) {
            c.error(
                "outbound-purpose-marketing",
                Some(&o.enabled),
                format!("回访用途“{purpose}”含“{word}”，属于商业营销类呼出，81号文禁止"),
                "呼出只限经用户同意的即时回访、信息咨询，例如满意度回访、预约确认、受理结果告知",
            );
        }
    }
    if *o.daily_cap.get_ref() == 0 {
        c.error(
            "outbound-cap",
            Some(&o.daily_cap),
            "每日呼出上限为0，与开启呼出矛盾",
            "不开展呼出时写 enabled = false",
        );
    } else if *o.daily_cap.get_ref() > 2 {
        c.warning(
            "outbound-cap",
            Some(&o.daily_cap),
            format!("同一用户每日最多呼出{}次，频次偏高", o.daily_cap.get_ref()),
            "即时回访对同一用户每日一般不超过1次",
        );
    }
    if *o.retention_days.get_ref() < 30 {
        c.error(
            "outbound-retention",
            Some(&o.retention_days),
            format!(
                "呼出录音、号码、时间和同意凭证只保存{}天，少于30天",
                o.retention_days.get_ref()
            ),
            "81号文要求呼出的录音等记录至少留存30日",
        );
    }
}

/// Words that make an outbound purpose commercial marketing.
fn marketing_word(purpose: &str) -> Option<&'static str> {
    [
        "营销",
        "推销",
        "推广",
        "促销",
        "电销",
        "销售",
        "拉新",
        "获客",
        "催收",
        "催缴",
        "贷款",
        "理财推荐",
        "开卡邀约",
        "邀约",
        "市场调查",
    ]
    .into_iter()
    .find(|w| purpose.contains(w))
}

fn people_and_security(c: &mut Checker<'_>) {
    let p = c.p;
    for (who, person) in [
        ("许可证负责人", &p.people.licence_owner),
        ("客户负责人", &p.people.customer_owner),
        ("网络安全负责人", &p.people.security_owner),
    ] {
        if person.name.trim().is_empty() {
            c.out.push(Problem {
                level: ProblemLevel::Error,
                id: "people",
                message: format!("{who}姓名为空"),
                help: "三名负责人须为本公司员工，并由本公司缴纳社保".into(),
                span: None,
            });
        }
        if let Some(v) = &person.social_insurance
            && !*v.get_ref()
        {
            c.warning(
                "social-insurance",
                Some(v),
                format!("{who}{}的社保不由本公司缴纳", person.name),
                "申请材料要求三名负责人的社保证明；由本公司缴纳社保后再提交",
            );
        }
    }
    let s = &p.security;
    if *s.log_months.get_ref() < 6 {
        c.error(
            "log-retention",
            Some(&s.log_months),
            format!("网络日志只保存{}个月，少于6个月", s.log_months.get_ref()),
            "网络安全法第二十一条要求留存相关网络日志不少于六个月",
        );
    }
    if *p.outbound.enabled.get_ref() && *s.recording_days.get_ref() < 30 {
        c.error(
            "recording-retention",
            Some(&s.recording_days),
            format!(
                "通话录音只保存{}天，少于呼出记录要求的30天",
                s.recording_days.get_ref()
            ),
            "开展即时回访时，录音至少保存30日",
        );
    }
}

fn dates(c: &mut Checker<'_>) {
    let p = c.p;
    if let Some(d) = &p.plan.date
        && parse_date(d.get_ref(), false).is_none()
    {
        c.error(
            "date",
            Some(d),
            format!("日期“{}”格式不对", d.get_ref()),
            "写成 2026-11-30 的形式",
        );
    }
    if let Some(d) = &p.schedule.start
        && parse_date(d.get_ref(), true).is_none()
    {
        c.error(
            "date",
            Some(d),
            format!("开始月份“{}”格式不对", d.get_ref()),
            "写成 2027-01 的形式",
        );
    }
}

/// A number without a trailing `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_kinds() {
        assert_eq!(number_kind("95123"), Ok("95"));
        assert_eq!(number_kind("952123"), Ok("95"));
        assert_eq!(number_kind("96512"), Ok("96"));
        assert!(number_kind("95588").is_err());
        assert!(number_kind("4001234567").is_err());
        assert!(number_kind("13812345678").is_err());
        assert!(number_kind("10010").is_err());
        assert!(number_kind("9512").is_err());
        assert!(number_kind("九五").is_err());
    }

    #[test]
    fn dates_parse() {
        assert_eq!(parse_date("2026-11-30", false), Some((2026, 11, 30)));
        assert_eq!(parse_date("2027-01", true), Some((2027, 1, 1)));
        assert_eq!(parse_date("2027/01", true), None);
        assert_eq!(parse_date("2026-13-01", false), None);
    }
}

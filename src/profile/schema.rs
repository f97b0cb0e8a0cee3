//! The profile's fields. Money is in 万元 (10,000 yuan), areas in square metres, periods in days
//! or months as the field name says. Optional fields have defaults that make a sensible plan for
//! a small or mid-sized call centre; `callplan init` writes every field with its default.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub company: Company,
    pub licence: Licence,
    pub number: Number,
    /// At least one trunk from a basic operator.
    pub trunks: Spanned<Vec<Trunk>>,
    pub centre: Centre,
    #[serde(default)]
    pub services: Services,
    #[serde(default)]
    pub outbound: Outbound,
    #[serde(default)]
    pub staff: Staff,
    pub people: People,
    #[serde(default)]
    pub schedule: Schedule,
    #[serde(default)]
    pub budget: Budget,
    #[serde(default)]
    pub equipment: Vec<Equipment>,
    #[serde(default)]
    pub security: Security,
    #[serde(default)]
    pub materials: Materials,
    #[serde(default)]
    pub plan: PlanMeta,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// 公司全称, as on the business licence.
    pub name: Spanned<String>,
    /// 统一社会信用代码 (18 characters).
    pub credit_code: Option<Spanned<String>>,
    /// When and where it was registered, free text: `2019年5月，杭州市滨江区市场监督管理局`.
    pub established: Option<String>,
    /// 注册地址.
    pub address: String,
    /// 经营场所 when different from the registered address.
    pub office: Option<String>,
    /// 注册资本, 万元.
    pub capital: Spanned<f64>,
    /// 实缴资本, 万元.
    pub paid_in: Option<Spanned<f64>>,
    /// 法定代表人.
    pub legal_representative: String,
    /// Whether the business licence's scope already includes 第二类增值电信业务.
    pub scope_includes_vas: Option<Spanned<bool>>,
    /// No violation of telecom regulation by the company, its main investors or managers in
    /// the last three years.
    pub clean_record: Option<Spanned<bool>>,
    /// Background in one or two sentences: what the company has done so far.
    pub background: Option<String>,
    #[serde(default = "no_shareholders")]
    pub shareholders: Spanned<Vec<Shareholder>>,
}

fn no_shareholders() -> Spanned<Vec<Shareholder>> {
    Spanned::new(0..0, Vec::new())
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shareholder {
    pub name: String,
    /// 自然人 or 企业法人.
    #[serde(default = "default_shareholder_kind")]
    pub kind: ShareholderKind,
    /// Share in percent.
    pub share: f64,
    /// Whether the shareholder is foreign (a foreign share needs a separate approval route).
    #[serde(default)]
    pub foreign: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ShareholderKind {
    #[serde(rename = "自然人")]
    Person,
    #[serde(rename = "企业法人", alias = "法人")]
    Company,
}

fn default_shareholder_kind() -> ShareholderKind {
    ShareholderKind::Person
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Scope {
    /// 跨地区 (全网): MIIT issues the licence, 95 numbers.
    #[serde(rename = "全网", alias = "跨地区")]
    National,
    /// 省内 (地网): the provincial administration issues the licence, 96 numbers.
    #[serde(rename = "地网", alias = "省内")]
    Provincial,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::National => "跨地区（全网）",
            Scope::Provincial => "省内（地网）",
        }
    }
    pub fn short(self) -> &'static str {
        match self {
            Scope::National => "全网",
            Scope::Provincial => "地网",
        }
    }
    /// Minimum registered capital in 万元 (许可管理办法 art. 6).
    pub fn minimum_capital(self) -> f64 {
        match self {
            Scope::National => 1000.0,
            Scope::Provincial => 100.0,
        }
    }
    pub fn authority(self) -> &'static str {
        match self {
            Scope::National => "工业和信息化部",
            Scope::Provincial => "省（自治区、直辖市）通信管理局",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub scope: Spanned<Scope>,
    /// Provinces covered: one for 地网; for 全网 the list, or `["全国"]`.
    pub provinces: Spanned<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
pub enum NumberStatus {
    /// The number is yet to be applied for after the licence.
    #[default]
    #[serde(rename = "拟申请")]
    Planned,
    /// Applied for, decision pending.
    #[serde(rename = "申请中")]
    Pending,
    /// Already allocated.
    #[serde(rename = "已核配", alias = "已取得")]
    Allocated,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Number {
    /// The 95/96 access number (`95123`, `96512`); leave out while it is not known.
    pub number: Option<Spanned<String>>,
    /// Number type when `number` is left out: `95` or `96`.
    pub kind: Option<Spanned<String>>,
    #[serde(default)]
    pub status: NumberStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum TrunkKind {
    #[serde(rename = "E1", alias = "数字中继")]
    E1,
    #[serde(rename = "SIP", alias = "SIP中继")]
    Sip,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trunk {
    /// The basic operator's branch: `中国电信杭州分公司`.
    pub carrier: Spanned<String>,
    pub kind: Spanned<TrunkKind>,
    /// E1: number of E1 links (30 channels each). SIP: concurrent channels.
    pub count: Spanned<u32>,
    /// Where the trunk lands, e.g. the city of the machine room.
    pub city: Option<String>,
}

impl Trunk {
    pub fn channels(&self) -> u32 {
        match *self.kind.get_ref() {
            TrunkKind::E1 => self.count.get_ref().saturating_mul(30),
            TrunkKind::Sip => *self.count.get_ref(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Hosting {
    /// Own machine room on the company premises.
    #[serde(rename = "自建机房", alias = "自建")]
    OwnRoom,
    /// Own equipment in a licensed IDC.
    #[serde(rename = "IDC托管", alias = "IDC")]
    Idc,
    /// Cloud resources rented from a licensed cloud provider.
    #[serde(rename = "云平台", alias = "云")]
    Cloud,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Centre {
    pub seats: Spanned<u32>,
    pub hosting: Spanned<Hosting>,
    /// The IDC or cloud provider when hosting is not 自建机房.
    pub provider: Option<Spanned<String>>,
    /// The provider's licence (IDC/云服务 经营许可证号), when known.
    pub provider_licence: Option<String>,
    /// City of the platform (machine room, IDC or cloud region).
    pub city: String,
    /// Address of the seat floor.
    pub address: Option<String>,
    /// Floor area of the call centre in m².
    pub area: Option<Spanned<f64>>,
    /// Whether the platform is also offered to client units as a cloud call centre (seat or
    /// system rental). Adds the tenant controls to the plan.
    #[serde(default)]
    pub tenants: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Services {
    /// Industries of the client units (委托单位).
    pub clients: Vec<String>,
    /// Service items, all inbound.
    pub items: Vec<String>,
    /// Hours of human service.
    pub hours: String,
    /// How clients are charged.
    pub charging: Vec<String>,
}

impl Default for Services {
    fn default() -> Self {
        Services {
            clients: vec![
                "银行与保险".into(),
                "水电燃气等公用事业".into(),
                "电子商务".into(),
            ],
            items: vec![
                "业务咨询".into(),
                "信息查询".into(),
                "业务受理".into(),
                "故障报修".into(),
                "投诉与建议受理".into(),
            ],
            hours: "每日8:00至22:00".into(),
            charging: vec![
                "按坐席包月".into(),
                "按有效通话时长".into(),
                "按项目".into(),
            ],
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outbound {
    /// Whether the centre makes any outbound call at all (only consented call-backs).
    pub enabled: Spanned<bool>,
    /// How the user's consent is obtained, e.g. `服务协议约定` or `来电时口头同意并录音`.
    pub consent: Option<Spanned<String>>,
    /// What the call-backs are for.
    #[serde(default = "default_purposes")]
    pub purposes: Vec<String>,
    /// Calling window (outside rest time).
    #[serde(default = "default_window")]
    pub window: String,
    /// Calls to one user per day at most.
    #[serde(default = "spanned_daily_cap")]
    pub daily_cap: Spanned<u32>,
    /// Days the recordings, numbers, times and consent evidence are kept.
    #[serde(default = "spanned_retention")]
    pub retention_days: Spanned<u32>,
}

impl Default for Outbound {
    fn default() -> Self {
        Outbound {
            enabled: Spanned::new(0..0, false),
            consent: None,
            purposes: default_purposes(),
            window: default_window(),
            daily_cap: Spanned::new(0..0, default_daily_cap()),
            retention_days: Spanned::new(0..0, default_retention()),
        }
    }
}

fn default_purposes() -> Vec<String> {
    vec!["服务办结后的满意度回访".into(), "预约事项的确认".into()]
}
fn default_window() -> String {
    "工作日9:00至12:00、14:00至20:00".into()
}
fn spanned_daily_cap() -> Spanned<u32> {
    Spanned::new(0..0, default_daily_cap())
}
fn spanned_retention() -> Spanned<u32> {
    Spanned::new(0..0, default_retention())
}
fn default_daily_cap() -> u32 {
    1
}
fn default_retention() -> u32 {
    90
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Staff {
    /// Agents (坐席员); default: one per seat plus a fifth for shifts.
    pub agents: Option<u32>,
    /// Team leaders and quality inspectors; default: one per fifteen seats.
    pub supervisors: Option<u32>,
    /// Technical and operations staff.
    pub technical: Option<u32>,
    /// Information-security staff.
    pub security: Option<u32>,
    /// Management and administration.
    pub management: Option<u32>,
    /// Staff already employed with social insurance paid by the company.
    pub employed: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    /// Job title, e.g. `技术总监`.
    pub title: Option<String>,
    /// Social insurance is paid by the applicant (the licence requires it for these three).
    pub social_insurance: Option<Spanned<bool>>,
    /// A line on qualifications.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// 许可证负责人.
    pub licence_owner: Person,
    /// 客户负责人.
    pub customer_owner: Person,
    /// 网络安全负责人.
    pub security_owner: Person,
    /// 技术负责人 (optional).
    pub technical_lead: Option<Person>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Schedule {
    /// Month the work starts, `2027-01`; default: the month after the plan date.
    pub start: Option<Spanned<String>>,
    /// Own steps instead of the standard ones.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub step: String,
    /// Free text period, e.g. `2027年1月至2月`.
    pub period: String,
    #[serde(default)]
    pub detail: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budget {
    /// Own items instead of the estimate from the seat count.
    pub items: Vec<BudgetItem>,
    /// Where the money comes from.
    pub funding: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetItem {
    pub item: String,
    /// 万元.
    pub amount: f64,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Equipment {
    pub name: String,
    #[serde(default)]
    pub model: String,
    pub quantity: u32,
    #[serde(default)]
    pub purpose: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Security {
    /// Months network and system logs are kept (at least 6).
    pub log_months: Spanned<u32>,
    /// Days call recordings are kept.
    pub recording_days: Spanned<u32>,
    /// Target level of 网络安全等级保护.
    pub level: String,
}

impl Default for Security {
    fn default() -> Self {
        Security {
            log_months: Spanned::new(0..0, 6),
            recording_days: Spanned::new(0..0, 180),
            level: "第二级".into(),
        }
    }
}

/// Which application materials are ready. `true` = ready; left out or `false` = still missing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Materials {
    /// 营业执照.
    pub business_licence: Option<bool>,
    /// 法定代表人身份证.
    pub legal_rep_id: Option<bool>,
    /// 股东证照 (ID cards of natural persons, credit records of companies).
    pub shareholder_documents: Option<bool>,
    /// 公司章程.
    pub articles: Option<bool>,
    /// 三名负责人的社保证明.
    pub social_insurance_proof: Option<bool>,
    /// 依法经营电信业务承诺书.
    pub lawful_operation_commitment: Option<bool>,
    /// 骚扰电话禁呼承诺书 / 不违规呼出承诺书.
    pub no_nuisance_commitment: Option<bool>,
    /// 网络与信息安全保障措施.
    pub security_measures: Option<bool>,
    /// 长期服务和质量保障措施.
    pub service_quality_measures: Option<bool>,
    /// 信用证明.
    pub credit_proof: Option<bool>,
    /// 组网图.
    pub network_diagram: Option<bool>,
    /// IDC or cloud service contract, when hosting is not own.
    pub hosting_contract: Option<bool>,
    /// Trunk access agreement or letter of intent with the basic operator.
    pub trunk_agreement: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlanMeta {
    /// Date on the plan, `2026-11-30`; default: today.
    pub date: Option<Spanned<String>>,
    /// First year of the development targets; default: the year after the plan date.
    pub first_year: Option<u32>,
}

//! The view model the plan templates see. Every text that comes from the profile is escaped for
//! Markdown here (a company name with `|` or `*` cannot break a table or start emphasis); figures
//! are formatted as the plan prints them.

use serde::Serialize;

use crate::profile::{
    Hosting, NumberStatus, Profile, Scope, ShareholderKind, TrunkKind, check::fmt_num,
    check::parse_date, check::profile_number_kind, check::total_channels,
};

#[derive(Debug, Clone, Serialize)]
pub struct PlanModel {
    /// YAML front matter (without the `---` lines) declaring the facts the linter cross-checks.
    pub front_matter: String,
    pub company: CompanyView,
    pub licence: LicenceView,
    pub number: NumberView,
    pub trunks: Vec<TrunkView>,
    pub trunk: TrunkSummary,
    pub centre: CentreView,
    pub services: ServicesView,
    pub outbound: OutboundView,
    pub staff: StaffView,
    pub people: PeopleView,
    pub schedule: Vec<StepView>,
    pub budget: BudgetView,
    pub equipment: Vec<EquipmentView>,
    pub security: SecurityView,
    pub plan: PlanView,
    pub targets: Vec<TargetView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompanyView {
    pub name: String,
    pub credit_code: Option<String>,
    pub established: Option<String>,
    pub address: String,
    pub office: String,
    pub capital: String,
    pub paid_in: Option<String>,
    pub paid_in_full: bool,
    pub legal_representative: String,
    pub background: Option<String>,
    pub shareholders: Vec<ShareholderView>,
    /// `两名自然人股东和一家企业法人股东`.
    pub shareholder_summary: String,
    pub employed: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShareholderView {
    pub name: String,
    pub kind: &'static str,
    pub share: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LicenceView {
    pub national: bool,
    /// `全网` / `地网`.
    pub scope: &'static str,
    /// `跨地区（全网）` / `省内（地网）`.
    pub scope_label: &'static str,
    pub nationwide: bool,
    pub provinces: Vec<String>,
    /// `浙江省、江苏省、上海市` or `全国`.
    pub provinces_text: String,
    pub province_count: usize,
    /// The licensing authority.
    pub authority: String,
    /// The home province (first listed, or the centre's province).
    pub home_province: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberView {
    pub known: bool,
    /// `95123`, or `95号码` while unknown.
    pub display: String,
    pub number: String,
    pub kind: &'static str,
    /// `拟申请` / `申请中` / `已核配`.
    pub status: &'static str,
    pub allocator: &'static str,
    /// `五位` / `六位`.
    pub length: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrunkView {
    pub carrier: String,
    pub kind: &'static str,
    pub e1: bool,
    pub count: u32,
    pub channels: u32,
    pub city: String,
    /// `4条E1数字中继（120路）` / `SIP中继（并发60路）`.
    pub desc: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrunkSummary {
    pub channels: u32,
    pub any_e1: bool,
    pub any_sip: bool,
    pub e1_count: u32,
    pub carriers: Vec<String>,
    pub carriers_text: String,
    /// `中国电信杭州分公司提供的4条E1数字中继（120路）`, one per trunk, joined with `，`.
    pub text: String,
    /// Channels per seat, `1.2`.
    pub ratio: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CentreView {
    pub seats: u32,
    /// `own`, `idc` or `cloud`.
    pub hosting: &'static str,
    pub hosting_label: &'static str,
    pub provider: String,
    pub provider_licence: Option<String>,
    pub city: String,
    pub address: String,
    pub area: String,
    pub seat_area: String,
    pub room_area: String,
    pub tenants: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServicesView {
    pub clients: Vec<String>,
    pub clients_text: String,
    pub items: Vec<String>,
    pub items_text: String,
    pub hours: String,
    pub charging: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutboundView {
    pub enabled: bool,
    pub consent: String,
    pub purposes: Vec<String>,
    pub purposes_text: String,
    pub window: String,
    pub daily_cap: u32,
    pub retention_days: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaffView {
    pub agents: u32,
    pub supervisors: u32,
    pub technical: u32,
    pub security: u32,
    pub management: u32,
    pub total: u32,
    pub employed: u32,
    pub to_hire: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub name: String,
    pub title: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeopleView {
    pub licence_owner: PersonView,
    pub customer_owner: PersonView,
    pub security_owner: PersonView,
    pub technical_lead: Option<PersonView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub step: String,
    pub period: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetItemView {
    pub item: String,
    pub amount: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetView {
    pub items: Vec<BudgetItemView>,
    pub total: String,
    pub funding: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EquipmentView {
    pub name: String,
    pub model: String,
    pub quantity: u32,
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityView {
    pub log_months: u32,
    pub recording_days: u32,
    pub level: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanView {
    pub date: String,
    /// `2026年11月30日`.
    pub date_text: String,
    pub year: u32,
    pub month: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    pub year: u32,
    pub seats: u32,
    pub clients: u32,
    /// 万通 per year.
    pub calls: String,
    /// 万元.
    pub revenue: String,
}

/// Escapes text for inline Markdown: nothing in it can open emphasis, a link, code, HTML or a
/// table cell, and line breaks become spaces.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.trim().chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn join(items: &[String]) -> String {
    items.join("、")
}

fn yaml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| serde_json::to_string(s).unwrap_or_default())
        .collect();
    format!("[{}]", quoted.join(", "))
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn ceil_div(a: u32, b: u32) -> u32 {
    a.div_ceil(b.max(1))
}

/// Adds `n` months to (year, month).
fn add_months(y: u32, m: u32, n: u32) -> (u32, u32) {
    let total = y * 12 + (m - 1) + n;
    (total / 12, total % 12 + 1)
}

fn period(start: (u32, u32), from: u32, to: u32) -> String {
    let (y1, m1) = add_months(start.0, start.1, from);
    let (y2, m2) = add_months(start.0, start.1, to);
    if (y1, m1) == (y2, m2) {
        format!("{y1}年{m1}月")
    } else if y1 == y2 {
        format!("{y1}年{m1}月至{m2}月")
    } else {
        format!("{y1}年{m1}月至{y2}年{m2}月")
    }
}

impl PlanModel {
    pub fn build(p: &Profile, today: &str) -> PlanModel {
        let scope = *p.licence.scope.get_ref();
        let national = scope == Scope::National;
        let seats = *p.centre.seats.get_ref();

        // Plan date.
        let date_raw = p
            .plan
            .date
            .as_ref()
            .map(|d| d.get_ref().clone())
            .filter(|d| parse_date(d, false).is_some())
            .unwrap_or_else(|| today.to_owned());
        let (year, month, day) = parse_date(&date_raw, false).unwrap_or((2026, 1, 1));
        let plan = PlanView {
            date: date_raw.clone(),
            date_text: format!("{year}年{month}月{day}日"),
            year,
            month,
        };

        // Licence and coverage.
        let provinces: Vec<String> = p
            .licence
            .provinces
            .get_ref()
            .iter()
            .map(|s| md(s))
            .collect();
        let nationwide = provinces.iter().any(|s| s == "全国");
        let provinces_text = if nationwide {
            "全国".to_owned()
        } else {
            join(&provinces)
        };
        let home_province = provinces
            .iter()
            .find(|s| *s != "全国")
            .cloned()
            .unwrap_or_else(|| "所在省".into());
        let licence = LicenceView {
            national,
            scope: scope.short(),
            scope_label: scope.label(),
            nationwide,
            province_count: if nationwide { 31 } else { provinces.len() },
            provinces,
            provinces_text,
            authority: match scope {
                Scope::National => "工业和信息化部".into(),
                Scope::Provincial => format!("{home_province}通信管理局"),
            },
            home_province,
        };

        // Number.
        let kind = profile_number_kind(p).unwrap_or(if national { "95" } else { "96" });
        let number_text = p
            .number
            .number
            .as_ref()
            .map(|n| {
                n.get_ref()
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            })
            .filter(|n| !n.is_empty());
        let number = NumberView {
            known: number_text.is_some(),
            display: number_text.clone().unwrap_or_else(|| format!("{kind}号码")),
            number: number_text.clone().unwrap_or_default(),
            kind,
            status: match p.number.status {
                NumberStatus::Planned => "拟申请",
                NumberStatus::Pending => "申请中",
                NumberStatus::Allocated => "已核配",
            },
            allocator: if kind == "95" {
                "工业和信息化部"
            } else {
                "省通信管理局"
            },
            length: match number_text.as_ref().map(String::len) {
                Some(6) => "六位",
                _ => "五位",
            },
        };

        // Trunks.
        let centre_city = md(&p.centre.city);
        let trunks: Vec<TrunkView> = p
            .trunks
            .get_ref()
            .iter()
            .map(|t| {
                let e1 = *t.kind.get_ref() == TrunkKind::E1;
                let count = *t.count.get_ref();
                let channels = t.channels();
                TrunkView {
                    carrier: md(t.carrier.get_ref()),
                    kind: if e1 { "E1" } else { "SIP" },
                    e1,
                    count,
                    channels,
                    city: t
                        .city
                        .as_deref()
                        .map(md)
                        .unwrap_or_else(|| centre_city.clone()),
                    desc: if e1 {
                        format!("{count}条E1数字中继（{channels}路）")
                    } else {
                        format!("SIP中继（并发{channels}路）")
                    },
                }
            })
            .collect();
        let mut carriers: Vec<String> = Vec::new();
        for t in &trunks {
            if !carriers.contains(&t.carrier) {
                carriers.push(t.carrier.clone());
            }
        }
        let channels = total_channels(p);
        let trunk = TrunkSummary {
            channels,
            any_e1: trunks.iter().any(|t| t.e1),
            any_sip: trunks.iter().any(|t| !t.e1),
            e1_count: trunks.iter().filter(|t| t.e1).map(|t| t.count).sum(),
            carriers_text: join(&carriers),
            carriers,
            text: trunks
                .iter()
                .map(|t| format!("{}提供的{}", t.carrier, t.desc))
                .collect::<Vec<_>>()
                .join("，"),
            ratio: fmt_num((channels as f64 / seats.max(1) as f64 * 10.0).round() / 10.0),
        };

        // Centre.
        let hosting = *p.centre.hosting.get_ref();
        let area = p
            .centre
            .area
            .as_ref()
            .map(|a| *a.get_ref())
            .unwrap_or(seats as f64 * 8.0);
        let room = if hosting == Hosting::OwnRoom {
            (area * 0.06).clamp(30.0, 200.0).round()
        } else {
            0.0
        };
        let office = p
            .company
            .office
            .as_deref()
            .map(md)
            .unwrap_or_else(|| md(&p.company.address));
        let centre = CentreView {
            seats,
            hosting: match hosting {
                Hosting::OwnRoom => "own",
                Hosting::Idc => "idc",
                Hosting::Cloud => "cloud",
            },
            hosting_label: match hosting {
                Hosting::OwnRoom => "自建机房",
                Hosting::Idc => "IDC托管",
                Hosting::Cloud => "云平台",
            },
            provider: p
                .centre
                .provider
                .as_ref()
                .map(|s| md(s.get_ref()))
                .unwrap_or_default(),
            provider_licence: p.centre.provider_licence.as_deref().map(md),
            city: centre_city,
            address: p
                .centre
                .address
                .as_deref()
                .map(md)
                .unwrap_or_else(|| office.clone()),
            area: fmt_num(area),
            seat_area: fmt_num((seats as f64 * 5.0).min(area * 0.7).round()),
            room_area: fmt_num(room),
            tenants: p.centre.tenants,
        };

        // Services.
        let esc = |v: &[String]| {
            v.iter()
                .map(|s| md(s))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        };
        let clients = esc(&p.services.clients);
        let items = esc(&p.services.items);
        let services = ServicesView {
            clients_text: join(&clients),
            clients,
            items_text: join(&items),
            items,
            hours: md(&p.services.hours),
            charging: esc(&p.services.charging),
        };

        // Outbound.
        let purposes = esc(&p.outbound.purposes);
        let outbound = OutboundView {
            enabled: *p.outbound.enabled.get_ref(),
            consent: p
                .outbound
                .consent
                .as_ref()
                .map(|s| md(s.get_ref()))
                .unwrap_or_default(),
            purposes_text: join(&purposes),
            purposes,
            window: md(&p.outbound.window),
            daily_cap: *p.outbound.daily_cap.get_ref(),
            retention_days: *p.outbound.retention_days.get_ref(),
        };

        // Staff.
        let s = &p.staff;
        let agents = s.agents.unwrap_or_else(|| ceil_div(seats * 6, 5));
        let supervisors = s.supervisors.unwrap_or_else(|| ceil_div(seats, 15).max(2));
        let technical = s.technical.unwrap_or_else(|| ceil_div(seats, 25).max(3));
        let security_staff = s.security.unwrap_or_else(|| ceil_div(seats, 60).max(2));
        let management = s.management.unwrap_or_else(|| ceil_div(seats, 30).max(3));
        let total = agents + supervisors + technical + security_staff + management;
        let employed = s.employed.unwrap_or(0).min(total);
        let staff = StaffView {
            agents,
            supervisors,
            technical,
            security: security_staff,
            management,
            total,
            employed,
            to_hire: total - employed,
        };

        // People.
        let person = |x: &crate::profile::Person, default_title: &str| PersonView {
            name: md(&x.name),
            title: x
                .title
                .as_deref()
                .map(md)
                .unwrap_or_else(|| default_title.to_owned()),
            note: x.note.as_deref().map(md).unwrap_or_default(),
        };
        let people = PeopleView {
            licence_owner: person(&p.people.licence_owner, "许可证负责人"),
            customer_owner: person(&p.people.customer_owner, "客户负责人"),
            security_owner: person(&p.people.security_owner, "网络安全负责人"),
            technical_lead: p
                .people
                .technical_lead
                .as_ref()
                .map(|x| person(x, "技术负责人")),
        };

        // Schedule.
        let start = p
            .schedule
            .start
            .as_ref()
            .and_then(|s| parse_date(s.get_ref(), true))
            .map(|(y, m, _)| (y, m))
            .unwrap_or_else(|| add_months(year, month, 1));
        let schedule = if p.schedule.steps.is_empty() {
            standard_schedule(start, kind, &trunk, hosting)
        } else {
            p.schedule
                .steps
                .iter()
                .map(|s| StepView {
                    step: md(&s.step),
                    period: md(&s.period),
                    detail: md(&s.detail),
                })
                .collect()
        };

        // Budget.
        let items: Vec<BudgetItemView> = if p.budget.items.is_empty() {
            standard_budget(seats, channels, area, hosting)
        } else {
            p.budget
                .items
                .iter()
                .map(|b| BudgetItemView {
                    item: md(&b.item),
                    amount: fmt_num(b.amount),
                    note: md(&b.note),
                })
                .collect()
        };
        let total_budget: f64 = items
            .iter()
            .map(|i| i.amount.parse::<f64>().unwrap_or(0.0))
            .sum();
        let budget = BudgetView {
            items,
            total: fmt_num(total_budget),
            funding: p
                .budget
                .funding
                .as_deref()
                .map(md)
                .unwrap_or_else(|| "公司自有资金".into()),
        };

        // Equipment.
        let equipment = if p.equipment.is_empty() {
            standard_equipment(seats, &trunk, hosting)
        } else {
            p.equipment
                .iter()
                .map(|e| EquipmentView {
                    name: md(&e.name),
                    model: md(&e.model),
                    quantity: e.quantity,
                    purpose: md(&e.purpose),
                })
                .collect()
        };

        let security = SecurityView {
            log_months: *p.security.log_months.get_ref(),
            recording_days: *p.security.recording_days.get_ref(),
            level: md(&p.security.level),
        };

        // Company.
        let holders = p.company.shareholders.get_ref();
        let persons = holders
            .iter()
            .filter(|h| h.kind == ShareholderKind::Person)
            .count();
        let firms = holders.len() - persons;
        let shareholder_summary = match (persons, firms) {
            (0, 0) => String::new(),
            (n, 0) => format!("{}名自然人股东", chinese_count(n)),
            (0, m) => format!("{}家企业法人股东", chinese_count(m)),
            (n, m) => format!(
                "{}名自然人股东和{}家企业法人股东",
                chinese_count(n),
                chinese_count(m)
            ),
        };
        let capital = *p.company.capital.get_ref();
        let paid = p.company.paid_in.as_ref().map(|v| *v.get_ref());
        let company = CompanyView {
            name: md(p.company.name.get_ref()),
            credit_code: p.company.credit_code.as_ref().map(|c| md(c.get_ref())),
            established: p.company.established.as_deref().map(md),
            address: md(&p.company.address),
            office,
            capital: fmt_num(capital),
            paid_in: paid.map(fmt_num),
            paid_in_full: paid.is_some_and(|v| (v - capital).abs() < 1e-9),
            legal_representative: md(&p.company.legal_representative),
            background: p.company.background.as_deref().map(md),
            shareholders: holders
                .iter()
                .map(|h| ShareholderView {
                    name: md(&h.name),
                    kind: match h.kind {
                        ShareholderKind::Person => "自然人",
                        ShareholderKind::Company => "企业法人",
                    },
                    share: fmt_num(h.share),
                })
                .collect(),
            shareholder_summary,
            employed,
        };

        let targets = (0..3)
            .map(|i| {
                let clients = ceil_div(seats, 20).max(2) + i * ceil_div(seats, 30).max(2);
                let calls = seats as f64 * (0.9 + 0.25 * i as f64);
                TargetView {
                    year: year + 1 + i,
                    seats,
                    clients,
                    calls: fmt_num(calls.round()),
                    revenue: fmt_num((seats as f64 * (5.0 + 1.5 * i as f64)).round()),
                }
            })
            .collect();

        let mut fm = String::new();
        fm.push_str("title: 呼叫中心业务发展和实施计划及技术方案\n");
        fm.push_str(&format!("company: {}\n", q(p.company.name.get_ref())));
        fm.push_str(&format!("scope: {}\n", scope.short()));
        fm.push_str(&format!(
            "provinces: {}\n",
            yaml_list(p.licence.provinces.get_ref())
        ));
        if let Some(n) = &number_text {
            fm.push_str(&format!("numbers: [\"{n}\"]\n"));
        }
        fm.push_str(&format!(
            "carriers: {}\n",
            yaml_list(
                &p.trunks
                    .get_ref()
                    .iter()
                    .map(|t| t.carrier.get_ref().clone())
                    .collect::<Vec<_>>()
            )
        ));
        fm.push_str(&format!("seats: {seats}\n"));
        fm.push_str(&format!("trunk_channels: {channels}\n"));
        fm.push_str(&format!("capital: {}万元\n", fmt_num(capital)));
        fm.push_str(&format!("date: {}\n", date_raw));

        PlanModel {
            front_matter: fm,
            company,
            licence,
            number,
            trunks,
            trunk,
            centre,
            services,
            outbound,
            staff,
            people,
            schedule,
            budget,
            equipment,
            security,
            plan,
            targets,
        }
    }
}

fn chinese_count(n: usize) -> String {
    const DIGITS: [&str; 11] = [
        "零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十",
    ];
    DIGITS
        .get(n)
        .map_or_else(|| n.to_string(), |s| (*s).to_owned())
}

fn standard_schedule(
    start: (u32, u32),
    kind: &str,
    trunk: &TrunkSummary,
    hosting: Hosting,
) -> Vec<StepView> {
    let allocator = if kind == "95" {
        "工业和信息化部"
    } else {
        "省通信管理局"
    };
    let site = match hosting {
        Hosting::OwnRoom => "完成职场装修和自有机房建设，安装调试服务器、语音网关、网络与安全设备",
        Hosting::Idc => "在IDC机房上架服务器、语音网关、网络与安全设备，完成职场装修和坐席网络布线",
        Hosting::Cloud => "在云平台开通计算、存储资源和安全服务，完成职场装修和坐席网络布线",
    };
    let line = if trunk.any_e1 && trunk.any_sip {
        "数字中继与SIP中继"
    } else if trunk.any_e1 {
        "数字中继"
    } else {
        "SIP中继"
    };
    let step = |s: &str, from: u32, to: u32, d: String| StepView {
        step: s.to_owned(),
        period: period(start, from, to),
        detail: d,
    };
    vec![
        step(
            "取得经营许可证",
            0,
            1,
            "按专家评审意见完善材料，配合电信管理机构的实地核查".into(),
        ),
        step(
            "申请接入号码",
            2,
            3,
            format!("向{allocator}提交{kind}号码申请，说明号码用途、服务能力和覆盖范围"),
        ),
        step("场地与平台建设", 1, 3, site.to_string()),
        step(
            "中继接入与号码开通",
            3,
            4,
            format!(
                "与{}签订接入协议，开通{line}，号码在码号资源管理系统中完成使用备案后开通号码数据",
                trunk.carriers_text
            ),
        ),
        step(
            "人员招聘与培训",
            2,
            4,
            "完成坐席员招聘与岗前培训，合规培训考核合格后上岗".into(),
        ),
        step(
            "联调测试与试运行",
            4,
            4,
            "完成拨测、压力测试以及录音和日志功能验证；之后进入试运行".into(),
        ),
        step(
            "正式开通",
            5,
            5,
            "业务正式开通，按许可证载明的范围经营".into(),
        ),
    ]
}

fn item(name: &str, amount: f64, note: &str) -> BudgetItemView {
    BudgetItemView {
        item: name.to_owned(),
        amount: fmt_num(amount.round()),
        note: note.to_owned(),
    }
}

fn standard_budget(seats: u32, channels: u32, area: f64, hosting: Hosting) -> Vec<BudgetItemView> {
    let s = seats as f64;
    let mut v = vec![
        item("坐席终端与耳麦", s * 0.6, "坐席电脑、IP话机和降噪耳麦"),
        item(
            "呼叫中心软件",
            40.0 + s * 0.4,
            "软交换、CTI、ACD、IVR、录音质检与工单系统授权",
        ),
    ];
    match hosting {
        Hosting::OwnRoom => {
            v.push(item("服务器与存储", 30.0 + s * 0.3, "主备服务器、录音存储"));
            v.push(item(
                "网络与安全设备",
                35.0,
                "语音网关、交换机、防火墙、日志审计、堡垒机",
            ));
            v.push(item("机房建设", 25.0, "机柜、精密空调、UPS、消防与门禁"));
        }
        Hosting::Idc => {
            v.push(item("服务器与存储", 30.0 + s * 0.3, "主备服务器、录音存储"));
            v.push(item(
                "网络与安全设备",
                35.0,
                "语音网关、交换机、防火墙、日志审计、堡垒机",
            ));
            v.push(item("IDC托管费（首年）", 12.0, "机柜、带宽与电力"));
        }
        Hosting::Cloud => {
            v.push(item(
                "云资源租用费（首年）",
                20.0 + s * 0.15,
                "云主机、云存储、云安全服务",
            ));
            v.push(item(
                "网络与安全设备",
                20.0,
                "职场侧防火墙、交换机、专线设备",
            ));
        }
    }
    v.push(item(
        "职场装修",
        (area * 0.1).max(10.0),
        "坐席区、培训室、监控室",
    ));
    v.push(item(
        "中继与通信费（首年）",
        (channels as f64 * 0.15).max(5.0),
        "中继月租与通话费",
    ));
    v.push(item(
        "人员招聘与培训",
        (s * 0.15).max(5.0),
        "招聘、岗前与合规培训",
    ));
    v.push(item("等级保护测评与安全服务", 15.0, "等保测评、渗透测试"));
    v
}

fn eq(name: &str, model: &str, quantity: u32, purpose: &str) -> EquipmentView {
    EquipmentView {
        name: name.to_owned(),
        model: model.to_owned(),
        quantity,
        purpose: purpose.to_owned(),
    }
}

fn standard_equipment(seats: u32, trunk: &TrunkSummary, hosting: Hosting) -> Vec<EquipmentView> {
    let cloud = hosting == Hosting::Cloud;
    let server = if cloud {
        "云主机"
    } else {
        "机架式服务器"
    };
    let mut v = vec![
        eq("软交换服务器", server, 2, "呼叫控制与路由，主备运行"),
        eq(
            "CTI与ACD服务器",
            server,
            2,
            "排队分配、IVR自助语音，主备运行",
        ),
        eq("录音服务器", server, 2, "全程录音与质检，主备运行"),
        eq(
            "数据库服务器",
            server,
            2,
            "工单、知识库与业务数据，主备运行",
        ),
    ];
    if trunk.any_e1 {
        v.push(eq(
            "数字中继语音网关",
            "E1接口网关",
            trunk.e1_count.div_ceil(4).max(2),
            "连接基础电信企业的E1数字中继",
        ));
    }
    if trunk.any_sip {
        v.push(eq(
            "会话边界控制器",
            "SBC",
            2,
            "对接基础电信企业的SIP中继，主备运行",
        ));
    }
    v.push(eq(
        "录音存储",
        if cloud { "云存储" } else { "磁盘阵列" },
        1,
        "录音与日志存储",
    ));
    v.push(eq("核心交换机", "三层交换机", 2, "内网核心，主备运行"));
    v.push(eq(
        "接入交换机",
        "二层交换机",
        seats.div_ceil(44).max(1),
        "坐席接入",
    ));
    v.push(eq("防火墙", "下一代防火墙", 2, "边界防护与安全域隔离"));
    v.push(eq("日志审计系统", "日志审计", 1, "网络与系统日志集中留存"));
    v.push(eq("运维审计堡垒机", "堡垒机", 1, "运维操作审计"));
    if hosting == Hosting::OwnRoom {
        v.push(eq("不间断电源", "UPS", 1, "机房供电保障"));
    }
    v.push(eq("坐席电脑", "台式计算机", seats, "坐席终端"));
    v.push(eq("IP话机与耳麦", "IP话机", seats, "坐席终端"));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(md("A|B*C_[d]"), "A\\|B\\*C\\_\\[d\\]");
        assert_eq!(md("第一行\n第二行"), "第一行 第二行");
        assert_eq!(md("<script>"), "\\<script\\>");
    }

    #[test]
    fn months_roll_over() {
        assert_eq!(add_months(2026, 11, 3), (2027, 2));
        assert_eq!(period((2026, 12), 0, 1), "2026年12月至2027年1月");
        assert_eq!(period((2027, 1), 2, 2), "2027年3月");
    }
}

//! The application readiness checklist: the materials the licensing authority asks for, each
//! ready, missing or inconsistent with the profile, and the approval steps with what the
//! applicant prepares for each.

use serde::Serialize;

use crate::profile::{Hosting, Problem, ProblemLevel, Profile, Scope, check::profile_number_kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ready,
    Missing,
    Inconsistent,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Ready => "已备齐",
            Status::Missing => "缺",
            Status::Inconsistent => "不一致",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: &'static str,
    pub name: &'static str,
    pub status: Status,
    /// What is missing or inconsistent, and what to do.
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepInfo {
    pub step: &'static str,
    pub who: String,
    pub prepare: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub company: String,
    pub scope: &'static str,
    pub authority: String,
    pub items: Vec<Item>,
    pub steps: Vec<StepInfo>,
    pub ready: usize,
    pub missing: usize,
    pub inconsistent: usize,
}

fn item(id: &'static str, name: &'static str, ready: Option<bool>, note: &str) -> Item {
    let ready = ready.unwrap_or(false);
    Item {
        id,
        name,
        status: if ready {
            Status::Ready
        } else {
            Status::Missing
        },
        note: if ready {
            String::new()
        } else {
            note.to_owned()
        },
    }
}

fn mark(item: &mut Item, problems: &[Problem], ids: &[&str]) {
    let hits: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.level == ProblemLevel::Error && ids.contains(&p.id))
        .collect();
    if !hits.is_empty() {
        item.status = Status::Inconsistent;
        item.note = hits
            .iter()
            .map(|p| p.message.as_str())
            .collect::<Vec<_>>()
            .join("；");
    }
}

pub fn build(p: &Profile, problems: &[Problem]) -> Checklist {
    let scope = *p.licence.scope.get_ref();
    let m = &p.materials;
    let authority = match scope {
        Scope::National => "工业和信息化部".to_owned(),
        Scope::Provincial => format!(
            "{}通信管理局",
            p.licence
                .provinces
                .get_ref()
                .first()
                .map(String::as_str)
                .unwrap_or("所在省")
        ),
    };
    let scope_flag = p.company.scope_includes_vas.as_ref().map(|v| *v.get_ref());
    let mut items = vec![
        {
            let mut it = item(
                "business-licence",
                "营业执照（经营范围含第二类增值电信业务）",
                m.business_licence.map(|b| b && scope_flag != Some(false)),
                "提供营业执照副本扫描件",
            );
            if m.business_licence == Some(true) && scope_flag == Some(false) {
                it.status = Status::Inconsistent;
                it.note = "经营范围尚未包含第二类增值电信业务，先办理经营范围变更".into();
            }
            it
        },
        item(
            "legal-rep-id",
            "法定代表人身份证",
            m.legal_rep_id,
            "提供法定代表人身份证正反面扫描件",
        ),
        item(
            "shareholders",
            "股东证照（自然人身份证、企业法人的信用信息截图）",
            m.shareholder_documents,
            "逐一提供股东的身份证或企业信用信息公示截图",
        ),
        item(
            "articles",
            "公司章程及股权结构",
            m.articles,
            "提供现行有效的公司章程",
        ),
        {
            let all_insured = [
                &p.people.licence_owner,
                &p.people.customer_owner,
                &p.people.security_owner,
            ]
            .iter()
            .all(|x| x.social_insurance.as_ref().is_some_and(|v| *v.get_ref()));
            let mut it = item(
                "social-insurance",
                "许可证负责人、客户负责人、网络安全负责人的社保证明",
                m.social_insurance_proof,
                "提供三名负责人由本公司缴纳社保的近期证明",
            );
            if it.status == Status::Ready && !all_insured {
                it.status = Status::Inconsistent;
                it.note =
                    "档案中有负责人未注明由本公司缴纳社保（people.*.social_insurance）".into();
            }
            it
        },
        item("plan", "业务发展和实施计划及技术方案", Some(true), ""),
        item(
            "security-measures",
            "网络与信息安全保障措施",
            m.security_measures,
            "单独编写，与方案第三部分第八章保持一致",
        ),
        item(
            "service-quality",
            "长期服务和质量保障措施",
            m.service_quality_measures,
            "说明服务质量指标、投诉处理和长期服务能力",
        ),
        item(
            "lawful-commitment",
            "依法经营电信业务承诺书（法定代表人签署）",
            m.lawful_operation_commitment,
            "由法定代表人签字并加盖公章",
        ),
        item(
            "no-nuisance-commitment",
            if *p.outbound.enabled.get_ref() {
                "骚扰电话禁呼承诺书及不违规呼出承诺书"
            } else {
                "骚扰电话禁呼承诺书"
            },
            m.no_nuisance_commitment,
            "由法定代表人签字并加盖公章",
        ),
        item(
            "credit",
            "信用证明",
            m.credit_proof,
            "提供企业信用信息公示报告等信用证明",
        ),
        item(
            "network-diagram",
            "组网图",
            m.network_diagram,
            "按方案第三部分第二章绘制正式组网图",
        ),
        item(
            "trunk-agreement",
            "与基础电信企业的接入协议或意向书",
            m.trunk_agreement,
            "与提供中继的基础电信企业分公司签订",
        ),
    ];
    if *p.centre.hosting.get_ref() != Hosting::OwnRoom {
        items.push(item(
            "hosting-contract",
            "IDC托管或云服务合同及服务商经营许可证",
            m.hosting_contract,
            "提供与持证服务商签订的合同和其许可证复印件",
        ));
    }
    for it in &mut items {
        match it.id {
            "business-licence" => mark(
                it,
                problems,
                &["capital", "capital-minimum", "paid-in", "clean-record"],
            ),
            "shareholders" => mark(it, problems, &["shares"]),
            "plan" => mark(
                it,
                problems,
                &[
                    "number",
                    "number-scope",
                    "scope-provinces",
                    "province",
                    "trunks",
                    "trunk-carrier",
                    "trunk-count",
                    "channels",
                    "seats",
                    "outbound-consent",
                    "outbound-purposes",
                    "outbound-purpose-marketing",
                    "outbound-retention",
                    "log-retention",
                    "recording-retention",
                    "hosting-provider",
                ],
            ),
            "trunk-agreement" => mark(it, problems, &["trunk-carrier"]),
            _ => {}
        }
    }

    let kind = profile_number_kind(p).unwrap_or(match scope {
        Scope::National => "95",
        Scope::Provincial => "96",
    });
    let number_authority = if kind == "95" {
        "工业和信息化部".to_owned()
    } else {
        authority.clone()
    };
    let steps = vec![
        StepInfo {
            step: "网上提交申请",
            who: format!("申请人在{authority}的电信业务市场综合管理信息系统中提交"),
            prepare: "上述全部材料的扫描件，方案按系统的专用表格填报",
        },
        StepInfo {
            step: "初步审核",
            who: authority.clone(),
            prepare: "按补正通知及时补充材料",
        },
        StepInfo {
            step: "专家评审",
            who: format!("{authority}组织专家委员会"),
            prepare: "方案须符合81号文：业务形态、号码使用、接入方式；准备答复专家质询",
        },
        StepInfo {
            step: "签发受理通知书",
            who: authority.clone(),
            prepare: "留意系统通知",
        },
        StepInfo {
            step: "实地核查",
            who: "当地通信管理局".to_owned(),
            prepare: "职场、机房、坐席与人员到位，负责人在场，设备与方案一致",
        },
        StepInfo {
            step: "反馈核查结果",
            who: "当地通信管理局报送审批机关".to_owned(),
            prepare: "按核查意见整改",
        },
        StepInfo {
            step: "审批发证",
            who: authority.clone(),
            prepare: "领取经营许可证；许可证有效期5年，每年1月1日至3月31日报送年报",
        },
        StepInfo {
            step: "申请接入号码",
            who: number_authority,
            prepare: "号码申请材料（用途、服务能力、覆盖范围）；开通前在码号资源管理系统备案",
        },
    ];
    let count = |s: Status| items.iter().filter(|i| i.status == s).count();
    Checklist {
        company: p.company.name.get_ref().clone(),
        scope: scope.label(),
        authority,
        ready: count(Status::Ready),
        missing: count(Status::Missing),
        inconsistent: count(Status::Inconsistent),
        items,
        steps,
    }
}

/// The checklist as text for the terminal.
pub fn render(c: &Checklist) -> String {
    let mut out = format!(
        "{}：申请{}呼叫中心业务许可，审批机关：{}\n\n申请材料（{} 项已备齐，{} 项缺，{} 项不一致）\n",
        c.company, c.scope, c.authority, c.ready, c.missing, c.inconsistent
    );
    for (i, it) in c.items.iter().enumerate() {
        let mark = match it.status {
            Status::Ready => "✓",
            Status::Missing => "✗",
            Status::Inconsistent => "!",
        };
        out.push_str(&format!(
            "  {mark} {:>2}. {}［{}］",
            i + 1,
            it.name,
            it.status.label()
        ));
        if !it.note.is_empty() {
            out.push_str(&format!("：{}", it.note));
        }
        out.push('\n');
    }
    out.push_str("\n审批流程\n");
    for (i, s) in c.steps.iter().enumerate() {
        out.push_str(&format!(
            "  {}. {}（{}）：{}\n",
            i + 1,
            s.step,
            s.who,
            s.prepare
        ));
    }
    out
}

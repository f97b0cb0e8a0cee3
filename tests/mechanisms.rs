//! One case per language mechanism, each naming the rule that must fire (or `None`: nothing may
//! fire). The corpora measure these mechanisms in bulk, where one broken mechanism can hide
//! under a threshold; here each one fails on its own.

use crate::common;

use common::{ids, lint_fragment};

const CASES: &[(&str, &str, Option<&str>)] = &[
    (
        "an expert's request without a question mark asks",
        "第3条：请说明贵司是否会利用闲时坐席开展电话推销。",
        None,
    ),
    (
        "意见 introduces somebody else's quoted words",
        "专家意见：“坐席可利用闲时开展电话推销。”本公司已删除相关表述。",
        None,
    ),
    (
        "a word quoted to talk about it is a mention",
        "“电话营销”这个词只在第二章引用监管文件时出现，本公司的业务清单里没有这一项。",
        None,
    ),
    (
        "a quoted word followed by 是指 is a definition",
        "“营销外呼”是指以推销商品为目的主动拨打用户电话的行为，本中心不开展此类业务。",
        None,
    ),
    (
        "不产生 and 谈不上 negate",
        "坐席话机只能接听来电，系统层面不发起任何外呼，更谈不上群呼或机器人营销。",
        None,
    ),
    (
        "a topic opening the sentence governs its later list clauses",
        "对于委托单位的各类外包需求，包括新品推荐、欠款提醒和促销通知，我司一律不以外呼方式承接。",
        None,
    ),
    (
        "a complaint word does not excuse the next item of a 、 list",
        "服务内容：售后咨询、投诉受理、新品推广外呼。",
        Some("bf-commercial-outbound"),
    ),
    (
        "a combination's partner word must be affirmed",
        "项目负责人手机号码为 139-0571-2233，仅用于与通信管理局工作联系，不作为对外服务号码。",
        None,
    ),
    (
        "a service word made into a contact's number gives it the access role",
        "本中心的对外服务号码沿用公司总机 0571-8702-6600，不另行申请接入号码。",
        Some("num-mobile-or-fixed-number"),
    ),
    (
        "calling and promotion over the part of the sentence",
        "坐席每周对消费满一年的会员逐一致电，介绍最新的满减优惠。",
        Some("bf-commercial-outbound"),
    ),
    (
        "unlimited calling needs its calling word in the same part (up to ；)",
        "经用户同意后，坐席在工作日9:00-20:00进行回访；7×24小时受理用户来电。",
        None,
    ),
    (
        "unlimited calling said as 由…自行掌握",
        "对已同意回访的用户，回访由项目组按工作量自行掌握，不限定具体时段。",
        Some("cmp-outbound-unlimited"),
    ),
    (
        "capital written with thousands separators and no unit",
        "注册资本：RMB 6,800,000\n申请范围：跨地区（全网）",
        Some("cmp-capital-minimum"),
    ),
    (
        "a licence claimed as 省内…许可 with local-rate access in another province",
        "申请江苏省内呼叫中心业务许可，同时在安徽合肥设立接入点，合肥用户按本地话费拨打。",
        Some("acc-coverage-inconsistent"),
    ),
    (
        "a trunk reached through a company that is not a basic operator",
        "本中心的SIP中继经由南京某网络科技有限公司接入，该公司向多家运营商批量采购线路。",
        Some("acc-non-basic-operator-trunk"),
    ),
    (
        "an operator's own company name is no reseller",
        "通过中国联合网络通信有限公司杭州市分公司接入E1数字中继4条，主叫号码如实显示为本公司95号码。",
        None,
    ),
    (
        "a weakness that starts with 暂未 is not negated by it",
        "系统暂未按岗位划分权限，客服组长可查看本组全部工单。",
        Some("sec-weak-access-control"),
    ),
];

#[test]
fn each_mechanism_gives_its_verdict() {
    let mut failures = Vec::new();
    for (what, text, expected) in CASES {
        let fired = ids(&lint_fragment(text));
        let ok = match expected {
            Some(id) => fired.iter().any(|f| f == id),
            None => fired.is_empty(),
        };
        if !ok {
            failures.push(format!(
                "{what}: expected {expected:?}, got {fired:?}\n    {text}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

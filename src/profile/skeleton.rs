//! The commented profile skeleton written by `callplan init`, filled with the answers to a few
//! questions (or with defaults under `--no-input`). The skeleton is valid as written: it drafts a
//! plan that lints clean, so users can start from a working file and edit it.

use super::check::PROVINCES;
use super::schema::Scope;

/// What `callplan init` asks.
#[derive(Debug, Clone)]
pub struct Answers {
    pub name: String,
    pub scope: Scope,
    pub provinces: Vec<String>,
    pub seats: u32,
    pub outbound: bool,
}

impl Default for Answers {
    fn default() -> Self {
        Answers {
            name: "示例客户服务有限公司".into(),
            scope: Scope::National,
            provinces: vec!["浙江省".into(), "江苏省".into(), "上海市".into()],
            seats: 60,
            outbound: false,
        }
    }
}

/// The seat of each province's government, used as the default city of the platform.
pub fn capital_city(province: &str) -> &'static str {
    const CITIES: &[&str] = &[
        "北京",
        "天津",
        "石家庄",
        "太原",
        "呼和浩特",
        "沈阳",
        "长春",
        "哈尔滨",
        "上海",
        "南京",
        "杭州",
        "合肥",
        "福州",
        "南昌",
        "济南",
        "郑州",
        "武汉",
        "长沙",
        "广州",
        "南宁",
        "海口",
        "重庆",
        "成都",
        "贵阳",
        "昆明",
        "拉萨",
        "西安",
        "兰州",
        "西宁",
        "银川",
        "乌鲁木齐",
    ];
    PROVINCES
        .iter()
        .position(|p| *p == province)
        .map_or("北京", |i| CITIES[i])
}

/// Renders the skeleton for `file` (shown in its first comment).
pub fn skeleton(answers: &Answers, file: &str) -> String {
    let first = answers
        .provinces
        .first()
        .map(String::as_str)
        .unwrap_or("浙江省");
    let city = capital_city(first);
    let seats = answers.seats.max(1);
    let e1 = (seats as f64 * 1.2 / 30.0).ceil().max(1.0) as u32;
    let mut ctx = tera::Context::new();
    ctx.insert("file", file);
    ctx.insert("name", &escape_toml(&answers.name));
    ctx.insert(
        "scope",
        match answers.scope {
            Scope::National => "全网",
            Scope::Provincial => "地网",
        },
    );
    ctx.insert(
        "kind",
        match answers.scope {
            Scope::National => "95",
            Scope::Provincial => "96",
        },
    );
    ctx.insert(
        "capital",
        &match answers.scope {
            Scope::National => 1000,
            Scope::Provincial => 200,
        },
    );
    let provinces: Vec<String> = answers
        .provinces
        .iter()
        .map(|p| format!("\"{}\"", escape_toml(p)))
        .collect();
    ctx.insert("provinces", &provinces.join(", "));
    ctx.insert("carrier", &format!("中国电信{city}分公司"));
    ctx.insert("city", city);
    ctx.insert("seats", &seats);
    ctx.insert("e1", &e1);
    ctx.insert("area", &(seats * 8));
    ctx.insert("outbound", &answers.outbound);
    let source = crate::embedded_template("profile.toml.tera").unwrap_or_default();
    tera::Tera::one_off(source, &ctx, false)
        .unwrap_or_else(|e| format!("# 档案模板无法渲染：{e}\n"))
}

/// Escapes a value for a TOML basic string.
fn escape_toml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

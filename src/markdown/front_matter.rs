//! YAML front matter: the facts a plan declares about itself (scope, provinces, numbers, carriers,
//! seats), which the linter cross-checks against the prose.

use serde_yaml_ng::Value;

use crate::source::TextRange;

/// The declared facts. Unknown keys are kept out of the way: authors put their own metadata in
/// front matter too.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub range: TextRange,
    /// `全网` or `地网` when declared.
    pub scope: Option<String>,
    pub provinces: Vec<String>,
    pub numbers: Vec<String>,
    pub carriers: Vec<String>,
    pub seats: Option<u64>,
    pub trunk_channels: Option<u64>,
    /// Registered capital in units of 10,000 yuan (万元).
    pub capital_wan: Option<f64>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    /// Set when the YAML could not be read; the message says why.
    pub error: Option<String>,
}

impl FrontMatter {
    /// Parses the raw front matter block (delimiters included, as comrak hands it over).
    pub fn parse(raw: &str, range: TextRange) -> Self {
        let body: String = raw
            .lines()
            .filter(|l| l.trim_end() != "---")
            .collect::<Vec<_>>()
            .join("\n");
        let mut fm = FrontMatter {
            range,
            ..Self::default()
        };
        let value: Value = match serde_yaml_ng::from_str(&body) {
            Ok(v) => v,
            Err(e) => {
                fm.error = Some(e.to_string());
                return fm;
            }
        };
        let Value::Mapping(map) = value else {
            return fm;
        };
        for (k, v) in &map {
            let Some(key) = k.as_str() else { continue };
            match key {
                "scope" | "许可范围" | "业务覆盖范围类型" => fm.scope = scalar(v),
                "provinces" | "coverage" | "覆盖省份" | "业务覆盖范围" => {
                    fm.provinces = list(v)
                }
                "numbers" | "number" | "接入号码" => fm.numbers = list(v),
                "carriers" | "operators" | "基础电信企业" => fm.carriers = list(v),
                "seats" | "坐席" | "坐席数" => {
                    fm.seats = scalar(v).and_then(|s| leading_number(&s)).map(|n| n as u64)
                }
                "trunk_channels" | "channels" | "中继路数" => {
                    fm.trunk_channels =
                        scalar(v).and_then(|s| leading_number(&s)).map(|n| n as u64);
                }
                "capital" | "capital_wan" | "注册资本" => {
                    fm.capital_wan = scalar(v).and_then(|s| leading_number(&s));
                }
                "company" | "公司" | "申请单位" => fm.company = scalar(v),
                "title" | "标题" => fm.title = scalar(v),
                "date" | "日期" => fm.date = scalar(v),
                _ => {}
            }
        }
        fm
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| {
                s.split(['、', ',', '，', ' '])
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn leading_number(s: &str) -> Option<f64> {
    let digits: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_declared_facts() {
        let fm = FrontMatter::parse(
            "---\nscope: 全网\nprovinces: [北京市, 上海市]\nnumbers: ['95123']\nseats: 120\ncapital: 1000万元\n---\n",
            TextRange::default(),
        );
        assert_eq!(fm.scope.as_deref(), Some("全网"));
        assert_eq!(fm.provinces, ["北京市", "上海市"]);
        assert_eq!(fm.numbers, ["95123"]);
        assert_eq!(fm.seats, Some(120));
        assert_eq!(fm.capital_wan, Some(1000.0));
    }

    #[test]
    fn broken_yaml_is_reported_not_fatal() {
        let fm = FrontMatter::parse("---\nscope: [\n---\n", TextRange::default());
        assert!(fm.error.is_some());
    }
}

fn main() {
    let mut total = std::time::Duration::ZERO;
    let mut files = Vec::new();
    for e in std::fs::read_dir("lints").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") { files.push(std::fs::read_to_string(&p).unwrap()); }
    }
    let t = std::time::Instant::now();
    for f in &files { let _: toml::Table = toml::from_str(f).unwrap(); }
    eprintln!("toml raw {:?} for {}", t.elapsed(), files.len());
    let mut pats = Vec::new();
    for f in &files {
        let v: toml::Table = toml::from_str(f).unwrap();
        if let Some(c) = v.get("check").and_then(|c| c.as_table()) {
            if let Some(p) = c.get("patterns").and_then(|p| p.as_array()) { for x in p { pats.push(x.as_str().unwrap().to_owned()); } }
        }
    }
    let t = std::time::Instant::now();
    for p in &pats { let _ = regex::Regex::new(p).unwrap(); }
    eprintln!("{} pattern regexes {:?}", pats.len(), t.elapsed());
    let t = std::time::Instant::now();
    let _ = regex::RegexSet::new(&pats).unwrap();
    eprintln!("set {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let _ = regex_lite_probe(&pats);
    total += t.elapsed();
    eprintln!("{:?}", total);
}
fn regex_lite_probe(_p: &[String]) {}

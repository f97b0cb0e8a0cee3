fn main() {
    let set = callplan::lint::RuleSet::builtin().unwrap();
    let text = std::fs::read_to_string("/tmp/benchdata/plan-1x.md").unwrap();
    let file = callplan::source::SourceFile::new("p.md", text);
    let doc = callplan::markdown::parse(&file);
    let mut n = 0;
    for _ in 0..300 { n += set.lint(&file, &doc, &Default::default()).len(); }
    eprintln!("{n}");
}

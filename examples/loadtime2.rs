fn main() {
    let t = std::time::Instant::now();
    let set = callplan::lint::RuleSet::builtin().unwrap();
    eprintln!("load {:?}", t.elapsed());
    let text = std::fs::read_to_string("/tmp/benchdata/plan-1x.md").unwrap();
    let file = callplan::source::SourceFile::new("p.md", text);
    for i in 0..3 {
        let t = std::time::Instant::now();
        let doc = callplan::markdown::parse(&file);
        let t1 = t.elapsed();
        let f = set.lint(&file, &doc, &Default::default());
        eprintln!("run {i}: parse {:?} lint {:?} findings {}", t1, t.elapsed() - t1, f.len());
    }
}

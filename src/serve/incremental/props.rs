//! Property test of `serve`'s generations: random sequences of edits
//! (page bodies and titles, pages added, removed and renamed, templates
//! changed, saves that fail to load or to render) end with the site served
//! equal to a fresh build of what is on disk, and while each edit is
//! rebuilt the generation served before it keeps answering, unchanged.

use super::Builder;
use crate::serve::changes::Changes;
use proptest::prelude::*;
use proptest::test_runner::Config;
use std::collections::HashMap;
use std::path::Path;

/// One save.
#[derive(Debug, Clone)]
enum Edit {
    /// A fixture page's body gets a word.
    Body(usize, u8),
    /// A fixture page's title changes.
    Title(usize, u8),
    /// A page is added.
    Add(u8),
    /// The `n`th added page (if any) goes.
    Remove(usize),
    /// The `n`th added page (if any) is renamed.
    Rename(usize),
    /// `page.html` is overridden with a word in it.
    Template(u8),
    /// `page.html` is overridden with a syntax error.
    BadTemplate,
    /// A fixture page's front matter is broken.
    BadYaml(usize),
}

/// The fixture's pages that edits change (never removed: others link to them).
const PAGES: &[&str] = &["content/step-1.md", "content/step-2.md", "content/extra.md"];

const TEMPLATE: &str = "themes/default/templates/page.html";

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..PAGES.len(), any::<u8>()).prop_map(|(p, w)| Edit::Body(p, w)),
        (0..PAGES.len(), any::<u8>()).prop_map(|(p, w)| Edit::Title(p, w)),
        any::<u8>().prop_map(Edit::Add),
        (0..4usize).prop_map(Edit::Remove),
        (0..4usize).prop_map(Edit::Rename),
        any::<u8>().prop_map(Edit::Template),
        Just(Edit::BadTemplate),
        (0..PAGES.len()).prop_map(Edit::BadYaml),
    ]
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(6),
        failure_persistence: None,
        ..Config::default()
    }
}

/// The state of the site on disk that the edits drive.
struct Disk<'a> {
    root: &'a Path,
    /// Pages added (paths relative to the root), in order.
    added: Vec<String>,
    /// The fixture pages as they were.
    originals: Vec<String>,
}

impl Disk<'_> {
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).expect("read")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Makes `edit` on disk; returns the paths it touched.
    fn apply(&mut self, edit: &Edit, n: usize) -> Vec<String> {
        match edit {
            Edit::Body(p, w) => {
                let text = self.read(PAGES[*p]);
                self.write(PAGES[*p], &format!("{text}\nWord {w}.\n"));
                vec![PAGES[*p].into()]
            }
            Edit::Title(p, w) => {
                let text = self.read(PAGES[*p]);
                let text = match text.split_once("\ntitle: ") {
                    Some((head, rest)) => {
                        let rest = rest.split_once('\n').map_or("", |(_, r)| r);
                        format!("{head}\ntitle: \"Title {w}\"\n{rest}")
                    }
                    // Broken by `BadYaml`: left as it is.
                    None => text,
                };
                self.write(PAGES[*p], &text);
                vec![PAGES[*p].into()]
            }
            Edit::Add(w) => {
                let rel = format!("content/added-{n}.md");
                self.write(
                    &rel,
                    &format!("---\ntitle: \"Added {w}\"\nweight: {w}\n---\nAdded text {w}.\n"),
                );
                self.added.push(rel.clone());
                vec![rel]
            }
            Edit::Remove(k) if *k < self.added.len() => {
                let rel = self.added.remove(*k);
                std::fs::remove_file(self.root.join(&rel)).expect("remove");
                vec![rel]
            }
            Edit::Rename(k) if *k < self.added.len() => {
                let from = self.added[*k].clone();
                let to = format!("content/renamed-{n}.md");
                std::fs::rename(self.root.join(&from), self.root.join(&to)).expect("rename");
                self.added[*k] = to.clone();
                vec![from, to]
            }
            Edit::Remove(_) | Edit::Rename(_) => Vec::new(),
            Edit::Template(w) => {
                self.write(
                    TEMPLATE,
                    &template().replacen(
                        "{% block main %}",
                        &format!("{{% block main %}}<p class=\"word\">{w}</p>"),
                        1,
                    ),
                );
                vec![TEMPLATE.into()]
            }
            Edit::BadTemplate => {
                self.write(
                    TEMPLATE,
                    "{% extends \"base.html\" %}{% block main %}{{ nope( }}{% endblock main %}",
                );
                vec![TEMPLATE.into()]
            }
            Edit::BadYaml(p) => {
                let text = self.read(PAGES[*p]);
                self.write(PAGES[*p], &text.replacen("---\n", "---\ntitle: [\n", 1));
                vec![PAGES[*p].into()]
            }
        }
    }

    /// Undoes the saves that cannot build: broken front matter, a broken
    /// template. Returns the paths it touched.
    fn repair(&self) -> Vec<String> {
        let mut touched = Vec::new();
        for (p, original) in PAGES.iter().zip(&self.originals) {
            let text = self.read(p);
            if text.contains("title: [\n") || text.matches("\ntitle: ").count() > 1 {
                self.write(p, original);
                touched.push(p.to_string());
            }
        }
        if self.root.join(TEMPLATE).exists() && self.read(TEMPLATE).contains("nope(") {
            self.write(TEMPLATE, &template());
            touched.push(TEMPLATE.into());
        }
        touched
    }
}

/// The default theme's `page.html`.
fn template() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .expect("default page.html")
}

fn changes(paths: &[String]) -> Changes {
    let mut c = Changes::default();
    for p in paths {
        c.add(Path::new(p));
    }
    c
}

/// Applies `paths`' changes to `b` on another thread while this one reads
/// the generation served before: it must answer all along, byte for byte
/// as before.
fn apply_while_reading(b: &mut Builder, paths: &[String]) {
    let before = b.served();
    let probe = ["index.html", "step-1/index.html", "notes.txt"];
    let was: HashMap<&str, Option<axum::body::Bytes>> =
        probe.iter().map(|p| (*p, before.get(p))).collect();
    let c = changes(paths);
    std::thread::scope(|s| {
        let rebuild = s.spawn(|| b.apply(&c));
        loop {
            for p in probe {
                assert_eq!(before.get(p), was[p], "{p} changed while served");
            }
            if rebuild.is_finished() {
                break;
            }
            std::thread::yield_now();
        }
        rebuild.join().expect("rebuild");
    });
    // Nor after it: a late write to a part the generations share shows here.
    for p in probe {
        assert_eq!(before.get(p), was[p], "{p} changed once the rebuild ended");
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_sequence_of_edits_ends_as_a_fresh_build(edits in prop::collection::vec(edit(), 1..7)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        crate::serve::incremental::tests::copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve"),
            root,
        );
        let mut disk = Disk {
            root,
            added: Vec::new(),
            originals: PAGES.iter().map(|p| std::fs::read_to_string(root.join(p)).expect("read")).collect(),
        };
        let mut b = Builder::new(root, false);
        b.apply(&Changes::everything());
        prop_assert!(b.error().is_none());
        for (n, e) in edits.iter().enumerate() {
            let touched = disk.apply(e, n);
            if !touched.is_empty() {
                apply_while_reading(&mut b, &touched);
            }
        }
        let touched = disk.repair();
        if !touched.is_empty() {
            apply_while_reading(&mut b, &touched);
        }
        prop_assert!(b.error().is_none(), "{:?}: {:?}", edits, b.error());
        crate::serve::incremental::tests::assert_matches_full_build(&b, root);
    }
}

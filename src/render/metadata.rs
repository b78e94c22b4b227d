//! What search engines and link previews read: JSON-LD structured data
//! (`Article`, `BreadcrumbList`, `FAQPage`), `sitemap.xml`, `robots.txt`
//! and the Atom feed.
//!
//! Absolute URLs appear only here, and only when `base_url` is set.

use super::sections::{faq_entries, is_faq, Section};
use crate::html::{escape, script_json};
use crate::load::{Date, Page, PageId, Site};
use crate::url::absolute;
use serde_json::{json, Value};

/// The JSON-LD `<script>` body for page `id`, safe to embed in HTML.
pub(crate) fn json_ld(site: &Site, id: PageId, sections: &[Section]) -> String {
    let page = &site.pages[id];
    let config = &site.config;
    let base = config.base_url();
    let mut graph = Vec::new();
    let mut article = json!({
        "@type": "Article",
        "headline": truncate(&page.meta.title, 110),
        "inLanguage": config.language,
    });
    if let Some(d) = &page.meta.description {
        article["description"] = json!(d);
    }
    if let Some(u) = page.updated {
        article["dateModified"] = json!(u);
        article["datePublished"] = json!(u);
    }
    if let Some(a) = &config.author {
        article["author"] = json!({"@type": "Organization", "name": a});
    }
    if !page.meta.tags.is_empty() {
        article["keywords"] = json!(page.meta.tags.join(", "));
    }
    if let Some(b) = &base {
        article["url"] = json!(absolute(b, &page.path));
        article["mainEntityOfPage"] = json!(absolute(b, &page.path));
    }
    graph.push(article);
    if let Some(b) = &base {
        graph.push(breadcrumbs(site, page, b));
    }
    if !page.is_index && is_faq(sections) {
        let questions: Vec<Value> = faq_entries(sections)
            .into_iter()
            .map(|(q, a)| {
                json!({
                    "@type": "Question",
                    "name": q,
                    "acceptedAnswer": {"@type": "Answer", "text": a}
                })
            })
            .collect();
        graph.push(json!({"@type": "FAQPage", "mainEntity": questions}));
    }
    if let Some(g) = site.glossary.as_ref().filter(|g| g.page == id) {
        let terms: Vec<Value> = g
            .terms
            .iter()
            .map(|t| {
                let mut term =
                    json!({"@type": "DefinedTerm", "name": t.term, "description": t.definition});
                if let Some(x) = &t.expansion {
                    term["alternateName"] = json!(x);
                }
                if let Some(b) = &base {
                    term["url"] = json!(format!("{}#{}", absolute(b, &page.path), t.id));
                }
                term
            })
            .collect();
        graph.push(
            json!({"@type": "DefinedTermSet", "name": page.meta.title, "hasDefinedTerm": terms}),
        );
    }
    let doc = json!({"@context": "https://schema.org", "@graph": graph});
    // Markup inside a string would end or derail the script element.
    script_json(&doc.to_string())
}

fn breadcrumbs(site: &Site, page: &Page, base: &str) -> Value {
    let mut trail: Vec<&Page> = Vec::new();
    if let Some(home) = site.guides[0].index {
        trail.push(&site.pages[home]);
    }
    let guide = &site.guides[page.guide];
    if page.guide != 0 {
        if let Some(i) = guide.index {
            trail.push(&site.pages[i]);
        }
    }
    if !trail.iter().any(|p| std::ptr::eq(*p, page)) {
        trail.push(page);
    }
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(i, p)| {
            json!({
                "@type": "ListItem",
                "position": i + 1,
                "name": p.meta.title,
                "item": absolute(base, &p.path)
            })
        })
        .collect();
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{}…", cut.trim_end())
}

/// `sitemap.xml` with every page and its `lastmod`.
pub(crate) fn sitemap(site: &Site, base: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&Page> = site.pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    for p in pages {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape(&absolute(base, &p.path))
        ));
        if let Some(u) = p.updated {
            out.push_str(&format!("<lastmod>{u}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` pointing at the sitemap.
pub(crate) fn robots(base: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
}

/// Whether the site has an Atom feed: it needs `base_url` (its ids are
/// absolute URLs) and at least one page with an `updated` date, since RFC
/// 4287 requires the feed's `<updated>` and stepwise has no other honest
/// date to give it (the build's own time would make builds differ).
pub(crate) fn has_feed(site: &Site) -> bool {
    site.config.base_url().is_some() && site.pages.iter().any(|p| p.updated.is_some())
}

/// An Atom feed of the pages that have an `updated` date, newest first;
/// its `<updated>` is the newest of them. `None` when no page has a date
/// (see [`has_feed`]).
pub(crate) fn atom(site: &Site, base: &str) -> Option<String> {
    let mut pages: Vec<&Page> = site.pages.iter().filter(|p| p.updated.is_some()).collect();
    pages.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.path.cmp(&b.path)));
    let stamp = |d: Date| format!("{d}T00:00:00Z");
    let newest = stamp(pages.first()?.updated?);
    let config = &site.config;
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{newest}</updated>\n  <author><name>{}</name></author>\n",
        escape(&config.language),
        escape(&config.title),
        escape(base),
        escape(base),
        escape(base),
        escape(config.author.as_deref().unwrap_or(&config.title)),
    );
    if !config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            escape(&config.description)
        ));
    }
    for p in pages {
        let url = escape(&absolute(base, &p.path));
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <updated>{}</updated>\n",
            escape(&p.meta.title),
            p.updated.map(stamp).unwrap_or_default(),
        ));
        // Every listed page has a date: the summary says it the site's way.
        let updated = p.updated.map(|d| d.format(&config.parsed.dates));
        let summary = match (&p.meta.description, updated) {
            (Some(d), Some(u)) => format!("{d} (Updated {u})"),
            (Some(d), None) => d.clone(),
            (None, Some(u)) => format!("Updated {u}"),
            (None, None) => String::new(),
        };
        if !summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    Some(out)
}

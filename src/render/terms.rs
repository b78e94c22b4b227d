//! The glossary in rendered pages: the first use of each term on a page
//! linked to its definition, and the glossary page's list of terms.

use super::rendered::Rendered;
use crate::html::escape;
use crate::load::link_targets::Target;
use crate::load::{Glossary, PageId, Site};
use crate::url::relative;
use pulldown_cmark::{CowStr, Event};

/// Links the first use of each glossary term on one page to its definition.
pub(super) struct TermLinks<'a> {
    glossary: &'a Glossary,
    /// The glossary page's URL path, from the site root.
    to: &'a str,
    /// The page being rendered's URL path.
    from: &'a str,
    portable: bool,
    /// Which terms this page has linked already.
    used: Vec<bool>,
}

impl<'a> TermLinks<'a> {
    pub(super) fn new(glossary: &'a Glossary, site: &'a Site, id: PageId) -> Self {
        TermLinks {
            glossary,
            to: &site.pages[glossary.page].path,
            from: &site.pages[id].path,
            portable: site.config.portable,
            used: vec![false; glossary.terms.len()],
        }
    }

    /// Pushes `text` onto `events` with the first use of each term in it
    /// (not used earlier on the page) linked to its definition.
    pub(super) fn mark<'e>(
        &mut self,
        text: CowStr<'e>,
        events: &mut Vec<Event<'e>>,
        out: &mut Rendered,
    ) {
        let mut done = 0;
        for (range, t) in self.glossary.uses(&text) {
            if self.used[t] {
                continue;
            }
            self.used[t] = true;
            let term = &self.glossary.terms[t];
            let url = relative(
                self.from,
                &format!("{}#{}", self.to, term.id),
                self.portable,
            );
            // An abbreviation as the guide writes it gets its expansion (and
            // the definition as data, for the theme to show on a tap); any
            // other form (the spelled-out name, a plural) the definition.
            let abbr = term
                .expansion
                .as_ref()
                .filter(|_| text[range.clone()] == term.term);
            let open = match abbr {
                Some(x) => format!(
                    "<a class=\"term\" href=\"{}\" data-definition=\"{}\"><abbr title=\"{}\">",
                    escape(&url),
                    escape(&term.definition),
                    escape(x)
                ),
                None => format!(
                    "<a class=\"term\" href=\"{}\" title=\"{}\">",
                    escape(&url),
                    escape(&term.definition)
                ),
            };
            let close = if abbr.is_some() {
                "</abbr></a>"
            } else {
                "</a>"
            };
            out.links.push((
                url,
                Target::Page {
                    page: self.glossary.page,
                    anchor: Some(term.id.clone()),
                },
            ));
            events.push(Event::Text(text[done..range.start].to_string().into()));
            events.push(Event::InlineHtml(open.into()));
            events.push(Event::Text(text[range.clone()].to_string().into()));
            events.push(Event::InlineHtml(close.into()));
            done = range.end;
        }
        match done {
            0 => events.push(Event::Text(text)),
            _ => events.push(Event::Text(text[done..].to_string().into())),
        }
    }
}

/// The glossary page's list of terms, after its own text.
pub(super) fn glossary_list(g: &Glossary) -> String {
    let mut html = String::from("<dl class=\"glossary\">\n");
    for t in &g.terms {
        html.push_str(&format!(
            "<dt id=\"{}\"><dfn>{}</dfn>",
            escape(&t.id),
            escape(&t.term)
        ));
        if let Some(x) = &t.expansion {
            html.push_str(&format!(
                " <span class=\"expansion\">({})</span>",
                escape(x)
            ));
        }
        html.push_str(&format!("</dt>\n<dd>{}</dd>\n", escape(&t.definition)));
    }
    html.push_str("</dl>\n");
    html
}

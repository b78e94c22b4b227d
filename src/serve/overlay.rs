//! The error overlay: what a page shows over itself while the last save
//! has errors, sent with the page and over the reload channel.

use crate::html::escape;

/// The id of the overlay element.
pub(crate) const OVERLAY_ID: &str = "stepwise-overlay";

/// What the notice of a render still running says, after the template it
/// is in (see `rebuild.rs`); the overlay then says so in its heading.
pub(crate) const STILL_RENDERING: &str = "still rendering";

/// The overlay showing `error` (the text printed in the terminal).
pub(crate) fn overlay(error: &str) -> String {
    let heading = if error.contains(&format!(": {STILL_RENDERING}")) {
        "The last save is still rendering. The page below is the last good version; \
         it updates when the render ends."
    } else {
        "The last save has errors. The page below is the last good version; \
         it updates when the errors are fixed."
    };
    format!(
        concat!(
            "<div id=\"{id}\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;",
            "overflow:auto;background:rgba(20,22,28,.92);color:#f3f4f6;",
            "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem\">",
            "<div style=\"max-width:60rem;margin:0 auto\">",
            "<p style=\"margin:0 0 1rem;font:600 16px/1.4 system-ui,sans-serif;color:#fca5a5\">",
            "{heading}</p>",
            "<pre style=\"white-space:pre-wrap;margin:0;padding:1rem;background:#0b0c10;",
            "border-left:4px solid #f87171;border-radius:4px\">{text}</pre>",
            "<button type=\"button\" onclick=\"this.parentNode.parentNode.remove()\" ",
            "style=\"margin-top:1rem;font:inherit;padding:.4rem 1rem;cursor:pointer\">",
            "Hide</button></div></div>"
        ),
        id = OVERLAY_ID,
        heading = heading,
        text = escape(error)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(html: &str) -> String {
        let doc = scraper::Html::parse_fragment(html);
        let p = scraper::Selector::parse("p").expect("selector");
        doc.select(&p)
            .next()
            .map(|p| p.text().collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_render_still_running_is_not_called_an_error_in_the_heading() {
        let errors = heading(&overlay("error: content/a.md:1:1: bad"));
        assert!(errors.starts_with("The last save has errors."), "{errors}");
        let notice = heading(&overlay(
            "error: themes/page.html: still rendering for content/a.md after 10 s: ...",
        ));
        assert!(
            notice.starts_with("The last save is still rendering."),
            "{notice}"
        );
    }
}

//! Finding the article on the copied page: its title and keyword line, where
//! it ends (related articles, promotions), and the captions, labels, bylines,
//! ads and table of contents inside it, which are skipped and recorded.

use super::lines::{alone, is_blank, Kind, Line};
use crate::import::chrome;
use crate::import::model::Dropped;
use crate::import::recognise::{heading_like, is_faq, step};

fn drop_block(lines: &[Line], first: usize, last: usize, what: &str) -> Dropped {
    Dropped {
        first: lines[first].no,
        last: lines[last].no,
        what: what.to_string(),
        text: lines[first].text.to_string(),
    }
}

/// Finds the title and the keyword line; drops what comes before the title.
/// Returns (title, keywords, first line of the body).
pub(super) fn head(
    lines: &[Line],
    dropped: &mut Vec<Dropped>,
) -> (Option<usize>, Option<usize>, usize) {
    let early: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind != Kind::Blank)
        .take(12)
        .collect();
    let plain = |i: usize| lines[i].kind == Kind::Text && lines[i].indent == 0;
    let keywords = early.iter().enumerate().skip(1).find(|(k, &i)| {
        let t = lines[i].text;
        let prev = early[k - 1];
        plain(i)
            && chrome::is_keyword_line(t)
            && !chrome::is_logo(t)
            && plain(prev)
            && step(lines[prev].text).is_none()
    });
    let (title, keywords) = match keywords {
        Some((k, &i)) => (Some(early[k - 1]), Some(i)),
        None => {
            // The title comes before the first step: a guide that opens
            // with its first step has none.
            let before_step: Vec<usize> = early
                .iter()
                .take(6)
                .copied()
                .take_while(|&i| step(lines[i].text).is_none())
                .collect();
            let candidate = |i: usize, words: usize| {
                let t = lines[i].text;
                plain(i)
                    && !chrome::is_logo(t)
                    && !chrome::is_label(t)
                    && !chrome::is_related(t)
                    && crate::import::language::words(t).len() >= words
                    && !t.ends_with('.')
            };
            // Two words or more, as titles go; a one-word title ("Residency")
            // only when no line has more, and only a capitalised word.
            let title = before_step
                .iter()
                .copied()
                .find(|&i| candidate(i, 2))
                .or_else(|| {
                    before_step
                        .iter()
                        .copied()
                        .find(|&i| candidate(i, 1) && lines[i].text.starts_with(char::is_uppercase))
                });
            (title, None)
        }
    };
    let Some(t) = title else {
        return (None, None, 0);
    };
    for &i in early.iter().filter(|&&i| i < t) {
        let what = if chrome::is_logo(lines[i].text) {
            "logo"
        } else {
            "site header"
        };
        dropped.push(drop_block(lines, i, i, what));
    }
    (title, keywords, keywords.unwrap_or(t) + 1)
}

/// Finds where the article ends: "Related Articles", or a promotion block
/// after the last step or FAQ heading. Drops the rest; returns the end.
pub(super) fn tail(lines: &[Line], start: usize, dropped: &mut Vec<Dropped>) -> usize {
    let mut end = lines.len();
    let top = |i: usize| lines[i].kind == Kind::Text && lines[i].indent == 0 && alone(lines, i);
    let structural = |i: usize| {
        let t = lines[i].text;
        top(i) && (step(t).is_some() || is_faq(t)) && heading_like(t, false)
    };
    // "Related Articles" ends the article only once it has begun.
    let first_heading = (start..end).find(|&i| structural(i)).unwrap_or(start);
    let related = (first_heading..end).find(|&i| {
        lines[i].kind == Kind::Text
            && lines[i].indent == 0
            && (i == 0 || is_blank(&lines[i - 1]))
            && chrome::is_related(lines[i].text)
    });
    if let Some(r) = related {
        let last = (r..end).rev().find(|&i| !is_blank(&lines[i])).unwrap_or(r);
        dropped.push(drop_block(lines, r, last, "related articles"));
        end = r;
    }
    let Some(last_heading) = (start..end).rev().find(|&i| structural(i)) else {
        return end;
    };
    let article_bullets =
        (start..end).any(|i| matches!(lines[i].kind, Kind::Bullet(g, _) if g != '*'));
    let promo_line = |i: usize| {
        chrome::is_promo(lines[i].text)
            || (article_bullets && matches!(lines[i].kind, Kind::Bullet('*', _)))
    };
    for c in last_heading + 1..end {
        if !top(c) {
            continue;
        }
        let t = lines[c].text;
        let label = chrome::is_label(t);
        let brand = chrome::is_brand_line(t) && step(t).is_none();
        if !(label || brand) {
            continue;
        }
        let content: Vec<usize> = (c..end).filter(|&i| !is_blank(&lines[i])).collect();
        if content.len() > 15 || !(label || content.iter().any(|&i| promo_line(i))) {
            continue;
        }
        // Labels on their own, the rest as one promotion block.
        let mut block: Option<(usize, usize)> = None;
        for &i in &content {
            if chrome::is_label(lines[i].text) && alone(lines, i) {
                if let Some((a, b)) = block.take() {
                    dropped.push(drop_block(lines, a, b, "promotion"));
                }
                dropped.push(drop_block(lines, i, i, "site label"));
            } else {
                block = Some(block.map_or((i, i), |(a, _)| (a, i)));
            }
        }
        if let Some((a, b)) = block {
            dropped.push(drop_block(lines, a, b, "promotion"));
        }
        return c;
    }
    end
}

/// Marks captions, labels, bylines and ads inside the body as skipped.
pub(super) fn mark_chrome(
    lines: &mut [Line],
    start: usize,
    end: usize,
    title_words: &[String],
    dropped: &mut Vec<Dropped>,
) {
    let candidate = |lines: &[Line], i: usize| {
        lines[i].kind == Kind::Text && lines[i].indent == 0 && alone(lines, i)
    };
    mark_toc(lines, start, end, dropped);
    let mut suffixes: std::collections::BTreeMap<String, usize> = Default::default();
    for i in start..end {
        if candidate(lines, i) && step(lines[i].text).is_none() {
            if let Some(s) = chrome::caption_suffix(lines[i].text) {
                *suffixes.entry(s.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut seen_text = false;
    for i in start..end {
        if !candidate(lines, i) {
            seen_text |= !is_blank(&lines[i]);
            continue;
        }
        let t = lines[i].text;
        let caption = step(t).is_none()
            && !is_faq(t)
            && chrome::caption_suffix(t).is_some_and(|s| {
                suffixes.get(&s.to_lowercase()).copied().unwrap_or(0) >= 2
                    || chrome::suffix_names_article(s, title_words)
            });
        let what = if chrome::is_logo(t) {
            Some("logo")
        } else if caption {
            Some("image caption")
        } else if chrome::is_image_credit(t) {
            Some("image credit")
        } else if chrome::is_label(t) {
            Some("site label")
        } else if chrome::is_ad(t) {
            Some("advertisement")
        } else if chrome::is_share(t) {
            Some("share buttons")
        } else if !seen_text && chrome::is_byline(t) {
            Some("byline")
        } else {
            None
        };
        match what {
            Some(w) => {
                dropped.push(drop_block(lines, i, i, w));
                lines[i].kind = Kind::Skip;
            }
            None => seen_text = true,
        }
    }
}

/// Drops a table of contents: its title and the entries under it that
/// repeat headings found further down.
fn mark_toc(lines: &mut [Line], start: usize, end: usize, dropped: &mut Vec<Dropped>) {
    let entry = |l: &Line| -> String {
        match l.kind {
            Kind::Bullet(_, t) | Kind::Number(_, t) => t.to_lowercase(),
            _ => l.text.to_lowercase(),
        }
    };
    let Some(title) = (start..end).find(|&i| {
        lines[i].kind == Kind::Text && lines[i].indent == 0 && chrome::is_toc_title(lines[i].text)
    }) else {
        return;
    };
    let mut last = None;
    let mut j = title + 1;
    while j < end {
        if is_blank(&lines[j]) {
            j += 1;
            continue;
        }
        let e = entry(&lines[j]);
        let repeated = (j + 1..end).any(|k| {
            lines[k].kind == Kind::Text && lines[k].indent <= 1 && lines[k].text.to_lowercase() == e
        });
        if !repeated {
            break;
        }
        last = Some(j);
        j += 1;
    }
    let Some(last) = last else {
        return;
    };
    if (title + 1..=last).filter(|&k| !is_blank(&lines[k])).count() < 2 {
        return;
    }
    dropped.push(drop_block(lines, title, last, "table of contents"));
    for l in &mut lines[title..=last] {
        if l.kind != Kind::Blank {
            l.kind = Kind::Skip;
        }
    }
}

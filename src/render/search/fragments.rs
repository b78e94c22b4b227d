//! Each document's fragment: what a result shows of it (title, address,
//! description, and every part's heading, anchor and whole text), loaded
//! only for the documents a query ranks at the top, so a snippet can be
//! cut around the match wherever it is, without loading the site's text.
//!
//! `stepwiseSearch.add("p<n>",[title,url,description,[[heading,id,text],…]]);`,
//! with `1` after the parts for a page's checklist.

use super::docs::Doc;
use crate::hash::ContentHash;

/// Document `n`'s fragment, a script that hands it to the search script,
/// and a hash of what it holds (not of its number, which moves when pages
/// are added before it).
pub(crate) fn fragment(n: usize, doc: &Doc) -> (Vec<u8>, ContentHash) {
    let parts: Vec<(&str, &str, &str)> = doc
        .parts
        .iter()
        .map(|p| (p.heading, &*p.id, p.text))
        .collect();
    let head = format!("stepwiseSearch.add(\"p{n}\",");
    let size: usize = doc.parts.iter().map(|p| p.text.len() + 32).sum();
    let mut out = Vec::with_capacity(head.len() + size + 64);
    out.extend_from_slice(head.as_bytes());
    // Writing JSON into a Vec cannot fail. Loaded with <script src>, never
    // inlined: no `</script>` to escape.
    let _ = if doc.checklist {
        let fields = (&*doc.title, &*doc.url, doc.description, parts, 1);
        serde_json::to_writer(&mut out, &fields)
    } else {
        let fields = (&*doc.title, &*doc.url, doc.description, parts);
        serde_json::to_writer(&mut out, &fields)
    };
    let hash = ContentHash::of(&out[head.len()..]);
    out.extend_from_slice(b");\n");
    (out, hash)
}

#[cfg(test)]
mod tests {
    use super::super::docs::Part;
    use super::*;

    #[test]
    fn a_fragment_is_a_call_with_the_documents_parts() {
        let doc = Doc {
            title: "Step 2 — \"Exams\"".into(),
            url: "step-2/".into(),
            description: "Scores.",
            parts: vec![
                Part {
                    heading: "",
                    id: "".into(),
                    text: "Intro.",
                },
                Part {
                    heading: "CK target",
                    id: "ck-target".into(),
                    text: "Aim for 250.",
                },
            ],
            ..Doc::default()
        };
        let (bytes, hash) = fragment(7, &doc);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "stepwiseSearch.add(\"p7\",[\"Step 2 — \\\"Exams\\\"\",\"step-2/\",\"Scores.\",[[\"\",\"\",\"Intro.\"],[\"CK target\",\"ck-target\",\"Aim for 250.\"]]]);\n"
        );
        // The hash is of what it holds, whatever its number.
        assert_eq!(fragment(8, &doc).1, hash);
        let checklist = Doc {
            checklist: true,
            ..doc
        };
        let (bytes, other) = fragment(7, &checklist);
        assert!(String::from_utf8(bytes).unwrap().ends_with("]],1]);\n"));
        assert_ne!(other, hash);
    }
}

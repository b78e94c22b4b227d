//! Images from Markdown: the `width` and `height` their file states (PNG,
//! JPEG turned as its EXIF orientation says, GIF, WebP, SVG where it states
//! a size), so the page keeps their room while they load, and
//! `loading="lazy"` on every image after the page's first.

use crate::bundles::image;
use crate::common::{build, output_text, page, sel, site};

const ALL: &[&str] = &[
    "wide.png",
    "photo.jpg",
    "turned.jpg",
    "banner.gif",
    "lossy.webp",
    "lossless.webp",
    "alpha.webp",
    "sized.svg",
    "viewbox.svg",
    "unsized.svg",
];

/// `(src, width, height, loading)` of each image in the page's content.
fn images(doc: &scraper::Html) -> Vec<(String, String, String, String)> {
    doc.select(&sel(".content img"))
        .map(|e| {
            let a = |n: &str| e.value().attr(n).unwrap_or("-").to_string();
            (a("src"), a("width"), a("height"), a("loading"))
        })
        .collect()
}

fn row(src: &str, w: &str, h: &str, loading: &str) -> (String, String, String, String) {
    (src.into(), w.into(), h.into(), loading.into())
}

#[test]
fn images_get_their_size_and_all_but_the_first_load_lazily() {
    let mut body: String = ALL.iter().map(|f| format!("![{f}]({f})\n\n")).collect();
    body.push_str("![From static](/pics/dot.gif)\n\n![Far away](https://example.org/x.png)\n");
    let dir = site(&[
        ("site.yaml", "title: Images\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\nSee [the pictures](pictures/index.md).\n",
        ),
        (
            "content/pictures/index.md",
            &format!("---\ntitle: Pictures\ndescription: Every kind.\n---\n{body}"),
        ),
    ]);
    let root = dir.path();
    for f in ALL {
        std::fs::write(root.join("content/pictures").join(f), image(f)).expect("image");
    }
    std::fs::create_dir_all(root.join("static/pics")).expect("mkdir");
    std::fs::write(root.join("static/pics/dot.gif"), image("banner.gif")).expect("gif");
    let out = build(root);
    assert!(out.status.success(), "{}", output_text(&out));
    let expected = vec![
        row("wide.png", "40", "20", "-"),
        row("photo.jpg", "24", "18", "lazy"),
        row("turned.jpg", "18", "24", "lazy"),
        row("banner.gif", "30", "12", "lazy"),
        row("lossy.webp", "32", "16", "lazy"),
        row("lossless.webp", "20", "10", "lazy"),
        row("alpha.webp", "26", "13", "lazy"),
        row("sized.svg", "120", "60", "lazy"),
        row("viewbox.svg", "300", "150", "lazy"),
        row("unsized.svg", "-", "-", "lazy"),
        row("../pics/dot.gif", "30", "12", "lazy"),
        row("https://example.org/x.png", "-", "-", "lazy"),
    ];
    assert_eq!(images(&page(&dir, "pictures/index.html")), expected);
    // The print page shows the same images, with the same sizes.
    let print = page(&dir, "print/index.html");
    let sizes: Vec<(String, String)> = print
        .select(&sel("img"))
        .map(|e| {
            let a = |n: &str| e.value().attr(n).unwrap_or("-").to_string();
            (a("width"), a("height"))
        })
        .collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|r| (r.1.clone(), r.2.clone()))
        .collect();
    assert_eq!(sizes, want);
}

#[test]
fn the_first_image_is_the_first_of_any_kind_and_html_images_are_left_alone() {
    let dir = site(&[
        ("site.yaml", "title: Images\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\n\
             <img src=\"wide.png\" alt=\"Written by hand\">\n\n\
             ## A heading with ![an icon](wide.png)\n\n\
             [![A linked image](wide.png \"Its title\")](https://example.org/)\n",
        ),
    ]);
    std::fs::write(dir.path().join("content/wide.png"), image("wide.png")).expect("png");
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let html = std::fs::read_to_string(dir.path().join("output/index.html")).expect("home");
    assert!(
        html.contains("<img src=\"wide.png\" alt=\"Written by hand\">"),
        "{html}"
    );
    assert!(
        html.contains(
            "<img src=\"wide.png\" alt=\"an icon\" width=\"40\" height=\"20\" loading=\"lazy\" />"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"https://example.org/\"><img src=\"wide.png\" alt=\"A linked image\" title=\"Its title\" width=\"40\" height=\"20\" loading=\"lazy\" /></a>"),
        "{html}"
    );
}

#[test]
fn a_first_image_of_unknown_size_is_written_as_before() {
    let dir = site(&[
        ("site.yaml", "title: Images\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\n![Far *away*](https://example.org/x.png)\n",
        ),
    ]);
    let out = build(dir.path());
    assert!(out.status.success(), "{}", output_text(&out));
    let html = std::fs::read_to_string(dir.path().join("output/index.html")).expect("home");
    assert!(
        html.contains("<img src=\"https://example.org/x.png\" alt=\"Far away\" />"),
        "{html}"
    );
}

#[test]
fn a_missing_image_is_still_an_error_where_it_is_written() {
    let dir = site(&[
        ("site.yaml", "title: Images\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\n![Gone](/pics/gone.png)\n",
        ),
    ]);
    let out = build(dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: content/_index.md:5:1: broken link `/pics/gone.png`: "),
        "{stderr}"
    );
}

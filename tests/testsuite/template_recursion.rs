//! Templates that call themselves without end: Tera stops them, and the
//! error names the template, line and column of the call that closes the
//! cycle (Tera's own message names none of them).

use crate::common::{normalise, run_in, site, whole};
use insta::assert_snapshot;

/// Builds a one-page site with `templates` over the default theme; returns
/// stderr (the build must fail, printing nothing on stdout).
fn build_with(templates: &[(&str, &str)]) -> String {
    let mut files = vec![
        ("site.yaml", "title: Recursion\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
        ),
    ];
    files.extend_from_slice(templates);
    let dir = site(&files);
    let out = run_in(dir.path(), &["build", "--root", "{root}"]);
    let stderr = normalise(&String::from_utf8_lossy(&out.stderr), dir.path());
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    whole(stderr)
}

/// `index.html` with `call` at the start of its main block.
const INDEX: &str = "{% extends \"base.html\" %}\n{% block main %}\n<p>Home</p>\n{{ <badge n={1} /> }}\n{% endblock main %}\n";

#[test]
fn a_component_calling_itself_is_reported_at_the_call() {
    let stderr = build_with(&[
        ("themes/default/templates/index.html", INDEX),
        (
            "themes/default/templates/partials/badge.html",
            "{# A badge #}\n{% component badge(n: integer) %}\n  <b>{{ n }} {{ <badge n={n} /> }}</b>\n{% endcomponent badge %}\n",
        ),
    ]);
    assert_snapshot!(stderr, @"
    error: themes/default/templates/partials/badge.html:3:17: template error: component `badge` calls itself without end (Tera stops after 20 levels) (while rendering content/_index.md)
      |
    3 |   <b>{{ n }} {{ <badge n={n} /> }}</b>
      |                 ^
      = hint: call a component from itself only under a condition that ends the recursion ({% if depth > 0 %}), or render the nested part another way
    build failed: the previous output was left as it was
    ");
}

#[test]
fn components_calling_each_other_through_an_include_are_reported_at_the_call() {
    let stderr = build_with(&[
        ("themes/default/templates/index.html", INDEX),
        (
            "themes/default/templates/partials/badge.html",
            "{% component badge(n: integer) %}{% include \"partials/inner.html\" %}{% endcomponent badge %}\n",
        ),
        (
            "themes/default/templates/partials/inner.html",
            "<i>\n{% if true %}{{ <label /> }}{% endif %}</i>\n",
        ),
        (
            "themes/default/templates/partials/label.html",
            "{% component label() %}\n{{ <badge n={2} /> }}\n{% endcomponent label %}\n",
        ),
    ]);
    assert_snapshot!(stderr, @"
    error: themes/default/templates/partials/label.html:2:4: template error: component `label` calls itself through `badge` without end (Tera stops after 20 levels) (while rendering content/_index.md)
      |
    2 | {{ <badge n={2} /> }}
      |    ^
      = hint: call a component from itself only under a condition that ends the recursion ({% if depth > 0 %}), or render the nested part another way
    build failed: the previous output was left as it was
    ");
}

#[test]
fn a_template_including_itself_is_reported_at_its_include() {
    let stderr = build_with(&[(
        "themes/default/templates/index.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{% if page %}{% include \"index.html\" %}{% endif %}</p>\n{% endblock main %}\n",
    )]);
    assert_snapshot!(stderr, @r#"
    error: themes/default/templates/index.html:3:17: template error: Circular include detected for template 'index.html'. Include chain: `["index.html", "index.html"]`
      |
    3 | <p>{% if page %}{% include "index.html" %}{% endif %}</p>
      |                 ^
      = hint: extend or include a template the theme has, without cycles
    build failed: the previous output was left as it was
    "#);
}

//! The dashboard report as HTML text: the markup the report page shows and, around the same
//! markup, one self-contained file to send (inline CSS, charts as PNG data URLs, no script, no
//! link to anything). Every text is escaped here, so a deal or owner called `<b>&` stays text.
//! The texts arrive formatted (language, digits, calendar); this module only lays them out.

/// One KPI card, formatted as the dashboard shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportCard {
    /// The KPI's id (`win-rate`), kept as `data-kpi` so a reader can find a card.
    pub id: String,
    /// The card's title.
    pub title: String,
    /// The value.
    pub value: String,
    /// The line under the value.
    pub sub: String,
    /// The change against the previous period and its class (`better`, `worse`, `same`).
    pub delta: Option<(String, &'static str)>,
}

/// One part of a report section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// KPI cards.
    Cards(Vec<ReportCard>),
    /// A chart as an image: its short name, title and PNG data URL (`None`: not drawn).
    Chart {
        /// Short name (`funnel`), kept as `data-chart`.
        name: &'static str,
        /// The chart's title (also its alternative text).
        title: String,
        /// `data:image/png;base64,…`; anything else is left out.
        png: Option<String>,
    },
    /// A bulleted list of sentences.
    List(Vec<String>),
    /// A table: headings, then rows whose first cell names the row.
    Table {
        /// Short name, kept as `data-table`.
        name: &'static str,
        /// Column headings.
        head: Vec<String>,
        /// Rows of cells.
        rows: Vec<Vec<String>>,
    },
    /// A plain paragraph.
    Text(String),
}

/// A titled section of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// Whether it starts on a new printed page.
    pub new_page: bool,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A whole report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDoc {
    /// The `lang` attribute (`en`, `fa`).
    pub lang: &'static str,
    /// The `dir` attribute (`ltr`, `rtl`).
    pub dir: &'static str,
    /// The title.
    pub title: String,
    /// Lines under the title: period, filters, funnel mode, when it was made.
    pub lines: Vec<String>,
    /// The sections.
    pub sections: Vec<Section>,
}

/// The report's stylesheet (`style/report.css`, which the app links): the page on screen, A4
/// portrait in print, charts never split.
pub const REPORT_CSS: &str = include_str!("../../../style/report.css");

/// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element text and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Writes `open`, then `text` escaped, then `close` (markup written as plain pieces, not with
/// `format!`, keeps the wasm small).
fn wrap(out: &mut String, open: &str, text: &str, close: &str) {
    out.push_str(open);
    push_escaped(out, text);
    out.push_str(close);
}

/// Whether `url` is a PNG data URL and nothing else (base64 characters only).
fn is_png(url: &str) -> bool {
    url.strip_prefix("data:image/png;base64,").is_some_and(|b| {
        !b.is_empty()
            && b.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"+/=".contains(&c))
    })
}

fn block(out: &mut String, b: &Block) {
    match b {
        Block::Cards(cards) => {
            out.push_str("<ul class=\"cards\">");
            for c in cards {
                wrap(out, "<li class=\"card\" data-kpi=\"", &c.id, "\">");
                wrap(out, "<h3>", &c.title, "</h3>");
                wrap(out, "<p class=\"value\">", &c.value, "</p>");
                wrap(out, "<p class=\"sub\">", &c.sub, "</p>");
                if let Some((text, class)) = &c.delta {
                    wrap(out, "<p class=\"delta ", class, "\">");
                    wrap(out, "", text, "</p>");
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        Block::Chart { name, title, png } => {
            wrap(out, "<figure data-chart=\"", name, "\">");
            wrap(out, "<figcaption>", title, "</figcaption>");
            if let Some(png) = png.as_deref().filter(|p| is_png(p)) {
                wrap(out, "<img src=\"", png, "\" alt=\"");
                wrap(out, "", title, "\">");
            }
            out.push_str("</figure>");
        }
        Block::List(items) => {
            out.push_str("<ul class=\"list\">");
            for i in items {
                wrap(out, "<li>", i, "</li>");
            }
            out.push_str("</ul>");
        }
        Block::Table { name, head, rows } => {
            wrap(out, "<table data-table=\"", name, "\"><thead><tr>");
            for h in head {
                wrap(out, "<th scope=\"col\">", h, "</th>");
            }
            out.push_str("</tr></thead><tbody>");
            for row in rows {
                out.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    if i == 0 {
                        wrap(out, "<th scope=\"row\"><bdi>", cell, "</bdi></th>");
                    } else {
                        wrap(out, "<td><bdi>", cell, "</bdi></td>");
                    }
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
        }
        Block::Text(text) => wrap(out, "<p>", text, "</p>"),
    }
}

/// The report's markup: one `<article class="report">`, as the report page shows it.
pub fn body(doc: &ReportDoc) -> String {
    let mut out = String::new();
    body_into(&mut out, doc);
    out
}

fn body_into(out: &mut String, doc: &ReportDoc) {
    wrap(
        out,
        "<article class=\"report\" lang=\"",
        doc.lang,
        "\" dir=\"",
    );
    wrap(out, "", doc.dir, "\">");
    wrap(out, "<h1>", &doc.title, "</h1><div class=\"lines\">");
    for line in &doc.lines {
        wrap(out, "<p>", line, "</p>");
    }
    out.push_str("</div>");
    for s in &doc.sections {
        let open = if s.new_page {
            "<section class=\"new-page\"><h2>"
        } else {
            "<section><h2>"
        };
        wrap(out, open, &s.heading, "</h2>");
        for b in &s.blocks {
            block(out, b);
        }
        out.push_str("</section>");
    }
    out.push_str("</article>");
}

/// The report as one HTML file that opens anywhere offline: inline CSS, images inline, no script.
pub fn page(doc: &ReportDoc) -> String {
    let mut out = String::from("<!DOCTYPE html>\n");
    wrap(&mut out, "<html lang=\"", doc.lang, "\" dir=\"");
    wrap(
        &mut out,
        "",
        doc.dir,
        "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
    );
    wrap(
        &mut out,
        "",
        &doc.title,
        "</title><style>body{margin:0;background:#eef0f3}@media print{body{background:#fff}}",
    );
    out.push_str(REPORT_CSS);
    out.push_str("</style></head><body>");
    body_into(&mut out, doc);
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> ReportDoc {
        ReportDoc {
            lang: "en",
            dir: "ltr",
            title: "Sales report <Q3>".into(),
            lines: vec!["Owner: Reza & <Sara>".into()],
            sections: vec![
                Section {
                    heading: "Key figures".into(),
                    new_page: false,
                    blocks: vec![Block::Cards(vec![ReportCard {
                        id: "win-rate".into(),
                        title: "Win rate".into(),
                        value: "41.0%".into(),
                        sub: "41 of 100".into(),
                        delta: Some(("+2.0% vs previous period".into(), "better")),
                    }])],
                },
                Section {
                    heading: "Charts".into(),
                    new_page: true,
                    blocks: vec![
                        Block::Chart {
                            name: "funnel",
                            title: "Funnel".into(),
                            png: Some("data:image/png;base64,iVBORw0KGgo=".into()),
                        },
                        Block::Chart {
                            name: "trend",
                            title: "Trend".into(),
                            png: Some("javascript:alert(1)".into()),
                        },
                    ],
                },
                Section {
                    heading: "Leaderboard".into(),
                    new_page: true,
                    blocks: vec![Block::Table {
                        name: "leaderboard",
                        head: vec!["Owner".into(), "Won".into()],
                        rows: vec![vec!["<script>alert('x')</script> & Co".into(), "3".into()]],
                    }],
                },
            ],
        }
    }

    #[test]
    fn the_file_has_no_script_and_escapes_names() {
        let html = page(&doc());
        assert!(!html.to_lowercase().contains("<script"), "{html}");
        assert!(
            !html.contains("javascript:"),
            "only PNG data URLs become images"
        );
        assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
        assert!(html.contains("Owner: Reza &amp; &lt;Sara&gt;"));
        assert!(html.contains("<title>Sales report &lt;Q3&gt;</title>"));
        assert!(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"Funnel\">"));
        assert_eq!(html.matches("<img").count(), 1);
        assert!(html.contains("<style>") && html.contains("@page{size:A4 portrait"));
        assert!(
            !html.contains("<link") && !html.contains("http"),
            "nothing to fetch"
        );
    }

    #[test]
    fn the_markup_keeps_what_a_reader_looks_for() {
        let html = body(&doc());
        assert!(html.starts_with("<article class=\"report\" lang=\"en\" dir=\"ltr\">"));
        assert!(html.contains(
            "<li class=\"card\" data-kpi=\"win-rate\"><h3>Win rate</h3><p class=\"value\">41.0%</p>"
        ));
        assert!(html.contains("<p class=\"delta better\">+2.0% vs previous period</p>"));
        assert_eq!(html.matches("<section class=\"new-page\">").count(), 2);
        assert!(html.contains("<th scope=\"row\"><bdi>"));
        assert_eq!(escape("a\"b'c"), "a&quot;b&#39;c");
        assert!(!is_png("data:image/png;base64,ab\"onerror=x"));
    }
}

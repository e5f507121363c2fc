//! The cached first paint: the top of the dashboard as this tab last showed it, kept with the
//! exact conditions under which it is still true, so that the next start can show the user's
//! numbers before it has decoded their data (issue #20's cold start).
//!
//! It is only ever shown when its [`PaintKey`] equals the one the start computes: the same stored
//! main text (length and hash of every byte: any save, merge, repair or "start fresh" changes or
//! removes it), the same day (the KPIs' periods and snapshots depend on today), the same build
//! of the app (its KPI maths and markup) and the same dashboard view in the address. The app
//! writes a paint only when what the page shows is what is stored (see `Sync::in_step`), and it
//! replaces the paint with the real page one task later either way.

use crate::kpi::Fx;
use crate::Date;
use std::hash::Hasher;

/// The version of the stored form; another one is ignored (a newer or older app wrote it).
pub const VERSION: u32 = 1;

/// The largest markup kept (UTF-8 bytes): a paint larger than this (a very long filter list)
/// is not worth the room it would take from the data.
pub const MAX_HTML: usize = 96 * 1024;

/// What a paint is true for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaintKey {
    /// Bytes of the stored main text.
    pub len: usize,
    /// Its [`Fx`] hash, as 16 hex digits.
    pub hash: String,
    /// The day the numbers were computed for (ISO).
    pub date: String,
    /// The build of the app that drew it (its content-hashed wasm name).
    pub build: String,
    /// The dashboard view in the address ([`dashboard_view`]).
    pub view: String,
}

impl PaintKey {
    /// The key of the stored main text `text`, on `date`, for `build` and the address's `view`.
    pub fn new(text: &str, date: Date, build: &str, view: &str) -> PaintKey {
        let mut fx = Fx::default();
        fx.write(text.as_bytes());
        PaintKey {
            len: text.len(),
            hash: format!("{:016x}", fx.finish()),
            date: date.to_string(),
            build: build.to_string(),
            view: view.to_string(),
        }
    }
}

/// A stored first paint: its key and what to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstPaint {
    /// [`VERSION`] when written.
    pub v: u32,
    /// What it is true for.
    pub key: PaintKey,
    /// The page's `lang` and `dir` (Persian paints right to left from the first frame).
    pub lang: String,
    /// The page's direction, `ltr` or `rtl`.
    pub dir: String,
    /// The document title.
    pub title: String,
    /// The markup of the page's top: header, navigation and the KPI section.
    pub html: String,
}

/// The first line of the stored form (the version in it).
const HEADER: &str = "kariz-paint 1";

impl FirstPaint {
    /// Its stored form (a line per field, then the markup: no JSON code on the first load), or
    /// `None` when the markup is over [`MAX_HTML`] or a field holds a line break.
    pub fn encode(&self) -> Option<String> {
        let k = &self.key;
        let fields = [
            &k.len.to_string(),
            &k.hash,
            &k.date,
            &k.build,
            &k.view,
            &self.lang,
            &self.dir,
            &self.title,
        ];
        if self.v != VERSION
            || self.html.len() > MAX_HTML
            || fields.iter().any(|f| f.contains('\n'))
        {
            return None;
        }
        let mut text = String::with_capacity(self.html.len() + 256);
        text.push_str(HEADER);
        for field in fields {
            text.push('\n');
            text.push_str(field);
        }
        text.push('\n');
        text.push_str(&self.html);
        Some(text)
    }

    /// The paint stored as `text`, when it reads, is of this [`VERSION`] and is for `key`.
    pub fn matching(text: &str, key: &PaintKey) -> Option<FirstPaint> {
        let mut lines = text.splitn(10, '\n');
        if lines.next()? != HEADER {
            return None;
        }
        let mut next = || lines.next().map(str::to_string);
        let found = PaintKey {
            len: next()?.parse().ok()?,
            hash: next()?,
            date: next()?,
            build: next()?,
            view: next()?,
        };
        let (lang, dir, title, html) = (next()?, next()?, next()?, next()?);
        (found == *key && html.len() <= MAX_HTML).then_some(FirstPaint {
            v: VERSION,
            key: found,
            lang,
            dir,
            title,
            html,
        })
    }
}

/// The dashboard view an address (`#…` without the `#`) opens, or `None` when it opens another
/// section: no hash, `dashboard` and `dashboard?` are all the dashboard as it first shows.
pub fn dashboard_view(hash: &str) -> Option<String> {
    let (section, query) = hash.split_once('?').unwrap_or((hash, ""));
    matches!(section, "" | "dashboard").then(|| format!("dashboard?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> PaintKey {
        let date = Date::parse("2026-12-03").unwrap();
        PaintKey::new(text, date, "kariz-1f2e_bg.wasm", "dashboard?")
    }

    fn paint(text: &str) -> FirstPaint {
        FirstPaint {
            v: VERSION,
            key: key(text),
            lang: "fa".into(),
            dir: "rtl".into(),
            title: "کاریز".into(),
            html: "<header class=\"top\"><h1>کاریز</h1></header>".into(),
        }
    }

    #[test]
    fn a_paint_is_shown_only_for_its_own_key() {
        let stored = paint("{\"deals\":[]}").encode().unwrap();
        assert_eq!(
            FirstPaint::matching(&stored, &key("{\"deals\":[]}")),
            Some(paint("{\"deals\":[]}"))
        );
        // One byte of the stored text changed, same length.
        assert_eq!(FirstPaint::matching(&stored, &key("{\"deals\":[}]")), None);
        // A zero byte appended: the hash alone pads the last word with zeros, the length differs.
        assert_eq!(
            FirstPaint::matching(&stored, &key("{\"deals\":[]}\0")),
            None
        );
        let mut other = key("{\"deals\":[]}");
        other.date = "2026-12-04".into();
        assert_eq!(FirstPaint::matching(&stored, &other), None);
        let mut other = key("{\"deals\":[]}");
        other.build = "kariz-9a8b_bg.wasm".into();
        assert_eq!(FirstPaint::matching(&stored, &other), None);
        let mut other = key("{\"deals\":[]}");
        other.view = "dashboard?period=q".into();
        assert_eq!(FirstPaint::matching(&stored, &other), None);
    }

    #[test]
    fn another_version_or_unreadable_text_is_never_shown() {
        let stored = paint("x").encode().unwrap();
        let other = stored.replacen(HEADER, "kariz-paint 2", 1);
        assert_eq!(FirstPaint::matching(&other, &key("x")), None);
        // Cut anywhere before the markup.
        for cut in 0..stored.len() - paint("x").html.len() - 1 {
            if stored.is_char_boundary(cut) {
                assert_eq!(
                    FirstPaint::matching(&stored[..cut], &key("x")),
                    None,
                    "{cut}"
                );
            }
        }
        assert_eq!(FirstPaint::matching("", &key("x")), None);
        let mut old = paint("x");
        old.v = VERSION + 1;
        assert_eq!(old.encode(), None);
    }

    #[test]
    fn markup_keeps_its_line_breaks_and_fields_may_not_have_any() {
        let mut p = paint("x");
        p.html = "<p>one\ntwo</p>\n".into();
        assert_eq!(
            FirstPaint::matching(&p.encode().unwrap(), &key("x")),
            Some(p.clone())
        );
        p.title = "a\nb".into();
        assert_eq!(p.encode(), None);
    }

    #[test]
    fn markup_over_the_limit_is_not_kept() {
        let mut big = paint("x");
        big.html = "a".repeat(MAX_HTML + 1);
        assert_eq!(big.encode(), None);
        big.html.pop();
        assert!(big.encode().is_some());
    }

    #[test]
    fn the_key_hashes_every_byte_of_the_text() {
        // Hand-worked: one 8-byte word, "abcdefgh" little-endian = 0x6867666564636261, from a
        // zero state: (0.rotl(5) ^ w) * 0x517cc1b727220a95 mod 2^64.
        let w: u64 = 0x6867_6665_6463_6261;
        let expected = w.wrapping_mul(0x517c_c1b7_2722_0a95);
        assert_eq!(key("abcdefgh").hash, format!("{expected:016x}"));
        assert_eq!(key("abcdefgh").len, 8);
        assert_ne!(key("abcdefgh").hash, key("abcdefgi").hash);
    }

    #[test]
    fn the_dashboard_address_forms_are_one_view() {
        for hash in ["", "dashboard", "dashboard?", "?"] {
            assert_eq!(
                dashboard_view(hash).as_deref(),
                Some("dashboard?"),
                "{hash}"
            );
        }
        assert_eq!(
            dashboard_view("dashboard?period=q&owner=Sara").as_deref(),
            Some("dashboard?period=q&owner=Sara")
        );
        for hash in ["board", "deals", "settings", "report?period=q", "main"] {
            assert_eq!(dashboard_view(hash), None, "{hash}");
        }
    }
}

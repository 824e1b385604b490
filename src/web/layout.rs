//! The frame of every page (head, navigation by role, sign-out form) and the small pieces the
//! pages share: Indonesian numbers and dates, the risk badge, the form token field, the date picker.
//! Templates are maud: every `(value)` is escaped by construction.

use axum::response::Html;
use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, html};

use super::session::{CSRF_FIELD, Viewer};
use crate::domain::auth::Role;
use crate::domain::forecast::Risk;
use crate::domain::quantity::format_id;
use crate::report::dates;

/// The sections of the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Home,
    Upload,
    Record,
    Receive,
    Plan,
    Briefing,
}

/// `12.500`.
pub fn number(n: i64) -> String {
    format_id(n)
}

/// `10 November 2022`.
pub fn date(d: NaiveDate) -> String {
    dates::long(d)
}

/// `10–21 November 2022`.
pub fn date_range(from: NaiveDate, to: NaiveDate) -> String {
    dates::range(from, to)
}

/// Working days of cover, whole days: `23 hari kerja`; `-` without use.
pub fn cover(days: Option<f64>) -> String {
    days.map_or_else(|| "-".to_string(), |d| format!("{} hari kerja", format_id(d.floor() as i64)))
}

/// The risk colour as a labelled badge (the word is there for readers who do not see colour).
pub fn risk_badge(risk: Risk) -> Markup {
    html! { span class=(format!("risk risk-{}", risk.as_str())) { (risk.as_str()) } }
}

/// The hidden form token every POST form carries.
pub fn csrf_field(viewer: &Viewer) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(viewer.csrf()); }
}

/// What a role is called on screen.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Pusat => "Pusat (Ditjen Dukcapil)",
        Role::Provinsi => "Koordinator provinsi",
        Role::Kabkota => "Disdukcapil kabupaten/kota",
        Role::Pimpinan => "Pimpinan daerah",
    }
}

/// A GET form to change the date the page shows (works without JavaScript).
pub fn date_picker(action: &str, as_of: NaiveDate, hidden: &[(&str, String)]) -> Markup {
    html! {
        form.datepick method="get" action=(action) {
            @for (name, value) in hidden {
                input type="hidden" name=(name) value=(value);
            }
            label { "Keadaan per " input type="date" name="tanggal" value=(as_of.format("%Y-%m-%d").to_string()); }
            button type="submit" { "Tampilkan" }
        }
    }
}

fn head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · blanko" }
            link rel="stylesheet" href="/static/gaya.css";
            script src="/static/app.js" defer {}
        }
    }
}

fn nav_items(role: Role) -> Vec<(Nav, &'static str, &'static str)> {
    let mut items = vec![(Nav::Home, "/beranda", "Beranda")];
    if role != Role::Pimpinan {
        items.push((Nav::Upload, "/unggah", "Unggah"));
        items.push((Nav::Record, "/catat", "Catat"));
        items.push((Nav::Receive, "/terima", "Terima kiriman"));
    }
    if matches!(role, Role::Pusat | Role::Provinsi) {
        items.push((Nav::Plan, "/rencana", "Rencana"));
    }
    items.push((Nav::Briefing, "/ringkasan", "Ringkasan"));
    items
}

/// A page of a signed-in user.
pub fn page(title: &str, viewer: &Viewer, current: Nav, body: &Markup) -> Html<String> {
    let who = &viewer.who;
    let markup = html! {
        (DOCTYPE)
        html lang="id" {
            (head(title))
            body {
                a.skip href="#isi" { "Langsung ke isi" }
                header.top {
                    a.brand href="/beranda" { "blanko" }
                    nav aria-label="Menu utama" {
                        ul {
                            @for (item, href, label) in nav_items(who.role) {
                                li {
                                    @if item == current {
                                        a href=(href) aria-current="page" { (label) }
                                    } @else {
                                        a href=(href) { (label) }
                                    }
                                }
                            }
                        }
                    }
                    div.user {
                        span { (who.name) " · " (role_label(who.role)) @if let Some(r) = &who.region { " " (r.as_str()) } }
                        form method="post" action="/keluar" {
                            (csrf_field(viewer))
                            button.link type="submit" { "Keluar" }
                        }
                    }
                }
                main #isi { (body) }
            }
        }
    };
    Html(markup.into_string())
}

/// A page without navigation: sign-in and error pages.
pub fn bare_page(title: &str, body: &Markup) -> Html<String> {
    let markup = html! {
        (DOCTYPE)
        html lang="id" {
            (head(title))
            body.bare {
                header.top { a.brand href="/" { "blanko" } }
                main #isi { (body) }
            }
        }
    };
    Html(markup.into_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_indonesian() {
        assert_eq!(number(12_500), "12.500");
        assert_eq!(date(NaiveDate::from_ymd_opt(2022, 11, 10).unwrap()), "10 November 2022");
        assert_eq!(cover(Some(23.7)), "23 hari kerja");
        assert_eq!(cover(None), "-");
    }

    #[test]
    fn navigation_follows_the_role() {
        let labels = |r| nav_items(r).into_iter().map(|(_, _, l)| l).collect::<Vec<_>>();
        assert_eq!(labels(Role::Pimpinan), ["Beranda", "Ringkasan"]);
        assert!(labels(Role::Kabkota).contains(&"Catat") && !labels(Role::Kabkota).contains(&"Rencana"));
        assert!(labels(Role::Provinsi).contains(&"Rencana") && labels(Role::Provinsi).contains(&"Unggah"));
    }
}

//! The web pages through the router (no browser): sign-in and the landing page of each role,
//! form tokens, sessions that end, and user text escaped in the pages.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use blanko::domain::auth::Role;
use blanko::store::sessions::set_password;
use blanko::store::sql::stmt;
use blanko::store::users;
use http_body_util::BodyExt;
use sea_orm::ConnectionTrait;
use serde_json::json;
use tower::ServiceExt;

use crate::db_tests;
use crate::helpers::TestApp;

const PASSWORD: &str = "rahasia-panjang-sekali";

/// A browser without JavaScript: keeps its cookies, sends forms.
struct Browser<'a> {
    app: &'a TestApp,
    cookies: BTreeMap<String, String>,
}

struct Page {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers.get("location").and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    /// The value of the first hidden field `name` in the page.
    fn field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\" value=\"");
        let start =
            self.body.find(&marker).unwrap_or_else(|| panic!("no field {name} in {}", self.body)) + marker.len();
        self.body[start..].split('"').next().unwrap().to_string()
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self { app, cookies: BTreeMap::new() }
    }

    async fn send(&mut self, req: axum::http::request::Builder, body: Body) -> Page {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let req = if cookie.is_empty() { req } else { req.header("cookie", cookie) };
        let resp = self.app.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        for set in resp.headers().get_all("set-cookie") {
            let text = set.to_str().unwrap();
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let (status, headers) = (resp.status(), resp.headers().clone());
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        Page { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn get(&mut self, path: &str) -> Page {
        self.send(Request::get(path), Body::empty()).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        let req = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        self.send(req, Body::from(body)).await
    }

    async fn upload(&mut self, csrf: Option<&str>, kind: &str, file: &str) -> Page {
        const B: &str = "----blanko-web-test";
        let part = |name: &str, value: &str| {
            format!("--{B}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
        };
        let mut form = csrf.map(|t| part("csrf", t)).unwrap_or_default();
        form += &part("jenis", kind);
        let head = "Content-Disposition: form-data; name=\"berkas\"; filename=\"cetak.csv\"\r\nContent-Type: text/csv";
        let _ = write!(form, "--{B}\r\n{head}\r\n\r\n{file}\r\n--{B}--\r\n");
        let req = Request::post("/unggah").header("content-type", format!("multipart/form-data; boundary={B}"));
        self.send(req, Body::from(form)).await
    }

    /// Signs in through the form; returns the answer to the form.
    async fn sign_in(&mut self, name: &str, password: &str) -> Page {
        let form = self.get("/masuk").await;
        assert_eq!(form.status, StatusCode::OK);
        let nonce = form.field("csrf");
        self.post("/masuk", &[("csrf", &nonce), ("nama", name), ("sandi", password)]).await
    }

    /// The form token of the signed-in session, read from a page.
    async fn csrf(&mut self) -> String {
        let page = self.get("/terima").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        page.field("csrf")
    }
}

/// A user with `role` and `region` who can sign in with [`PASSWORD`]; returns their API token.
async fn person(app: &TestApp, name: &str, role: Role, region: Option<&str>) -> String {
    let token = app.token(name, role, region).await;
    set_password(&app.store.db, name, PASSWORD).await.expect("set password");
    token
}

async fn each_role_lands_on_its_view(app: TestApp) {
    person(&app, "pusat", Role::Pusat, None).await;
    person(&app, "jabar", Role::Provinsi, Some("32")).await;
    person(&app, "bekasi", Role::Kabkota, Some("32.16")).await;
    person(&app, "bupati", Role::Pimpinan, Some("32.16")).await;
    let mut b = Browser::new(&app);
    let page = b.get("/").await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/beranda"));
    let page = b.get("/beranda").await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/masuk"), "no session: sign in first");
    for (name, landing, heading) in [
        ("pusat", "/wilayah/PUSAT", "<h1>Nasional</h1>"),
        ("jabar", "/wilayah/32", "<h1>Provinsi Jawa Barat</h1>"),
        ("bekasi", "/wilayah/32.16", "<h1>Kabupaten Bekasi</h1>"),
        ("bupati", "/ringkasan", "<h1>Ringkasan Kabupaten Bekasi</h1>"),
    ] {
        let mut b = Browser::new(&app);
        let signed = b.sign_in(name, PASSWORD).await;
        assert_eq!((signed.status, signed.location()), (StatusCode::SEE_OTHER, landing), "{name}");
        let cookie = signed
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap())
            .find(|c| c.starts_with("blanko_sesi="));
        let cookie = cookie.expect("session cookie");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"),
            "{cookie}"
        );
        let page = b.get("/beranda").await;
        assert_eq!(page.location(), landing, "{name}");
        let page = b.get(landing).await;
        assert_eq!(page.status, StatusCode::OK, "{name}: {}", page.body);
        assert!(page.body.contains(heading), "{name}: {}", page.body);
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(!csp.contains("unsafe-inline"), "{csp}");
    }
    let mut b = Browser::new(&app);
    let wrong = b.sign_in("bekasi", "bukan-kata-sandinya").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("nama pengguna atau kata sandi salah"), "{}", wrong.body);
    let unknown = b.sign_in("tidak-ada", PASSWORD).await;
    assert!(unknown.body.contains("nama pengguna atau kata sandi salah"), "the same answer for an unknown name");
    // A reader may not open another region, nor a leader the upload page.
    let mut b = Browser::new(&app);
    b.sign_in("bekasi", PASSWORD).await;
    assert_eq!(b.get("/wilayah/32.01").await.status, StatusCode::FORBIDDEN);
    let mut b = Browser::new(&app);
    b.sign_in("bupati", PASSWORD).await;
    let page = b.get("/unggah").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.body.contains("hanya dapat membaca"), "{}", page.body);
}

async fn a_form_without_its_token_is_refused(app: TestApp) {
    let pusat = app.pusat().await;
    person(&app, "bekasi", Role::Kabkota, Some("32.16")).await;
    let mut b = Browser::new(&app);
    // The sign-in form itself: without the value of its cookie.
    let page = b.post("/masuk", &[("nama", "bekasi"), ("sandi", PASSWORD)]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    b.sign_in("bekasi", PASSWORD).await;
    let token = b.csrf().await;
    let count = [("date", "2022-10-31"), ("region", "32.16"), ("item", "blanko"), ("counted", "40")];
    for sent in [None, Some("0000"), Some(token.as_str())] {
        let mut fields = count.to_vec();
        if let Some(t) = sent {
            fields.push(("csrf", t));
        }
        let page = b.post("/catat/stock-counts", &fields).await;
        if sent == Some(token.as_str()) {
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
            assert_eq!(page.location(), "/catat?selesai=stock-counts&hasil=inserted");
            assert_eq!(app.stock(&pusat, "32.16", "2022-10-31").await["on_hand"], 40, "the count is the stock");
        } else {
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{sent:?}");
            assert!(page.body.contains("Formulir ditolak") && page.body.contains("token keamanan"), "{}", page.body);
            assert_eq!(app.stock(&pusat, "32.16", "2022-10-31").await["on_hand"], 0, "nothing written");
        }
    }
    // A refused record comes back with its problem and the form as it was sent.
    let bad =
        [("csrf", token.as_str()), ("date", "31-31-2022"), ("region", "32.16"), ("item", "blanko"), ("counted", "41")];
    let page = b.post("/catat/stock-counts", &bad).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    assert!(page.body.contains("Belum tersimpan") && page.body.contains("tanggal"), "{}", page.body);
    assert!(page.body.contains("value=\"31-31-2022\"") && page.body.contains("value=\"41\""), "{}", page.body);
    let upload = b.upload(None, "prints", "tanggal,wilayah,dicetak\n2022-10-31,32.16,1\n").await;
    assert_eq!(upload.status, StatusCode::FORBIDDEN, "{}", upload.body);
    let out = b.post("/keluar", &[]).await;
    assert_eq!(out.status, StatusCode::FORBIDDEN, "signing out takes the token too");
    assert_eq!(b.get("/terima").await.status, StatusCode::OK, "still signed in");
}

async fn sessions_end_at_sign_out_expiry_and_revocation(app: TestApp) {
    let token = person(&app, "bekasi", Role::Kabkota, Some("32.16")).await;
    let mut b = Browser::new(&app);
    b.sign_in("bekasi", PASSWORD).await;
    let csrf = b.csrf().await;
    let out = b.post("/keluar", &[("csrf", &csrf)]).await;
    assert_eq!((out.status, out.location()), (StatusCode::SEE_OTHER, "/masuk?alasan=keluar"));
    assert!(!b.cookies.contains_key("blanko_sesi"), "the cookie is cleared");

    // The old cookie, kept by someone else, no longer works either.
    let mut b = Browser::new(&app);
    b.sign_in("bekasi", PASSWORD).await;
    let stolen = b.cookies["blanko_sesi"].clone();
    let csrf = b.csrf().await;
    b.post("/keluar", &[("csrf", &csrf)]).await;
    let mut thief = Browser::new(&app);
    thief.cookies.insert("blanko_sesi".into(), stolen);
    let page = thief.get("/terima").await;
    assert_eq!((page.status, page.location()), (StatusCode::SEE_OTHER, "/masuk?alasan=berakhir"));

    // Expired.
    let mut b = Browser::new(&app);
    b.sign_in("bekasi", PASSWORD).await;
    let db = &app.store.db;
    let past = chrono::Utc::now() - chrono::TimeDelta::minutes(1);
    db.execute(stmt(db.get_database_backend(), "UPDATE web_sessions SET expires_at = ?", vec![past.into()]))
        .await
        .unwrap();
    assert_eq!(b.get("/terima").await.location(), "/masuk?alasan=berakhir");
    let page = b.get("/masuk?alasan=berakhir").await;
    assert!(page.body.contains("Sesi Anda sudah berakhir"), "{}", page.body);

    // Revoked with the user's tokens, at once.
    let mut b = Browser::new(&app);
    b.sign_in("bekasi", PASSWORD).await;
    assert_eq!(b.get("/terima").await.status, StatusCode::OK);
    let revoked = users::revoke_all(db, "bekasi").await.unwrap();
    assert_eq!((revoked.tokens, revoked.sessions), (1, 1));
    assert_eq!(b.get("/terima").await.location(), "/masuk?alasan=berakhir");
    assert_eq!(app.get("/api/v1/uploads", &token).await.0, StatusCode::UNAUTHORIZED);

    // A new password signs every browser out too.
    let mut b = Browser::new(&app);
    b.sign_in("bekasi", PASSWORD).await;
    set_password(db, "bekasi", "kata-sandi-yang-baru").await.unwrap();
    assert_eq!(b.get("/terima").await.location(), "/masuk?alasan=berakhir");
    assert_eq!(Browser::new(&app).sign_in("bekasi", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(Browser::new(&app).sign_in("bekasi", "kata-sandi-yang-baru").await.status, StatusCode::SEE_OTHER);
}

async fn user_text_is_escaped_and_a_receipt_is_picked_from_the_list(app: TestApp) {
    let pusat = app.pusat().await;
    person(&app, "<b>kepala</b>", Role::Kabkota, Some("32.16")).await;
    app.post_ok("/api/v1/procurements", &pusat, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 5000}))
        .await;
    let reference = "<script>alert(1)</script>";
    let dispatch =
        json!({"reference": reference, "shipped_on": "2022-10-20", "from": "PUSAT", "to": "32.16", "quantity": 1200});
    app.post_ok("/api/v1/shipments", &pusat, dispatch).await;
    let mut b = Browser::new(&app);
    b.sign_in("<b>kepala</b>", PASSWORD).await;
    let list = b.get("/terima?tanggal=2022-10-31").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("&lt;b&gt;kepala&lt;/b&gt;") && !list.body.contains("<b>kepala"), "{}", list.body);
    assert!(list.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !list.body.contains("<script>alert"));
    assert!(
        list.body.contains("1.200 Blanko KTP-el") && list.body.contains("7 hari kerja dalam perjalanan"),
        "{}",
        list.body
    );
    let region = b.get("/wilayah/32.16?tanggal=2022-10-31").await;
    assert!(
        region.body.contains("Kiriman dalam perjalanan") && !region.body.contains("<script>alert"),
        "{}",
        region.body
    );
    let csrf = list.field("csrf");
    let fields = [
        ("csrf", csrf.as_str()),
        ("reference", reference),
        ("from", "PUSAT"),
        ("received_on", "2022-10-24"),
        ("received_quantity", "1200"),
        ("damaged_quantity", "2"),
    ];
    let done = b.post("/terima", &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = b.get(done.location()).await;
    assert!(page.body.contains("tercatat") && page.body.contains("Tidak ada kiriman yang menunggu"), "{}", page.body);
    assert_eq!(app.stock(&pusat, "32.16", "2022-10-31").await["on_hand"], 1198);
}

/// Bekasi holds 1.000 cards from the centre and its user is signed in; the centre's token.
async fn bekasi_with_cards(app: &TestApp) -> (String, Browser<'_>) {
    let pusat = app.pusat().await;
    person(app, "bekasi", Role::Kabkota, Some("32.16")).await;
    app.post_ok("/api/v1/procurements", &pusat, json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 5000}))
        .await;
    let delivery = json!({"reference": "K-1", "shipped_on": "2022-09-05", "from": "PUSAT", "to": "32.16", "quantity": 1000, "received_on": "2022-09-08", "received_quantity": 1000});
    app.post_ok("/api/v1/shipments", &pusat, delivery).await;
    let mut b = Browser::new(app);
    b.sign_in("bekasi", PASSWORD).await;
    (pusat, b)
}

async fn an_upload_shows_its_errors_then_commits(app: TestApp) {
    let (pusat, mut b) = bekasi_with_cards(&app).await;
    let csrf = b.csrf().await;
    let wrong =
        "tanggal,wilayah,barang,dicetak,rusak\n2022-10-03,32.16,blanko,120,2\n2022-10-04,32.16,blanko,dua ratus,0\n";
    let page = b.upload(Some(&csrf), "prints", wrong).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", page.body);
    assert!(page.body.contains("Berkas ditolak: 1 kesalahan") && page.body.contains("dua ratus"), "{}", page.body);
    let link = page.body.split("href=\"/unggah/galat/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let csv = b.get(&format!("/unggah/galat/{link}")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("dicetak") && csv.body.contains("dua ratus"), "{}", csv.body);
    assert_eq!(Browser::new(&app).get(&format!("/unggah/galat/{link}")).await.status, StatusCode::SEE_OTHER);
    let fixed = wrong.replace("dua ratus", "200");
    let page = b.upload(Some(&csrf), "prints", &fixed).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("dapat disimpan"), "{}", page.body);
    assert_eq!(app.stock(&pusat, "32.16", "2022-10-31").await["on_hand"], 1000, "a check writes nothing");
    let id = page.field("id");
    let saved = b.post("/unggah/simpan", &[("csrf", &csrf), ("id", &id)]).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(saved.body.contains("Tersimpan"), "{}", saved.body);
    assert_eq!(app.stock(&pusat, "32.16", "2022-10-31").await["on_hand"], 1000 - 122 - 200);
    let again = b.post("/unggah/simpan", &[("csrf", &csrf), ("id", &id)]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "a checked file is committed once");
    let history = b.get("/unggah").await;
    assert!(history.body.contains("pencetakan") && history.body.contains(">bekasi<"), "{}", history.body);
}

async fn a_late_reporter_is_flagged(app: TestApp) {
    let pusat = app.pusat().await;
    person(&app, "jabar", Role::Provinsi, Some("32")).await;
    app.post_ok("/api/v1/backlog", &pusat, json!({"date": "2022-10-20", "region": "32.16.01", "prr": 40})).await;
    app.post_ok("/api/v1/backlog", &pusat, json!({"date": "2022-10-28", "region": "32.01.01", "prr": 12})).await;
    let mut b = Browser::new(&app);
    b.sign_in("jabar", PASSWORD).await;
    let page = b.get("/wilayah/32?tanggal=2022-10-31").await;
    assert_eq!(page.status, StatusCode::OK);
    // Bekasi's last backlog report is 7 working days old; Bogor's, 1 (but it never reported prints).
    assert!(page.body.contains("20 Oktober 2022 · terlambat 7 hari kerja"), "{}", page.body);
    assert!(page.body.contains("<span>28 Oktober 2022</span>"), "{}", page.body);
    assert!(page.body.contains("27 kantor terlambat melapor"), "{}", page.body);
}

/// An office's own page says when its stock is an estimate: the forecast's last report and stale
/// days, in the briefing's words, and the estimated stock under its own label.
async fn an_office_page_says_its_stock_is_an_estimate_when_reports_are_late(app: TestApp) {
    let (pusat, mut b) = bekasi_with_cards(&app).await;
    for day in ["2022-10-03", "2022-10-04"] {
        app.post_ok("/api/v1/prints", &pusat, json!({"date": day, "region": "32.16", "printed": 100})).await;
    }
    let fresh = b.get("/wilayah/32.16?tanggal=2022-10-04").await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.body);
    assert!(fresh.body.contains("Stok tersedia") && !fresh.body.contains("stok hari ini adalah perkiraan"));
    let late = b.get("/wilayah/32.16?tanggal=2022-10-10").await;
    assert_eq!(late.status, StatusCode::OK, "{}", late.body);
    assert!(late.body.contains("Perkiraan stok hari ini"), "{}", late.body);
    assert!(
        late.body
            .contains("Laporan pencetakan terakhir 4 Oktober 2022, 4 hari kerja lalu: stok hari ini adalah perkiraan"),
        "{}",
        late.body
    );
}

/// The complaint form records a complaint and its follow-up; the region page shows the overdue
/// ones, the warning of a doubtful book, the weekly chart and the CSV.
async fn a_complaint_from_the_form_and_the_overdue_on_the_region_page(app: TestApp) {
    let (_, mut b) = bekasi_with_cards(&app).await;
    let form = b.get("/catat?tanggal=2022-11-30").await;
    assert!(form.body.contains("Aduan warga") && form.body.contains("action=\"/catat/complaints\""), "{}", form.body);
    let csrf = form.field("csrf");
    let complaint = |reference: &'static str, date: &'static str, category: &'static str, followed: &'static str| {
        vec![
            ("reference", reference),
            ("date", date),
            ("region", "32.16"),
            ("channel", "media_sosial"),
            ("category", category),
            ("text", "Blanko habis kata petugas"),
            ("followed_up_on", followed),
            ("closed_on", ""),
        ]
    };
    let mut sent = complaint("MEDSOS-1", "2022-11-01", "antrean", "");
    sent.push(("csrf", &csrf));
    let done = b.post("/catat/complaints", &sent).await;
    assert_eq!((done.status, done.location()), (StatusCode::SEE_OTHER, "/catat?selesai=complaints&hasil=inserted"));
    let mut sent = complaint("MEDSOS-2", "2022-11-28", "blanko_habis", "2022-11-27");
    sent.push(("csrf", &csrf));
    let refused = b.post("/catat/complaints", &sent).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("lebih awal dari tanggal aduan"), "{}", refused.body);
    let mut sent = complaint("MEDSOS-2", "2022-11-28", "blanko_habis", "2022-11-29");
    sent.push(("csrf", &csrf));
    assert_eq!(b.post("/catat/complaints", &sent).await.status, StatusCode::SEE_OTHER);

    let page = b.get("/wilayah/32.16?tanggal=2022-11-30").await;
    assert_eq!(page.status, StatusCode::OK);
    for needle in [
        "Buku stok diragukan",
        "2 aduan dalam 30 hari terakhir: 1 blanko habis, 1 antrean",
        "1 aduan lewat 14 hari tanpa tindak lanjut",
        "Aduan lewat batas tindak lanjut",
        "MEDSOS-1",
        "Aduan Warga per Minggu dan Stok Blanko",
    ] {
        assert!(page.body.contains(needle), "missing {needle:?}");
    }
    assert!(!page.body.contains("<td>MEDSOS-2</td>"), "a followed-up complaint is not overdue");
    let csv = b.get("/wilayah/32.16/aduan.csv?tanggal=2022-11-30").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("MEDSOS-1") && csv.body.contains("lewat batas"), "{}", csv.body);
    let briefing = b.get("/ringkasan?tanggal=2022-11-30").await;
    assert!(briefing.body.contains("1 aduan lewat 14 hari tanpa tindak lanjut"), "{}", briefing.body);
    let printed = b.get("/ringkasan/cetak?tanggal=2022-11-30").await;
    assert!(
        printed
            .body
            .contains("2 warga mengadu dalam 30 hari terakhir (1 blanko habis, 1 antrean); 1 aduan lewat 14 hari"),
        "{}",
        printed.body
    );
    assert!(printed.body.contains("PERINGATAN: warga melaporkan blanko habis"), "{}", printed.body);
}

db_tests!(
    a_complaint_from_the_form_and_the_overdue_on_the_region_page,
    a_late_reporter_is_flagged,
    an_office_page_says_its_stock_is_an_estimate_when_reports_are_late,
    each_role_lands_on_its_view,
    a_form_without_its_token_is_refused,
    sessions_end_at_sign_out_expiry_and_revocation,
    user_text_is_escaped_and_a_receipt_is_picked_from_the_list,
    an_upload_shows_its_errors_then_commits,
);

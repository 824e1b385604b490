//! Browser tests (issue 11): headless Chromium from Debian's packages, driven through
//! chromedriver, against the server started in this process on a free port over a fresh SQLite
//! database holding the demo history (as `serve --demo` loads it), seen as of 31 October 2022.
//!
//! Without `chromium` and `chromedriver` on the PATH the test says so and passes, unless
//! `BLANKO_REQUIRE_BROWSER=1` (CI), where their absence fails it. Screenshots of the main pages
//! are written to `target/browser-screenshots/`.

mod webdriver;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use blanko::app::AppState;
use blanko::app::record::{Input, write};
use blanko::cli::demo;
use blanko::config::Settings;
use blanko::domain::auth::{Principal, Role};
use blanko::domain::csv_import::{Field, Kind};
use blanko::http::build_router;
use blanko::store::sessions::set_password;
use blanko::store::{Store, seed};
use webdriver::{Browser, Driver, pdf_pages};

const PASSWORD: &str = "kata-sandi-uji-peramban";
/// A dispatch to Bekasi with no receipt yet, for the receipt form.
const LOAN: &str = "PINJAM/UJI/3215-3216/2022/12";

/// The first file on the PATH called one of `names`.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| names.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// chromedriver and Chromium, or `None` (with the reason printed) when the test is to be skipped.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let driver = on_path(&["chromedriver", "chromium-driver"]);
    let chromium = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    if let (Some(d), Some(c)) = (driver, chromium) {
        return Some((d, c));
    }
    let why = "chromium and chromedriver are needed (Debian: apt-get install -y chromium chromium-driver)";
    assert!(std::env::var("BLANKO_REQUIRE_BROWSER").as_deref() != Ok("1"), "BLANKO_REQUIRE_BROWSER=1 but {why}");
    eprintln!("browser tests skipped: {why}");
    None
}

/// The demo database with a password for each demo user and a loan to Bekasi on its way; the
/// server listening on a free port; its address.
fn start(rt: &tokio::runtime::Runtime, dir: &Path) -> String {
    rt.block_on(async {
        let url = format!("sqlite://{}?mode=rwc", dir.join("browser.db").display());
        let store = Store::connect(&url).await.expect("store");
        seed::seed(&store.db).await.expect("seed");
        assert!(demo::load_if_empty(&store, 1).await.expect("demo"), "a fresh database takes the demo");
        for name in ["demo-pusat", "demo-jabar", "demo-bekasi", "demo-pj-bupati-bekasi"] {
            set_password(&store.db, name, PASSWORD).await.expect("password");
        }
        let pusat = Principal { name: "demo-pusat".into(), role: Role::Pusat, region: None };
        let values = [
            (Field::Reference, LOAN),
            (Field::ShippedOn, "2022-12-20"),
            (Field::From, "32.15"),
            (Field::To, "32.16"),
            (Field::Item, "blanko"),
            (Field::Quantity, "100"),
        ];
        let values = values.iter().map(|(f, v)| (*f, (*v).to_string())).collect();
        write(&store, &pusat, Input { kind: Kind::Shipments, values, details: serde_json::json!({}) })
            .await
            .expect("loan on its way");
        let settings = Settings { as_of: Some(demo::AS_OF), ..Settings::default() };
        let router = build_router(AppState { store, settings: Arc::new(settings) });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("listen");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
        format!("http://{addr}")
    })
}

/// Signs in from the keyboard: the name (the field has focus), the password, Enter.
fn sign_in(b: &Browser<'_>, name: &str) {
    b.goto("/masuk");
    b.keys("#nama", name);
    b.keys("#sandi", &format!("{PASSWORD}\u{E007}"));
}

fn sign_out(b: &Browser<'_>) {
    b.click("header form button");
    b.wait_text("Anda sudah keluar");
    assert_eq!(b.path(), "/masuk?alasan=keluar");
    b.goto("/beranda");
    assert_eq!(b.path(), "/masuk", "signed out: the landing page asks to sign in");
}

/// Checks that the page fits 360 px without sideways scrolling and saves it as `NAME-360`.
fn at_phone_width(b: &Browser<'_>, name: &str) {
    b.width(Some(360));
    let w = b.content_width();
    b.screenshot(&format!("{name}-360"));
    b.window_shot(&format!("{name}-360-layar"));
    b.width(None);
    assert!(w <= 360, "{name} is {w} px wide at 360 px");
}

/// Blanko on hand at the top of a region page: `Stok tersedia` … `N keping`.
fn stock_on_page(b: &Browser<'_>) -> i64 {
    let text = b.text();
    let after = text.split("Stok tersedia").nth(1).expect("stock on the page");
    let number: String = after.split("keping").next().unwrap().chars().filter(char::is_ascii_digit).collect();
    number.parse().expect("a number")
}

fn write_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("csv file");
    path.to_string_lossy().into_owned()
}

#[test]
fn the_pages_in_a_browser() {
    let Some((chromedriver, chromium)) = tools() else { return };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let base = start(&rt, dir.path());
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-screenshots");
    let driver = Driver::start(&chromedriver);
    let b = Browser::open(&driver, &chromium, &base, shots);

    // The Bekasi head lands on the office: stock runs out on 10 November.
    b.goto("/");
    assert_eq!(b.path(), "/masuk");
    b.screenshot("masuk");
    sign_in(&b, "demo-bekasi");
    let text = b.wait_text("Stok habis");
    assert_eq!(b.path(), "/wilayah/32.16");
    assert!(text.contains("Stok habis 10 November 2022"), "{text}");
    assert!(text.contains("Laporan terakhir kantor") && text.contains("Kartu stok blanko"), "{text}");
    assert_eq!(
        b.run("return document.querySelectorAll('.charts svg').length;"),
        3,
        "the stock, complaints and backlog charts inline"
    );
    assert!(text.contains("Aduan warga"), "{text}");
    b.screenshot("kabkota");
    at_phone_width(&b, "kabkota");

    // A form sent without its token is refused with a page that says why.
    b.goto("/catat");
    b.run(
        "const f = document.querySelector('#cetak form'); f.querySelector('input[name=csrf]').remove(); \
         f.querySelector('input[name=printed]').value = '5'; f.submit();",
    );
    b.wait_text("Formulir ditolak");
    b.goto("/catat");
    b.screenshot("catat");
    at_phone_width(&b, "catat");

    // An upload with a mistake shows its rows; fixed, it is checked, committed, and the stock moves.
    b.goto("/wilayah/32.16?tanggal=2022-12-31");
    let before = stock_on_page(&b);
    let header = "tanggal;wilayah;barang;dicetak;rusak\n";
    let wrong = write_file(
        dir.path(),
        "cetak-salah.csv",
        &format!("{header}17/12/2022;32.16;blanko;120;2\n18/12/2022;32.16;blanko;8O;0\n"),
    );
    b.goto("/unggah");
    b.keys("#berkas", &wrong);
    b.click("form[action='/unggah'] button[type=submit]");
    let text = b.wait_text("Berkas ditolak");
    assert!(text.contains("8O") && text.contains("dicetak"), "{text}");
    assert_eq!(b.run("return document.querySelectorAll('table.errors tbody tr').length;"), 1);
    b.screenshot("unggah-kesalahan");
    let fixed = write_file(
        dir.path(),
        "cetak.csv",
        &format!("{header}17/12/2022;32.16;blanko;120;2\n18/12/2022;32.16;blanko;80;0\n"),
    );
    b.keys("#berkas", &fixed);
    b.click("form[action='/unggah'] button[type=submit]");
    b.wait_text("dapat disimpan");
    b.click("form[action='/unggah/simpan'] button");
    b.wait_text("Tersimpan");
    b.screenshot("unggah-tersimpan");
    b.goto("/wilayah/32.16?tanggal=2022-12-31");
    assert_eq!(stock_on_page(&b), before - 202, "120 + 2 spoiled + 80 printed");

    // A receipt is confirmed by picking the shipment from the list.
    b.goto("/terima");
    let text = b.wait_text(LOAN);
    assert!(text.contains("100 Blanko KTP-el dari Kabupaten Karawang"), "{text}");
    b.screenshot("terima");
    at_phone_width(&b, "terima");
    b.click("ul.cards li:first-child button[type=submit]");
    let text = b.wait_text("tercatat");
    assert!(!text.contains("dari Kabupaten Karawang"), "the confirmed shipment leaves the list: {text}");
    b.goto("/wilayah/32.16?tanggal=2022-12-31");
    assert_eq!(stock_on_page(&b), before - 202 + 100);
    sign_out(&b);

    // The province coordinator: who runs out first leads, the pooled date comes second.
    sign_in(&b, "demo-jabar");
    let text = b.wait_text("perlu perhatian");
    assert_eq!(b.path(), "/wilayah/32");
    assert!(text.contains("Paling cepat habis: Kabupaten Bekasi, 10 November 2022"), "{text}");
    let (first, pooled) = (text.find("Paling cepat habis").unwrap(), text.find("Bila stok dibagi merata").unwrap());
    assert!(first < pooled, "the pooled date comes second");
    b.window_shot("landing");
    b.screenshot("provinsi");
    at_phone_width(&b, "provinsi");
    b.goto("/rencana");
    b.wait_text("Rencana pinjaman antar kabupaten/kota");
    b.screenshot("rencana-pinjaman");
    sign_out(&b);

    // The centre: the nation by province, and the split of its stock.
    sign_in(&b, "demo-pusat");
    b.wait_text("kabupaten/kota perlu perhatian");
    assert_eq!(b.path(), "/wilayah/PUSAT");
    assert!(b.text().contains("Provinsi, paling cepat habis di atas"));
    b.screenshot("pusat");
    b.goto("/rencana");
    b.wait_text("Rencana pembagian stok pusat");
    b.screenshot("rencana-pembagian");
    sign_out(&b);

    // The Pj Bupati: the briefing, printed on one A4 page.
    sign_in(&b, "demo-pj-bupati-bekasi");
    b.wait_text("Ringkasan Kabupaten Bekasi");
    assert_eq!(b.path(), "/ringkasan");
    b.screenshot("ringkasan");
    at_phone_width(&b, "ringkasan");
    b.click("a.button.primary");
    b.wait_text("Ajukan tambahan");
    assert!(b.path().starts_with("/ringkasan/cetak"));
    b.screenshot("ringkasan-cetak");
    let pdf = b.print_pdf();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert_eq!(pdf_pages(&pdf), 1, "the briefing prints on one A4 page");
    b.goto("/ringkasan");
    sign_out(&b);
}

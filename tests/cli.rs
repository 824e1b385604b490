//! The `blanko` binary end to end (SPEC §4): seed, import of a good file, of a bad file (exit 1,
//! errors on stderr and the error list beside the file), a usage error (exit 2), and `user add`.

use std::path::Path;
use std::process::{Command, Output};

struct Cli {
    dir: tempfile::TempDir,
    url: String,
}

impl Cli {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("cli.db").display());
        Self { dir, url }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_blanko"))
            .arg("--database-url")
            .arg(&self.url)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .output()
            .expect("run blanko")
    }

    /// Runs with `input` on standard input.
    fn run_with_stdin(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write as _;
        let mut child = Command::new(env!("CARGO_BIN_EXE_blanko"))
            .arg("--database-url")
            .arg(&self.url)
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run blanko");
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
        child.wait_with_output().expect("blanko output")
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write file");
        path.display().to_string()
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn seed_import_errors_usage_and_users() {
    let cli = Cli::new();
    let out = cli.run(&["seed"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("wilayah"), "{}", stdout(&out));

    // Stock first, so the prints never go negative.
    let procurements = cli.file("pengadaan.csv", "no_referensi,tanggal,jumlah\nPGD-1,2022-09-01,100.000\n");
    let shipments = cli.file(
        "pengiriman.csv",
        "no_referensi;tanggal_kirim;asal;tujuan;jumlah;tanggal_terima;jumlah_diterima\n\
         SJ-1;02/09/2022;PUSAT;32.16;20.000;05/09/2022;20.000\n",
    );
    for file in [&procurements, &shipments] {
        let kind = if file.ends_with("pengadaan.csv") { "procurements" } else { "shipments" };
        let out = cli.run(&["import", kind, file]);
        assert_eq!(code(&out), 0, "{kind}: {}", stderr(&out));
    }

    // A good file: exit 0, a one-line summary on stdout (piped: no progress bar).
    let good = cli.file(
        "cetak.csv",
        "\u{feff}Tanggal,Wilayah,Dicetak,Rusak\r\n06/09/2022,32.16,1.000,5\r\n2022-09-07,3216,250,\r\n",
    );
    let out = cli.run(&["import", "prints", &good]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let summary = stdout(&out);
    assert_eq!(summary.lines().count(), 1, "{summary}");
    assert!(summary.contains("2 baris") && summary.contains("2 baru"), "{summary}");
    // Again, as a dry run: nothing new.
    let out = cli.run(&["import", "prints", &good, "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("2 sudah ada"), "{}", stdout(&out));

    // A bad file: exit 1, each error on stderr, the list as CSV beside the file, nothing on stdout.
    let bad = cli.file(
        "cetak_salah.csv",
        "tanggal,wilayah,dicetak\n2022-09-08,32.16,10\n2022-09-09,32.99,10\n31/02/2022,32.16,1\n",
    );
    let out = cli.run(&["import", "prints", &bad]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("baris 3") && err.contains("unknown_region"), "{err}");
    assert!(err.contains("baris 4") && err.contains("bad_date"), "{err}");
    let list = Path::new(&bad).with_file_name("cetak_salah.kesalahan.csv");
    let text = std::fs::read_to_string(&list).expect("the error list beside the file");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("baris,kolom,nilai,kode,pesan"));
    assert!(lines.next().is_some_and(|l| l.starts_with("3,wilayah,32.99,unknown_region,")), "{text}");
    assert!(lines.next().is_some_and(|l| l.starts_with("4,tanggal,31/02/2022,bad_date,")), "{text}");
    // The refused file wrote nothing: the good row on 2022-09-08 goes in alone now.
    let fixed = cli.file("cetak_benar.csv", "tanggal,wilayah,dicetak\n2022-09-08,32.16,10\n");
    let out = cli.run(&["import", "prints", &fixed]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("1 baru"), "{}", stdout(&out));

    // Usage errors: exit 2.
    for args in [&["import", "stok", &good][..], &["import"][..], &["import", "prints", &good, "--nope"][..]] {
        let out = cli.run(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
    // A missing file is the user's to fix: exit 1.
    let out = cli.run(&["import", "prints", "tidak_ada.csv"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));

    // `user add` prints the token alone on the last line.
    let out = cli.run(&["user", "add", "bekasi", "--role", "kabkota", "--region", "32.16"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let token = text.lines().last().expect("a last line");
    assert!(token.len() >= 20 && !token.chars().any(char::is_whitespace), "{text:?}");
    assert!(!text.lines().take(text.lines().count() - 1).any(|l| l.contains(token)), "the token is printed once");
    // Imports as that user keep to its region.
    let other = cli.file("cetak_lain.csv", "tanggal,wilayah,dicetak\n2022-09-08,32.17,10\n");
    let out = cli.run(&["import", "prints", &other, "--as", "bekasi"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("out_of_scope"), "{}", stderr(&out));
    let out = cli.run(&["import", "prints", &fixed, "--as", "nobody"]);
    assert_eq!(code(&out), 1);
    let out = cli.run(&["user", "add", "x", "--role", "raja"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

impl Cli {
    /// A new database on the server named by TEST_DATABASE_URL, or `None` when it is not set.
    fn postgres() -> Option<(Self, PgDatabase)> {
        let admin_url = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("random");
        let name = format!("blanko_cli_{}", hex::encode(bytes));
        let db = PgDatabase { admin_url, name };
        db.execute(&format!("CREATE DATABASE {}", db.name));
        let (base, _) = db.admin_url.rsplit_once('/').expect("database URL with a database name");
        let url = format!("{base}/{}", db.name);
        Some((Self { dir: tempfile::tempdir().expect("tempdir"), url }, db))
    }
}

/// A PostgreSQL test database, dropped when the test has passed.
struct PgDatabase {
    admin_url: String,
    name: String,
}

impl PgDatabase {
    fn execute(&self, sql: &str) {
        use sea_orm::ConnectionTrait;
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            let admin = sea_orm::Database::connect(self.admin_url.clone()).await.expect("connect TEST_DATABASE_URL");
            admin.execute_unprepared(sql).await.expect(sql);
        });
    }

    fn drop_database(self) {
        self.execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

#[test]
fn user_accounts_sqlite() {
    user_accounts(&Cli::new());
}

#[test]
fn user_accounts_postgres() {
    if let Some((cli, db)) = Cli::postgres() {
        user_accounts(&cli);
        db.drop_database();
    }
}

/// The user's row of `blanko user list`, split into columns.
fn listed(cli: &Cli, name: &str) -> Vec<String> {
    let out = cli.run(&["user", "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().unwrap_or_default();
    for h in ["nama", "peran", "wilayah", "token aktif", "terakhir dipakai"] {
        assert!(header.contains(h), "{text}");
    }
    let row = text.lines().find(|l| l.split_whitespace().next() == Some(name)).unwrap_or_else(|| panic!("{text}"));
    row.split_whitespace().map(String::from).collect()
}

/// The token on the last line of a successful `user add` or `user token`.
fn token_of(out: &Output) -> String {
    assert_eq!(code(out), 0, "{}", stderr(out));
    let text = stdout(out);
    let token = text.lines().last().expect("a last line").to_string();
    assert!(token.starts_with("blk_") && !token.contains(' '), "{text}");
    token
}

/// `user add`, `list`, `token`, `revoke`: reserved names, unknown users, the expiry flag.
fn user_accounts(cli: &Cli) {
    let out = cli.run(&["user", "list"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Belum ada pengguna"), "{}", stdout(&out));

    let first = token_of(&cli.run(&["user", "add", "bekasi", "--role", "kabkota", "--region", "32.16"]));
    assert_eq!(listed(cli, "bekasi"), ["bekasi", "kabkota", "32.16", "1", "-"]);

    // The names the system writes under cannot be taken.
    for name in ["cli", "demo", "System"] {
        let out = cli.run(&["user", "add", name, "--role", "pusat"]);
        assert_eq!(code(&out), 1, "{name}: {}", stdout(&out));
        assert!(
            stderr(&out).contains("dipakai sistem") && stderr(&out).contains("pilih nama lain"),
            "{}",
            stderr(&out)
        );
    }

    // A second token, with its own lifetime; the first keeps working.
    let out = cli.run(&["user", "token", "bekasi", "--expires-days", "7"]);
    let second = token_of(&out);
    assert_ne!(first, second);
    let week = (chrono::Utc::now() + chrono::TimeDelta::days(7)).with_timezone(&blanko::config::WIB);
    assert!(stdout(&out).contains(&week.format("berlaku sampai %Y-%m-%d").to_string()), "{}", stdout(&out));
    assert_eq!(listed(cli, "bekasi")[3], "2");
    // The global flag sets the default lifetime.
    let out = cli.run(&["--token-expires-days", "1", "user", "token", "bekasi"]);
    token_of(&out);
    let day = (chrono::Utc::now() + chrono::TimeDelta::days(1)).with_timezone(&blanko::config::WIB);
    assert!(stdout(&out).contains(&day.format("berlaku sampai %Y-%m-%d").to_string()), "{}", stdout(&out));
    let out = cli.run(&["user", "token", "bekasi", "--expires-days", "0"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));

    // Revoking stops every token.
    let out = cli.run(&["user", "revoke", "bekasi"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("3 token milik 'bekasi' dicabut"), "{}", stdout(&out));
    assert_eq!(listed(cli, "bekasi")[3], "0");

    // The web password comes from standard input, one line; too short or empty is refused.
    let out = cli.run_with_stdin(&["user", "password", "bekasi"], "kata-sandi-yang-panjang\n");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("Kata sandi 'bekasi' disimpan"), "{}", stdout(&out));
    let out = cli.run_with_stdin(&["user", "password", "bekasi"], "pendek\n");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("minimal 10 karakter"), "{}", stderr(&out));
    let out = cli.run_with_stdin(&["user", "password", "bekasi"], "");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("kata sandi kosong"), "{}", stderr(&out));

    // Unknown users: exit 1, and the message says what to do.
    for args in [&["user", "token", "nobody"][..], &["user", "revoke", "nobody"][..]] {
        let out = cli.run(args);
        assert_eq!(code(&out), 1, "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains("tidak dikenal") && stderr(&out).contains("blanko user add"), "{}", stderr(&out));
    }
}

/// Seeds, imports stock and a received shipment, then runs `blanko check`: it passes; after the
/// cached balance is changed by hand it fails with exit 1 and names the holder.
fn check_finds_drift(cli: &Cli) {
    assert_eq!(code(&cli.run(&["seed"])), 0);
    let procurements = cli.file("pengadaan.csv", "no_referensi,tanggal,jumlah\nPGD-1,2022-09-01,100.000\n");
    let shipments = cli.file(
        "pengiriman.csv",
        "no_referensi;tanggal_kirim;asal;tujuan;jumlah;tanggal_terima;jumlah_diterima\n\
         SJ-1;02/09/2022;PUSAT;32.16;20.000;05/09/2022;20.000\n",
    );
    for (kind, file) in [("procurements", &procurements), ("shipments", &shipments)] {
        let out = cli.run(&["import", kind, file]);
        assert_eq!(code(&out), 0, "{kind}: {}", stderr(&out));
    }
    let out = cli.run(&["check"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("Semua pemeriksaan lulus"), "{}", stdout(&out));

    execute(&cli.url, "UPDATE stock_balances SET on_hand = on_hand + 1 WHERE region_code = '32.16'");
    let out = cli.run(&["check"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("saldo tersimpan 32.16 blanko = 20001"), "{}", stdout(&out));
    assert!(stderr(&out).contains("1 masalah"), "{}", stderr(&out));
}

fn execute(url: &str, sql: &str) {
    use sea_orm::ConnectionTrait;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let db = sea_orm::Database::connect(url).await.expect("connect");
        db.execute_unprepared(sql).await.expect(sql);
    });
}

#[test]
fn check_sqlite() {
    check_finds_drift(&Cli::new());
}

#[test]
fn check_postgres() {
    if let Some((cli, db)) = Cli::postgres() {
        check_finds_drift(&cli);
        db.drop_database();
    }
}

/// `blanko backtest` prints the forecast's error, its range's coverage and both baselines.
#[test]
fn backtest_prints_coverage_and_skill_against_the_baselines() {
    use std::fmt::Write as _;
    let cli = Cli::new();
    assert_eq!(code(&cli.run(&["seed"])), 0);
    let procurements = cli.file("pengadaan.csv", "no_referensi,tanggal,jumlah\nPGD-1,2022-05-01,100.000\n");
    // 20.000 cards on 1 June, printed 200 each weekday until none are left; more on 30 November.
    let shipments = cli.file(
        "pengiriman.csv",
        "no_referensi,tanggal_kirim,asal,tujuan,jumlah,tanggal_terima,jumlah_diterima\n\
         SJ-1,2022-05-25,PUSAT,32.16,20000,2022-06-01,20000\n\
         SJ-2,2022-11-23,PUSAT,32.16,5000,2022-11-30,5000\n",
    );
    let mut prints = String::from("tanggal,wilayah,dicetak\n");
    let (mut day, mut left) = (chrono::NaiveDate::from_ymd_opt(2022, 6, 1).unwrap(), 20_000);
    while left > 0 {
        if chrono::Datelike::weekday(&day).number_from_monday() <= 5 {
            let _ = writeln!(prints, "{day},32.16,200");
            left -= 200;
        }
        day = day.succ_opt().unwrap();
    }
    let prints = cli.file("cetak.csv", &prints);
    for (kind, file) in [("procurements", &procurements), ("shipments", &shipments), ("prints", &prints)] {
        let out = cli.run(&["import", kind, file]);
        assert_eq!(code(&out), 0, "{kind}: {}", stderr(&out));
    }
    let out = cli.run(&["backtest", "--region", "32.16"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for needle in ["MAE habis", "p10–p90 %", "rata-rata 3 bulan", "tanpa hari stok kosong", "Rentang p10–p90 memuat"]
    {
        assert!(text.contains(needle), "missing {needle:?}: {text}");
    }
    // A steady office (prints on holidays fold into the working day before): within a day, and
    // the range holds every actual date; each baseline has its MAE and the forecast's skill.
    let mae = |line: &str| line.split_whitespace().rev().nth(2).and_then(|x| x.parse::<f64>().ok());
    let ours =
        text.lines().find(|l| l.starts_with("blanko (prakiraan ini)")).and_then(mae).expect("the forecast's MAE");
    assert!(ours < 1.0, "{text}");
    assert_eq!(text.lines().filter(|l| l.starts_with("rata-rata 3 bulan") && l.trim_end().ends_with('%')).count(), 2);
    assert!(text.contains("memuat tanggal habis sebenarnya: 100 %"), "{text}");
}

/// Complaints through the command line: a file with a mistake refused (exit 1), fixed, then the
/// follow-up as an update, and `report complaints` as CSV with the follow-up status.
#[test]
fn complaints_import_and_report() {
    let cli = Cli::new();
    assert_eq!(code(&cli.run(&["seed"])), 0);
    let header = "no_aduan;tanggal;wilayah;kanal;kategori;isi;tanggal_tindak_lanjut;tanggal_selesai\n";
    let bad = cli.file("aduan.csv", &format!("{header}LAPOR-1;01/11/2022;32.16;sms;antrean;Antre lama;;\n"));
    let out = cli.run(&["import", "complaints", &bad]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stderr(&out).contains("baris 2") && stderr(&out).contains("unknown_value"), "{}", stderr(&out));
    let good = cli.file("aduan.csv", &format!("{header}LAPOR-1;01/11/2022;32.16;whatsapp;antrean;Antre lama;;\n"));
    let out = cli.run(&["import", "complaints", &good]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("1 baru"), "{}", stdout(&out));
    let later = cli
        .file("aduan_tl.csv", &format!("{header}LAPOR-1;01/11/2022;32.16;whatsapp;antrean;Antre lama;20/11/2022;\n"));
    let out = cli.run(&["import", "complaints", &later]);
    assert!(stdout(&out).contains("1 diperbarui"), "{}", stdout(&out));
    let out = cli.run(&[
        "report",
        "complaints",
        "--region",
        "32.16",
        "--as-of",
        "2022-11-30",
        "--format",
        "csv",
        "--out",
        "laporan",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = std::fs::read_dir(cli.dir.path().join("laporan")).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(file.display().to_string().contains("aduan_32.16_kabupaten-bekasi_2022-11-30.csv"), "{}", file.display());
    // Followed up on day 19 of 14: late, but no longer waiting.
    assert!(text.contains("LAPOR-1,2022-11-01,32.16,Kabupaten Bekasi,whatsapp,antrean,Antre lama,2022-11-20,,29,2022-11-15,ditindaklanjuti,ya"), "{text}");
}

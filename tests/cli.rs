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

//! Residents' complaints (issue 14): an upload with a mistake reported then fixed, a re-upload
//! that changes nothing, a follow-up date as an update, a conflict, scope, the single POST, the
//! follow-up listing, the figures beside the forecast and the report.

use axum::http::StatusCode;
use blanko::domain::auth::Role;
use serde_json::{Value, json};

use crate::db_tests;
use crate::helpers::TestApp;

db_tests!(
    upload_reports_every_mistake_then_goes_in_once,
    a_later_row_fills_in_the_follow_up_and_a_changed_one_conflicts,
    scope_follows_the_office_rights,
    single_post_and_the_follow_up_listing,
    complaints_beside_the_forecast_and_in_the_report
);

const HEADER: &str = "no_aduan;tanggal;wilayah;kanal;kategori;isi;tanggal_tindak_lanjut;tanggal_selesai\n";

fn counts(report: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| report[k].as_i64().unwrap_or(-1);
    (n("rows"), n("inserted"), n("updated"), n("unchanged"))
}

async fn upload_reports_every_mistake_then_goes_in_once(app: TestApp) {
    let t = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let bad = format!(
        "{HEADER}LAPOR-001;01/11/2022;32.16;lapor;blanko_habis;Blanko habis di kantor;;\n\
         LAPOR-002;02/11/2022;32.16.01;surat;antrean;Antre sejak subuh;;\n\
         LAPOR-003;03/11/2022;32.16;whatsapp;antrean;;01/11/2022;\n"
    );
    let (status, body) = app.upload("complaints", &t, bad.as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let errors = body["error"]["details"]["errors"].as_array().expect("the rows to fix");
    let found: Vec<(i64, &str, &str)> = errors
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["column"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [(3, "kanal", "unknown_value"), (4, "tanggal_tindak_lanjut", "bad_date")]);
    assert!(errors[0]["message"].as_str().unwrap().contains("lapor, media_sosial, whatsapp, loket, lainnya"));
    let (_, listed) = app.get("/api/v1/complaints?region=32.16&as_of=2022-11-30", &t).await;
    assert_eq!(listed["complaints"].as_array().map(Vec::len), Some(0), "nothing written: {listed}");

    let fixed = bad.replace(";surat;", ";media sosial;").replace(";01/11/2022;\n", ";04/11/2022;\n");
    let (dry_status, dry) = app.upload("complaints", &t, fixed.as_bytes(), true).await;
    assert_eq!((dry_status, counts(&dry)), (StatusCode::OK, (3, 3, 0, 0)), "{dry}");
    let (status, report) = app.upload("complaints", &t, fixed.as_bytes(), false).await;
    assert_eq!((status, counts(&report)), (StatusCode::OK, (3, 3, 0, 0)), "{report}");
    let (_, again) = app.upload("complaints", &t, fixed.as_bytes(), false).await;
    assert_eq!(counts(&again), (3, 0, 0, 3), "the same file again changes nothing: {again}");
    assert_eq!(app.audit_count("upload.accept").await, 2, "both accepted uploads are in the audit log");
    let (_, history) = app.get("/api/v1/uploads", &t).await;
    assert_eq!(history[0]["kind"], "complaints", "{history}");
    // No stock moves for a complaint.
    assert_eq!(app.sums("32.16", "blanko").await, (0, 0));
    // `blanko check` counts a complaints upload's rows in the complaints table.
    let findings = blanko::app::stock::check(&app.store.db).await.unwrap();
    assert!(findings.is_clean(), "blanko check: {:?}", findings.lines());
}

async fn a_later_row_fills_in_the_follow_up_and_a_changed_one_conflicts(app: TestApp) {
    let t = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let first = format!("{HEADER}ADU-1;01/11/2022;32.16.01;loket;antrean;Antrean panjang;;\n");
    assert_eq!(counts(&app.upload("complaints", &t, first.as_bytes(), false).await.1), (1, 1, 0, 0));
    let followed = format!("{HEADER}ADU-1;01/11/2022;32.16.01;loket;antrean;Antrean panjang;05/11/2022;\n");
    let (_, report) = app.upload("complaints", &t, followed.as_bytes(), false).await;
    assert_eq!(counts(&report), (1, 0, 1, 0), "a follow-up date is an update: {report}");
    // The first file again says nothing against the stored follow-up.
    assert_eq!(counts(&app.upload("complaints", &t, first.as_bytes(), false).await.1), (1, 0, 0, 1));
    let changed = format!("{HEADER}ADU-1;01/11/2022;32.16.01;loket;pelayanan;Antrean panjang;07/11/2022;\n");
    let (status, body) = app.upload("complaints", &t, changed.as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let e = &body["error"]["details"]["errors"][0];
    assert_eq!(
        (e["code"].as_str(), e["column"].as_str(), e["value"].as_str()),
        (Some("conflict"), Some("no_aduan"), Some("ADU-1"))
    );
    let message = e["message"].as_str().unwrap();
    assert!(message.contains("kategori") && message.contains("tanggal_tindak_lanjut"), "{message}");
    let (_, listed) = app.get("/api/v1/complaints?region=32.16&as_of=2022-11-30", &t).await;
    let c = &listed["complaints"][0];
    assert_eq!(
        (c["followed_up_on"].as_str(), c["status"].as_str(), c["category"].as_str()),
        (Some("2022-11-05"), Some("followed_up"), Some("antrean"))
    );
    // The closing through the single POST is an update too, audited as a follow-up.
    let close = json!({"reference": "ADU-1", "date": "2022-11-01", "region": "32.16.01", "channel": "loket",
        "category": "antrean", "text": "Antrean panjang", "closed_on": "2022-11-09"});
    let (status, body) = app.post("/api/v1/complaints", &t, close).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::OK, Some("updated")), "{body}");
    assert_eq!(app.audit_count("complaint.follow_up").await, 1);
}

async fn scope_follows_the_office_rights(app: TestApp) {
    let bekasi = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let province = app.token("jabar", Role::Provinsi, Some("32")).await;
    let leader = app.token("bupati", Role::Pimpinan, Some("32.16")).await;
    let file =
        format!("{HEADER}LAPOR-9;01/11/2022;32.15;lapor;antrean;;;\nLAPOR-10;01/11/2022;32.16;lapor;antrean;;;\n");
    let (status, body) = app.upload("complaints", &bekasi, file.as_bytes(), false).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let errors = body["error"]["details"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!((errors[0]["line"].as_i64(), errors[0]["code"].as_str()), (Some(2), Some("out_of_scope")));
    let one = json!({"reference": "LAPOR-11", "date": "2022-11-01", "region": "32.16", "category": "antrean"});
    let (status, body) = app.post("/api/v1/complaints", &province, one.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a province records no complaints (SPEC §9): {body}");
    let (status, _) = app.post("/api/v1/complaints", &leader, one.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.post("/api/v1/complaints", &bekasi, one).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app.get("/api/v1/complaints?region=32.15&as_of=2022-11-30", &bekasi).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "another kabupaten's complaints are not Bekasi's to read");
    let (status, listed) = app.get("/api/v1/complaints?region=32&as_of=2022-11-30", &province).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["complaints"].as_array().map(Vec::len), Some(1), "{listed}");
}

async fn single_post_and_the_follow_up_listing(app: TestApp) {
    let t = app.token("bekasi", Role::Kabkota, Some("32.16")).await;
    let post = |reference: &str, date: &str, category: &str, followed: Option<&str>| {
        json!({"reference": reference, "date": date, "region": "32.16", "channel": "whatsapp",
            "category": category, "followed_up_on": followed})
    };
    let (status, body) = app.post("/api/v1/complaints", &t, post("W-1", "2022-11-01", "antrean", None)).await;
    assert_eq!((status, body["status"].as_str()), (StatusCode::CREATED, Some("inserted")), "{body}");
    let (status, _) = app.post("/api/v1/complaints", &t, post("W-1", "2022-11-01", "antrean", None)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.post("/api/v1/complaints", &t, post("W-2", "2022-11-10", "bukan", None)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("unknown_value")));
    assert_eq!(body["error"]["details"]["errors"][0]["field"], "category", "{body}");
    app.post_ok("/api/v1/complaints", &t, post("W-3", "2022-11-10", "pelayanan", Some("2022-11-12"))).await;
    app.post_ok("/api/v1/complaints", &t, post("W-4", "2022-11-20", "pelayanan", None)).await;
    // On 30 Nov W-1 is 29 days old without a follow-up: overdue; W-4 (10 days) still waits.
    let (status, listed) = app.get("/api/v1/complaints?region=32.16&as_of=2022-11-30", &t).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    let statuses: Vec<(&str, &str, i64)> = listed["complaints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["reference"].as_str().unwrap(), c["status"].as_str().unwrap(), c["age_days"].as_i64().unwrap()))
        .collect();
    assert_eq!(statuses, [("W-1", "overdue", 29), ("W-3", "followed_up", 20), ("W-4", "waiting", 10)]);
    assert_eq!(listed["complaints"][0]["due_on"], "2022-11-15");
    assert_eq!(listed["summary"]["overdue"], 1);
    assert_eq!(listed["follow_up_days"], 14);
    let (_, overdue) = app.get("/api/v1/complaints?region=32.16&as_of=2022-11-30&overdue=true", &t).await;
    assert_eq!(overdue["complaints"].as_array().map(Vec::len), Some(1), "{overdue}");
    // Before the limit passed, nothing was overdue.
    let (_, earlier) = app.get("/api/v1/complaints?region=32.16&as_of=2022-11-15", &t).await;
    assert_eq!(earlier["summary"]["overdue"], 0, "{earlier}");
    let (status, template) = app.get("/api/v1/templates/complaints.csv", &t).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        template
            .as_str()
            .unwrap()
            .contains("no_aduan,tanggal,wilayah,kanal,kategori,isi,tanggal_tindak_lanjut,tanggal_selesai"),
        "{template}"
    );
}

async fn complaints_beside_the_forecast_and_in_the_report(app: TestApp) {
    let t = app.pusat().await;
    let p = json!({"reference": "PGD-1", "date": "2022-09-01", "quantity": 10000});
    app.post_ok("/api/v1/procurements", &t, p).await;
    let ship = json!({"reference": "SJ-1", "shipped_on": "2022-09-02", "from": "PUSAT", "to": "32.16",
        "quantity": 5000, "received_on": "2022-09-05", "received_quantity": 5000});
    app.post_ok("/api/v1/shipments", &t, ship).await;
    for (i, day) in ["2022-11-28", "2022-11-29"].iter().enumerate() {
        let c = json!({"reference": format!("M-{i}"), "date": day, "region": "32.16.01", "channel": "media_sosial",
            "category": "blanko_habis", "text": "Katanya blanko habis"});
        app.post_ok("/api/v1/complaints", &t, c).await;
    }
    app.post_ok(
        "/api/v1/complaints",
        &t,
        json!({"reference": "L-1", "date": "2022-10-01", "region": "32.16", "category": "pelayanan"}),
    )
    .await;
    let (status, view) = app.get("/api/v1/forecast?region=32&as_of=2022-11-30", &t).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let province = &view["region"]["complaints"];
    assert_eq!(province["recent_total"], 2, "{province}");
    assert_eq!(province["recent_by_category"]["blanko_habis"], 2);
    assert_eq!(province["overdue"], 1, "the complaint of 1 October was never followed up");
    assert_eq!(province["book_doubtful"], true, "residents report no cards while the book shows 5.000");
    assert_eq!(province["doubtful_offices"], json!(["32.16"]));
    let bekasi = view["children"].as_array().unwrap().iter().find(|c| c["region"] == "32.16").expect("Bekasi");
    assert_eq!(bekasi["complaints"]["book_doubtful"], true);
    let karawang = view["children"].as_array().unwrap().iter().find(|c| c["region"] == "32.15").expect("Karawang");
    assert_eq!(karawang["complaints"]["book_doubtful"], false);
    // A week later the complaints are older than 5 working days: no more doubt.
    let (_, later) = app.get("/api/v1/forecast?region=32.16&as_of=2022-12-09", &t).await;
    assert_eq!(later["region"]["complaints"]["book_doubtful"], false, "{}", later["region"]["complaints"]);

    let (status, ctype, bytes) = app
        .send_bytes("GET", "/api/v1/reports/complaints.csv?region=32.16&as_of=2022-11-30", Some(&t), &[], vec![])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/csv"));
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("no_aduan,tanggal,wilayah,nama_wilayah,kanal,kategori,isi,tanggal_tindak_lanjut,tanggal_selesai,umur_hari,batas_tindak_lanjut,status,terlambat"), "{text}");
    assert!(text.contains("L-1,2022-10-01,32.16,"), "{text}");
    assert!(text.contains("lewat batas"), "{text}");
    for format in ["png", "svg"] {
        let path = format!("/api/v1/reports/complaints.{format}?region=32.16&as_of=2022-11-30");
        let (status, _, bytes) = app.send_bytes("GET", &path, Some(&t), &[], vec![]).await;
        assert_eq!(status, StatusCode::OK, "{format}");
        assert!(bytes.len() > 1000, "{format}: a chart");
    }
}

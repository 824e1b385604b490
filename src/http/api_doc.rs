//! What the OpenAPI document says in one place instead of on every handler: each operation lists
//! every status it can give, each with the `ErrorBody` schema of SPEC §6, and the query parameters
//! every route shares (region codes, dates) say what the server accepts.

use utoipa::Modify;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder, Schema};

/// Query parameters naming a region the handler looks up (404 when it does not exist).
const REGION_LOOKUPS: [&str; 3] = ["region", "parent", "province"];

/// What `http::region_param` accepts: `PUSAT` in any case, or 1–3 levels of two digits, dotted or
/// not, with surrounding spaces; blank is the caller's own region.
const REGION_CODE_OR_BLANK: &str = r"^\s*([Pp][Uu][Ss][Aa][Tt]|[0-9]{2}(\.[0-9]{2}){0,2}|[0-9]{2}([0-9]{2}){0,2})?\s*$";

/// Adds the error responses each operation can give, by route class, and describes the shared
/// query parameters; responses a handler declares itself (with a more precise description) are
/// kept.
pub struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, doc: &mut OpenApi) {
        for (path, item) in &mut doc.paths.paths {
            let operations = [
                ("get", &mut item.get),
                ("post", &mut item.post),
                ("put", &mut item.put),
                ("patch", &mut item.patch),
                ("delete", &mut item.delete),
            ];
            for (method, op) in operations {
                if let Some(op) = op.as_mut() {
                    describe_shared_params(op);
                    add_errors(path, method, op);
                }
            }
        }
    }
}

fn add_errors(path: &str, method: &str, op: &mut Operation) {
    if !path.starts_with("/api/v1/") {
        // `/healthz` needs no token and answers only 200 or 503.
        return;
    }
    let mut statuses = vec![400, 401, 403, 500];
    if path.contains('{') || has_region_lookup(op) {
        statuses.push(404);
    }
    if method == "post" {
        statuses.extend([409, 413, 422]);
        if takes_json(op) {
            statuses.push(415);
        }
        same_as_created(op);
    }
    for status in statuses {
        op.responses.responses.entry(status.to_string()).or_insert_with(|| RefOr::T(error_response(status)));
    }
}

/// Region codes get the pattern the server parses, dates (`http::date_param`: `YYYY-MM-DD`, or
/// blank for today) the `date` format; all stay optional.
fn describe_shared_params(op: &mut Operation) {
    for param in op.parameters.iter_mut().flatten() {
        let RefOr::T(param) = param else { continue };
        if param.parameter_in != ParameterIn::Query {
            continue;
        }
        let schema = match param.name.as_str() {
            "region" | "parent" => string().pattern(Some(REGION_CODE_OR_BLANK)).into(),
            // `allocation-plan` parses the province itself and wants a province (two digits).
            "province" => string().pattern(Some(r"^\s*[0-9]{2}\s*$")).into(),
            // `Item::parse`: blank is blanko; aliases (pita, kartu, any case) are accepted too.
            "item" => string().enum_values(Some(["", "blanko", "ribbon", "film"])).into(),
            "as_of" | "from" | "to" => Schema::OneOf(
                OneOfBuilder::new()
                    .item(string().format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))))
                    .item(string().pattern(Some(r"^\s*$")))
                    .build(),
            ),
            _ => continue,
        };
        param.schema = Some(RefOr::T(schema));
    }
}

fn string() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String)
}

fn has_region_lookup(op: &Operation) -> bool {
    op.parameters.iter().flatten().any(|p| match p {
        RefOr::T(p) => p.parameter_in == ParameterIn::Query && REGION_LOOKUPS.contains(&p.name.as_str()),
        RefOr::Ref(_) => false,
    })
}

fn takes_json(op: &Operation) -> bool {
    matches!(&op.request_body, Some(RefOr::T(body)) if body.content.contains_key("application/json"))
}

/// A record POST answers 201 when it added something and 200 with the same body when the record
/// was already there or was updated (`app::record::Outcome`).
fn same_as_created(op: &mut Operation) {
    let responses = &mut op.responses.responses;
    if let Some(RefOr::T(created)) = responses.get("201").cloned()
        && !responses.contains_key("200")
    {
        let mut ok = created;
        "Sudah tercatat atau diperbarui".clone_into(&mut ok.description);
        responses.insert("200".into(), RefOr::T(ok));
    }
}

fn error_response(status: u16) -> utoipa::openapi::Response {
    let description = match status {
        400 => "Permintaan tidak dapat dibaca: parameter, JSON atau berkas tidak sesuai",
        401 => "Token tidak ada, tidak dikenal atau sudah tidak berlaku",
        403 => "Di luar peran atau wilayah pemilik token",
        404 => "Wilayah, jenis atau data yang diminta tidak ditemukan",
        409 => "Bertentangan dengan data yang sudah tercatat",
        413 => "Isi permintaan melebihi batas ukuran",
        415 => "Isi permintaan harus application/json",
        422 => "Data tidak lolos pemeriksaan; `details` menyebut kolom dan nilainya",
        _ => "Kesalahan di server; coba lagi atau hubungi admin",
    };
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
        .build()
}

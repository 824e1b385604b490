//! Uploads (SPEC §5 and §6): `POST /api/v1/uploads/{kind}` with the CSV as the body (`text/csv`)
//! or as multipart field `file`; `GET /api/v1/uploads` (history); `GET /api/v1/templates/{kind}.csv`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiQuery, AppError};
use crate::app::import::{Event, ImportError, UploadReport, upload as import};
use crate::domain::auth::{Principal, Role};
use crate::domain::csv_import::{Kind, template};
pub use crate::store::uploads::Upload as UploadOut;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// `true`: validate and count, write nothing.
    dry_run: Option<bool>,
}

fn kind_of(text: &str) -> Result<Kind, AppError> {
    text.parse().map_err(|e: crate::domain::csv_import::UnknownKind| AppError::not_found(e.to_string()))
}

/// The file: the whole body, or the multipart field `file`. Over the size limit is 413.
#[tracing::instrument(skip_all)]
async fn file_bytes(req: Request, state: &AppState) -> Result<Bytes, AppError> {
    let too_large = || AppError::too_large(Some(state.settings.max_upload_bytes));
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_large() } else { AppError::bad_request(e.body_text()) }
        });
    }
    let mut form = Multipart::from_request(req, state).await.map_err(|e| AppError::bad_request(e.body_text()))?;
    while let Some(field) = form.next_field().await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_large() } else { AppError::bad_request(e.body_text()) }
    })? {
        if field.name() == Some("file") {
            return field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    too_large()
                } else {
                    AppError::bad_request(e.body_text())
                }
            });
        }
    }
    Err(AppError::bad_request("formulir tidak memuat kolom 'file'; kirim berkas CSV sebagai field 'file'"))
}

fn wants_csv(headers: &HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/csv"))
}

/// Upload a CSV file of one kind; all rows or none are written.
#[utoipa::path(post, path = "/uploads/{kind}", params(("kind" = String, Path, description = "shipments, allocations, procurements, prints, backlog, stock-counts, outages or complaints"), UploadParams),
    request_body(content = String, content_type = "text/csv", description = "The CSV file (or multipart/form-data with field `file`)"),
    responses((status = 200, body = UploadReport), (status = 413, body = super::error::ErrorBody),
        (status = 422, description = "Rows to fix: details.errors lists line, column, value, code, message (send Accept: text/csv for the list as CSV)", body = super::error::ErrorBody)))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn upload(
    p: Principal,
    State(s): State<AppState>,
    Path(kind): Path<String>,
    ApiQuery(q): ApiQuery<UploadParams>,
    req: Request,
) -> Result<Response, AppError> {
    let kind = kind_of(&kind)?;
    if p.role == Role::Pimpinan {
        return Err(AppError::new(StatusCode::FORBIDDEN, "forbidden", "peran pimpinan hanya dapat membaca data"));
    }
    let csv_errors = wants_csv(req.headers());
    let bytes = file_bytes(req, &s).await?;
    // A second upload waits its turn (the wait is logged) and answers once it is done.
    match import(&s.store, &p, kind, &bytes[..], q.dry_run.unwrap_or(false), &|_: Event| {}).await {
        Ok(report) => Ok(Json(report).into_response()),
        Err(ImportError::Rejected(errors)) if csv_errors => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, [(header::CONTENT_TYPE, "text/csv; charset=utf-8")], errors.to_csv())
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// Accepted uploads, newest first (the centre sees all; others their own).
#[utoipa::path(get, path = "/uploads", responses((status = 200, body = [UploadOut])))]
#[tracing::instrument(skip_all, fields(user = %p.name))]
async fn history(p: Principal, State(s): State<AppState>) -> Result<Json<Vec<UploadOut>>, AppError> {
    Ok(Json(crate::app::import::history(&s.store.db, &p).await?))
}

/// An empty upload file with Indonesian headers.
#[utoipa::path(get, path = "/templates/{file}", params(("file" = String, Path, description = "KIND.csv, e.g. prints.csv")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = super::error::ErrorBody)))]
#[tracing::instrument(skip_all)]
async fn template_csv(_: Principal, Path(file): Path<String>) -> Result<Response, AppError> {
    let name = file
        .strip_suffix(".csv")
        .ok_or_else(|| AppError::not_found("templat tersedia sebagai KIND.csv, misalnya prints.csv"))?;
    let kind = kind_of(name)?;
    let disposition = format!("attachment; filename=\"templat_{}.csv\"", kind.as_str());
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)],
        template(kind),
    )
        .into_response())
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload)).routes(routes!(history)).routes(routes!(template_csv))
}

//! The state every shell shares: the store and the settings, parsed once. Cheap to clone; the
//! HTTP handlers, the web pages and the CLI all hold one.

use std::sync::Arc;

use axum::extract::FromRef;

use crate::config::Settings;
use crate::store::Store;

/// Shared by every handler; cheap to clone.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub store: Store,
    pub settings: Arc<Settings>,
}

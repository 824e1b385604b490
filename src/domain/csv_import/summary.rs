//! The outcome of reading a whole file, and the one way reading can fail outright.

use super::columns::Columns;
use super::error::ErrorList;
use super::kind::Kind;

/// Reading the upload failed (the stream broke); nothing about its content is known.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("berkas tidak dapat dibaca: {0}")]
    Io(#[from] std::io::Error),
}

/// What a pass over the file found.
#[derive(Debug, Clone)]
pub struct Summary {
    pub kind: Kind,
    /// `b','`, `b';'` or `b'\t'`.
    pub delimiter: u8,
    /// Non-blank rows after the header.
    pub data_rows: u64,
    /// Rows handed out as valid (the store may still refuse some: `conflict`, `would_go_negative`).
    pub valid_rows: u64,
    /// Header cells that name no column of this kind, as written; their cells are not read.
    pub ignored_columns: Vec<String>,
    pub columns: Columns,
    pub errors: ErrorList,
}

impl Summary {
    /// True when the whole file may be written.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Indonesian notes about ignored columns, to show beside a successful upload.
    pub fn warnings(&self) -> Vec<String> {
        let known: Vec<&str> = self.kind.columns().iter().map(|c| c.field.indonesian()).collect();
        self.ignored_columns
            .iter()
            .map(|name| {
                format!(
                    "Kolom '{name}' tidak dikenal untuk data {} dan diabaikan. Jika maksudnya salah satu dari {}, \
                     perbaiki judul kolomnya lalu unggah lagi.",
                    self.kind.label(),
                    known.join(", ")
                )
            })
            .collect()
    }
}

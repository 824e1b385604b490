//! The values an upload row can carry, with their Indonesian and English column names.

/// A value an upload row can carry. Each kind uses a subset (see [`Kind::columns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Reference,
    ShippedOn,
    From,
    To,
    Item,
    Quantity,
    ReceivedOn,
    ReceivedQuantity,
    DamagedQuantity,
    Note,
    Date,
    Region,
    Printed,
    Spoiled,
    Prr,
    Recorded,
    Suket,
    Counted,
    Hours,
    Cause,
    ComplaintNo,
    Channel,
    Category,
    Text,
    FollowedUpOn,
    ClosedOn,
}

/// Number of [`Field`] variants, for per-field arrays.
pub(crate) const FIELD_COUNT: usize = 26;

impl Field {
    /// The Indonesian column name, as in templates and SPEC §5.
    pub fn indonesian(self) -> &'static str {
        self.names().0
    }

    /// The English column name, also accepted in files and used by the JSON API.
    pub fn english(self) -> &'static str {
        self.names().1
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Field::Reference => ("no_referensi", "reference"),
            Field::ShippedOn => ("tanggal_kirim", "shipped_on"),
            Field::From => ("asal", "from"),
            Field::To => ("tujuan", "to"),
            Field::Item => ("barang", "item"),
            Field::Quantity => ("jumlah", "quantity"),
            Field::ReceivedOn => ("tanggal_terima", "received_on"),
            Field::ReceivedQuantity => ("jumlah_diterima", "received_quantity"),
            Field::DamagedQuantity => ("jumlah_rusak", "damaged_quantity"),
            Field::Note => ("keterangan", "note"),
            Field::Date => ("tanggal", "date"),
            Field::Region => ("wilayah", "region"),
            Field::Printed => ("dicetak", "printed"),
            Field::Spoiled => ("rusak", "spoiled"),
            Field::Prr => ("prr", "prr"),
            Field::Recorded => ("perekaman", "recorded"),
            Field::Suket => ("suket", "suket"),
            Field::Counted => ("jumlah_fisik", "counted"),
            Field::Hours => ("jam", "hours"),
            Field::Cause => ("sebab", "cause"),
            Field::ComplaintNo => ("no_aduan", "reference"),
            Field::Channel => ("kanal", "channel"),
            Field::Category => ("kategori", "category"),
            Field::Text => ("isi", "text"),
            Field::FollowedUpOn => ("tanggal_tindak_lanjut", "followed_up_on"),
            Field::ClosedOn => ("tanggal_selesai", "closed_on"),
        }
    }
}

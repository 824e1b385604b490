//! Entities of the eight record kinds an upload or a single POST writes (SPEC §5).
//! One module per table; the schema itself lives in `migrations/`.

pub mod procurements {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "procurements")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub reference: String,
        pub procured_on: Date,
        pub item_code: String,
        pub quantity: i64,
        pub note: Option<String>,
        pub actor: String,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod allocations {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "allocations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub reference: String,
        pub allocated_on: Date,
        pub to_region: String,
        pub item_code: String,
        pub quantity: i64,
        pub note: Option<String>,
        pub actor: String,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod shipments {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "shipments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub reference: String,
        pub from_region: String,
        pub to_region: String,
        pub item_code: String,
        pub quantity: i64,
        pub shipped_on: Date,
        pub received_on: Option<Date>,
        pub received_quantity: Option<i64>,
        pub damaged_quantity: Option<i64>,
        pub note: Option<String>,
        pub actor: String,
        pub received_by: Option<String>,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod daily_prints {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "daily_prints")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub print_date: Date,
        pub region_code: String,
        pub item_code: String,
        pub printed: i64,
        pub spoiled: i64,
        pub actor: String,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod backlog_snapshots {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "backlog_snapshots")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub snapshot_date: Date,
        pub region_code: String,
        pub prr: i64,
        pub recorded: Option<i64>,
        pub suket: Option<i64>,
        pub actor: String,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod outages {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub outage_date: Date,
        pub region_code: String,
        #[sea_orm(column_type = "Double")]
        pub hours: f64,
        pub cause: String,
        pub actor: String,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod stock_counts {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "stock_counts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub count_date: Date,
        pub region_code: String,
        pub item_code: String,
        pub counted: i64,
        pub book: i64,
        pub note: Option<String>,
        pub actor: String,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaints {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaints")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `no_aduan`, unique within `office_code`.
        pub reference: String,
        pub complaint_date: Date,
        pub region_code: String,
        /// The kabupaten/kota of `region_code` (itself, or a kecamatan's parent).
        pub office_code: String,
        pub channel: Option<String>,
        pub category: String,
        pub text: Option<String>,
        pub followed_up_on: Option<Date>,
        pub closed_on: Option<Date>,
        pub actor: String,
        pub upload_id: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

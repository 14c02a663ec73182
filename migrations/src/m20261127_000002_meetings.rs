//! Meetings, participants, agenda, attachments, submissions, conclusions, recommendations,
//! escalations, the working-day calendar, calendar feed tokens and the search index.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}
#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    Kind,
    Title,
    Status,
    Period,
    Trigger,
    TriggerReason,
    StartsAt,
    EndsAt,
    Place,
    Chair,
    SubmissionDueAt,
    PreliminaryAnalysis,
    MainReporter,
    Minutes,
    CancelReason,
    ConcludedAt,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeetingParticipants {
    Table,
    Id,
    MeetingId,
    UnitId,
    Role,
    Attendance,
    AttendanceReason,
    Attendees,
    Version,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    MeetingId,
    Category,
    Title,
    Summary,
    Evidence,
    Causes,
    WeakLinks,
    Remedies,
    PresentingUnitId,
    Position,
    Escalate,
    EscalationReason,
    SourceEscalationId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    MeetingId,
    UnitId,
    Filename,
    ContentType,
    Size,
    Sha256,
    Data,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Submissions {
    Table,
    Id,
    MeetingId,
    UnitId,
    VersionNo,
    Opinion,
    SubmittedBy,
    SubmittedAt,
    Late,
}

#[derive(DeriveIden)]
enum SubmissionAttachments {
    Table,
    SubmissionId,
    AttachmentId,
}

#[derive(DeriveIden)]
enum Conclusions {
    Table,
    Id,
    MeetingId,
    AgendaItemId,
    Text,
    Status,
    SupersedesId,
    AdoptedBy,
    AdoptedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Recommendations {
    Table,
    Id,
    ConclusionId,
    Position,
    Measure,
    ResponsibleUnitId,
    Deadline,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Escalations {
    Table,
    Id,
    MeetingId,
    AgendaItemId,
    ConclusionId,
    Title,
    Reason,
    Status,
    DecisionNote,
    DecidedBy,
    DecidedAt,
    Level1MeetingId,
    Level1ItemId,
    Outcome,
    ResolvedAt,
    RaisedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CalendarDays {
    Table,
    Day,
    Kind,
    Name,
    Version,
}

#[derive(DeriveIden)]
enum CalendarTokens {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SearchDocs {
    Table,
    Id,
    Entity,
    EntityId,
    MeetingId,
    Title,
    Body,
    Tokens,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(c);
    }
    if unique {
        idx.unique();
    }
    m.create_index(idx.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};
        m.create_table(
            Table::create()
                .table(Meetings::Table)
                .col(pk_uuid(Meetings::Id))
                .col(string_len(Meetings::Kind, 32))
                .col(string_len(Meetings::Title, 200))
                .col(string_len(Meetings::Status, 32))
                .col(string_len_null(Meetings::Period, 7))
                .col(string_len_null(Meetings::Trigger, 32))
                .col(text_null(Meetings::TriggerReason))
                .col(timestamp_with_time_zone(Meetings::StartsAt))
                .col(timestamp_with_time_zone(Meetings::EndsAt))
                .col(string_len(Meetings::Place, 200))
                .col(string_len(Meetings::Chair, 100))
                .col(timestamp_with_time_zone(Meetings::SubmissionDueAt))
                .col(text_null(Meetings::PreliminaryAnalysis))
                .col(string_len_null(Meetings::MainReporter, 100))
                .col(text_null(Meetings::Minutes))
                .col(text_null(Meetings::CancelReason))
                .col(timestamp_with_time_zone_null(Meetings::ConcludedAt))
                .col(uuid_null(Meetings::CreatedBy))
                .col(integer(Meetings::Version).default(1))
                .col(timestamp_with_time_zone(Meetings::CreatedAt))
                .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_meetings_starts",
            Meetings::Table,
            vec![Meetings::StartsAt.into_iden()],
            false,
        )
        .await?;
        index(
            m,
            "ix_meetings_kind_period",
            Meetings::Table,
            vec![Meetings::Kind.into_iden(), Meetings::Period.into_iden()],
            false,
        )
        .await?;
        index(
            m,
            "ix_meetings_status",
            Meetings::Table,
            vec![Meetings::Status.into_iden(), Meetings::StartsAt.into_iden()],
            false,
        )
        .await?;
        // The list's usual filters (kind and state), ordered by start: counts read only the index.
        index(
            m,
            "ix_meetings_kind_status",
            Meetings::Table,
            vec![
                Meetings::Kind.into_iden(),
                Meetings::Status.into_iden(),
                Meetings::StartsAt.into_iden(),
            ],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MeetingParticipants::Table)
                .col(pk_uuid(MeetingParticipants::Id))
                .col(uuid(MeetingParticipants::MeetingId))
                .col(uuid(MeetingParticipants::UnitId))
                .col(string_len(MeetingParticipants::Role, 32))
                .col(string_len_null(MeetingParticipants::Attendance, 32))
                .col(text_null(MeetingParticipants::AttendanceReason))
                .col(json(MeetingParticipants::Attendees))
                .col(integer(MeetingParticipants::Version).default(1))
                .foreign_key(&mut fk(
                    "fk_participants_meeting",
                    (MeetingParticipants::Table, MeetingParticipants::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_participants_unit",
                    (MeetingParticipants::Table, MeetingParticipants::UnitId),
                    (Units::Table, Units::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_participants",
            MeetingParticipants::Table,
            vec![
                MeetingParticipants::MeetingId.into_iden(),
                MeetingParticipants::UnitId.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            m,
            "ix_participants_unit",
            MeetingParticipants::Table,
            vec![MeetingParticipants::UnitId.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Escalations::Table)
                .col(pk_uuid(Escalations::Id))
                .col(uuid(Escalations::MeetingId))
                .col(uuid_null(Escalations::AgendaItemId))
                .col(uuid_null(Escalations::ConclusionId))
                .col(string_len(Escalations::Title, 200))
                .col(text(Escalations::Reason))
                .col(string_len(Escalations::Status, 32))
                .col(text_null(Escalations::DecisionNote))
                .col(uuid_null(Escalations::DecidedBy))
                .col(timestamp_with_time_zone_null(Escalations::DecidedAt))
                .col(uuid_null(Escalations::Level1MeetingId))
                .col(uuid_null(Escalations::Level1ItemId))
                .col(text_null(Escalations::Outcome))
                .col(timestamp_with_time_zone_null(Escalations::ResolvedAt))
                .col(uuid(Escalations::RaisedBy))
                .col(integer(Escalations::Version).default(1))
                .col(timestamp_with_time_zone(Escalations::CreatedAt))
                .col(timestamp_with_time_zone(Escalations::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_escalations_meeting",
                    (Escalations::Table, Escalations::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_escalations_level1",
                    (Escalations::Table, Escalations::Level1MeetingId),
                    (Meetings::Table, Meetings::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_escalations_status",
            Escalations::Table,
            vec![
                Escalations::Status.into_iden(),
                Escalations::CreatedAt.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            m,
            "ix_escalations_item",
            Escalations::Table,
            vec![Escalations::AgendaItemId.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AgendaItems::Table)
                .col(pk_uuid(AgendaItems::Id))
                .col(uuid(AgendaItems::MeetingId))
                .col(string_len(AgendaItems::Category, 32))
                .col(string_len(AgendaItems::Title, 200))
                .col(text(AgendaItems::Summary))
                .col(json(AgendaItems::Evidence))
                .col(text_null(AgendaItems::Causes))
                .col(text_null(AgendaItems::WeakLinks))
                .col(text_null(AgendaItems::Remedies))
                .col(uuid_null(AgendaItems::PresentingUnitId))
                .col(integer(AgendaItems::Position))
                .col(boolean_null(AgendaItems::Escalate))
                .col(text_null(AgendaItems::EscalationReason))
                .col(uuid_null(AgendaItems::SourceEscalationId))
                .col(integer(AgendaItems::Version).default(1))
                .col(timestamp_with_time_zone(AgendaItems::CreatedAt))
                .col(timestamp_with_time_zone(AgendaItems::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_items_meeting",
                    (AgendaItems::Table, AgendaItems::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_items_unit",
                    (AgendaItems::Table, AgendaItems::PresentingUnitId),
                    (Units::Table, Units::Id),
                    Restrict,
                ))
                .foreign_key(&mut fk(
                    "fk_items_escalation",
                    (AgendaItems::Table, AgendaItems::SourceEscalationId),
                    (Escalations::Table, Escalations::Id),
                    SetNull,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_items_meeting",
            AgendaItems::Table,
            vec![
                AgendaItems::MeetingId.into_iden(),
                AgendaItems::Position.into_iden(),
            ],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Attachments::Table)
                .col(pk_uuid(Attachments::Id))
                .col(uuid(Attachments::MeetingId))
                .col(uuid_null(Attachments::UnitId))
                .col(string_len(Attachments::Filename, 255))
                .col(string_len(Attachments::ContentType, 128))
                .col(big_integer(Attachments::Size))
                .col(string_len(Attachments::Sha256, 64))
                .col(blob(Attachments::Data))
                .col(uuid(Attachments::UploadedBy))
                .col(timestamp_with_time_zone(Attachments::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_attachments_meeting",
                    (Attachments::Table, Attachments::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_attachments_unit",
                    (Attachments::Table, Attachments::UnitId),
                    (Units::Table, Units::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_attachments_meeting",
            Attachments::Table,
            vec![Attachments::MeetingId.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Submissions::Table)
                .col(pk_uuid(Submissions::Id))
                .col(uuid(Submissions::MeetingId))
                .col(uuid(Submissions::UnitId))
                .col(integer(Submissions::VersionNo))
                .col(text(Submissions::Opinion))
                .col(uuid(Submissions::SubmittedBy))
                .col(timestamp_with_time_zone(Submissions::SubmittedAt))
                .col(boolean(Submissions::Late))
                .foreign_key(&mut fk(
                    "fk_submissions_meeting",
                    (Submissions::Table, Submissions::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_submissions_unit",
                    (Submissions::Table, Submissions::UnitId),
                    (Units::Table, Units::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_submissions_version",
            Submissions::Table,
            vec![
                Submissions::MeetingId.into_iden(),
                Submissions::UnitId.into_iden(),
                Submissions::VersionNo.into_iden(),
            ],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SubmissionAttachments::Table)
                .col(uuid(SubmissionAttachments::SubmissionId))
                .col(uuid(SubmissionAttachments::AttachmentId))
                .primary_key(
                    Index::create()
                        .col(SubmissionAttachments::SubmissionId)
                        .col(SubmissionAttachments::AttachmentId),
                )
                .foreign_key(&mut fk(
                    "fk_sa_submission",
                    (
                        SubmissionAttachments::Table,
                        SubmissionAttachments::SubmissionId,
                    ),
                    (Submissions::Table, Submissions::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_sa_attachment",
                    (
                        SubmissionAttachments::Table,
                        SubmissionAttachments::AttachmentId,
                    ),
                    (Attachments::Table, Attachments::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Conclusions::Table)
                .col(pk_uuid(Conclusions::Id))
                .col(uuid(Conclusions::MeetingId))
                .col(uuid_null(Conclusions::AgendaItemId))
                .col(text(Conclusions::Text))
                .col(string_len(Conclusions::Status, 32))
                .col(uuid_null(Conclusions::SupersedesId))
                .col(uuid_null(Conclusions::AdoptedBy))
                .col(timestamp_with_time_zone_null(Conclusions::AdoptedAt))
                .col(integer(Conclusions::Version).default(1))
                .col(timestamp_with_time_zone(Conclusions::CreatedAt))
                .col(timestamp_with_time_zone(Conclusions::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_conclusions_meeting",
                    (Conclusions::Table, Conclusions::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_conclusions_item",
                    (Conclusions::Table, Conclusions::AgendaItemId),
                    (AgendaItems::Table, AgendaItems::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_conclusions_meeting",
            Conclusions::Table,
            vec![Conclusions::MeetingId.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Recommendations::Table)
                .col(pk_uuid(Recommendations::Id))
                .col(uuid(Recommendations::ConclusionId))
                .col(integer(Recommendations::Position))
                .col(text(Recommendations::Measure))
                .col(uuid(Recommendations::ResponsibleUnitId))
                .col(date(Recommendations::Deadline))
                .col(timestamp_with_time_zone(Recommendations::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_recommendations_conclusion",
                    (Recommendations::Table, Recommendations::ConclusionId),
                    (Conclusions::Table, Conclusions::Id),
                    Cascade,
                ))
                .foreign_key(&mut fk(
                    "fk_recommendations_unit",
                    (Recommendations::Table, Recommendations::ResponsibleUnitId),
                    (Units::Table, Units::Id),
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_recommendations_conclusion",
            Recommendations::Table,
            vec![Recommendations::ConclusionId.into_iden()],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CalendarDays::Table)
                .col(date(CalendarDays::Day).primary_key())
                .col(string_len(CalendarDays::Kind, 16))
                .col(string_len(CalendarDays::Name, 50))
                .col(integer(CalendarDays::Version).default(1))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CalendarTokens::Table)
                .col(pk_uuid(CalendarTokens::Id))
                .col(uuid_uniq(CalendarTokens::UserId))
                .col(string_len_uniq(CalendarTokens::TokenHash, 64))
                .col(timestamp_with_time_zone(CalendarTokens::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_calendar_tokens_user",
                    (CalendarTokens::Table, CalendarTokens::UserId),
                    (Users::Table, Users::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SearchDocs::Table)
                .col(pk_uuid(SearchDocs::Id))
                .col(string_len(SearchDocs::Entity, 32))
                .col(uuid(SearchDocs::EntityId))
                .col(uuid(SearchDocs::MeetingId))
                .col(string_len(SearchDocs::Title, 200))
                .col(text(SearchDocs::Body))
                .col(text(SearchDocs::Tokens))
                .foreign_key(&mut fk(
                    "fk_search_meeting",
                    (SearchDocs::Table, SearchDocs::MeetingId),
                    (Meetings::Table, Meetings::Id),
                    Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_search_entity",
            SearchDocs::Table,
            vec![
                SearchDocs::Entity.into_iden(),
                SearchDocs::EntityId.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            m,
            "ix_search_meeting",
            SearchDocs::Table,
            vec![SearchDocs::MeetingId.into_iden()],
            false,
        )
        .await?;

        // Chinese has no spaces: `tokens` holds the text's character bigrams (and whole ASCII
        // words), so both databases index two-character words.
        let conn = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                for sql in [
                    // Own content keyed by doc_id: implicit rowids may change on VACUUM.
                    "CREATE VIRTUAL TABLE search_fts USING fts5(doc_id UNINDEXED, tokens)",
                    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN INSERT INTO search_fts(doc_id, tokens) VALUES (new.id, new.tokens); END",
                    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN DELETE FROM search_fts WHERE doc_id = old.id; END",
                    "CREATE TRIGGER search_docs_au AFTER UPDATE OF tokens ON search_docs BEGIN DELETE FROM search_fts WHERE doc_id = old.id; INSERT INTO search_fts(doc_id, tokens) VALUES (new.id, new.tokens); END",
                ] {
                    conn.execute_unprepared(sql).await?;
                }
            }
            DbBackend::Postgres => {
                conn.execute_unprepared("CREATE INDEX ix_search_tokens ON search_docs USING gin (string_to_array(tokens, ' '))").await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            m.get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS search_fts")
                .await?;
        }
        for t in [
            SearchDocs::Table.into_iden(),
            CalendarTokens::Table.into_iden(),
            CalendarDays::Table.into_iden(),
            Recommendations::Table.into_iden(),
            Conclusions::Table.into_iden(),
            SubmissionAttachments::Table.into_iden(),
            Submissions::Table.into_iden(),
            Attachments::Table.into_iden(),
            AgendaItems::Table.into_iden(),
            Escalations::Table.into_iden(),
            MeetingParticipants::Table.into_iden(),
            Meetings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

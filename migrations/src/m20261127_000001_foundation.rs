//! Units, users, sessions, service accounts, the audit log and stored idempotency keys.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    Code,
    Name,
    Kind,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Username,
    DisplayName,
    Role,
    UnitId,
    PasswordHash,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    CreatedAt,
    UsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ServiceAccounts {
    Table,
    Id,
    Name,
    ClientId,
    SecretHash,
    LastUsedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorKind,
    ActorId,
    ActorName,
    Entity,
    EntityId,
    Action,
    Before,
    After,
    RequestId,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    Scope,
    Key,
    Method,
    Path,
    RequestHash,
    Status,
    ResponseBody,
    ContentType,
    Location,
    Etag,
    CreatedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Units::Table)
                .col(pk_uuid(Units::Id))
                .col(string_len_uniq(Units::Code, 32))
                .col(string_len(Units::Name, 100))
                .col(string_len(Units::Kind, 32))
                .col(boolean(Units::Active).default(true))
                .col(integer(Units::Version).default(1))
                .col(timestamp_with_time_zone(Units::CreatedAt))
                .col(timestamp_with_time_zone(Units::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_uuid(Users::Id))
                .col(string_len_uniq(Users::Username, 64))
                .col(string_len(Users::DisplayName, 100))
                .col(string_len(Users::Role, 32))
                .col(uuid_null(Users::UnitId))
                .col(text(Users::PasswordHash))
                .col(boolean(Users::Active).default(true))
                .col(integer(Users::Version).default(1))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_users_unit")
                        .from(Users::Table, Users::UnitId)
                        .to(Units::Table, Units::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_users_unit")
                .table(Users::Table)
                .col(Users::UnitId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_uuid(RefreshTokens::Id))
                .col(uuid(RefreshTokens::UserId))
                .col(uuid(RefreshTokens::FamilyId))
                .col(string_len_uniq(RefreshTokens::TokenHash, 64))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_refresh_tokens_user")
                        .from(RefreshTokens::Table, RefreshTokens::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refresh_tokens_family")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::FamilyId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_refresh_tokens_user")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ServiceAccounts::Table)
                .col(pk_uuid(ServiceAccounts::Id))
                .col(string_len(ServiceAccounts::Name, 100))
                .col(string_len_uniq(ServiceAccounts::ClientId, 64))
                .col(text(ServiceAccounts::SecretHash))
                .col(timestamp_with_time_zone_null(ServiceAccounts::LastUsedAt))
                .col(integer(ServiceAccounts::Version).default(1))
                .col(timestamp_with_time_zone(ServiceAccounts::CreatedAt))
                .col(timestamp_with_time_zone(ServiceAccounts::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_uuid(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(string_len(AuditLog::ActorKind, 32))
                .col(uuid_null(AuditLog::ActorId))
                .col(string_len(AuditLog::ActorName, 100))
                .col(string_len(AuditLog::Entity, 64))
                .col(uuid_null(AuditLog::EntityId))
                .col(string_len(AuditLog::Action, 64))
                .col(json_null(AuditLog::Before))
                .col(json_null(AuditLog::After))
                .col(string_len_null(AuditLog::RequestId, 64))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "ix_audit_entity",
                vec![AuditLog::Entity, AuditLog::EntityId],
            ),
            ("ix_audit_at", vec![AuditLog::At]),
            ("ix_audit_actor", vec![AuditLog::ActorId]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(AuditLog::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(pk_uuid(IdempotencyKeys::Id))
                .col(string_len(IdempotencyKeys::Scope, 64))
                .col(string_len(IdempotencyKeys::Key, 255))
                .col(string_len(IdempotencyKeys::Method, 16))
                .col(string_len(IdempotencyKeys::Path, 512))
                .col(string_len(IdempotencyKeys::RequestHash, 64))
                .col(integer_null(IdempotencyKeys::Status))
                .col(blob_null(IdempotencyKeys::ResponseBody))
                .col(string_len_null(IdempotencyKeys::ContentType, 128))
                .col(string_len_null(IdempotencyKeys::Location, 512))
                .col(string_len_null(IdempotencyKeys::Etag, 128))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .col(timestamp_with_time_zone(IdempotencyKeys::ExpiresAt))
                .index(
                    Index::create()
                        .name("ux_idempotency_scope_key")
                        .col(IdempotencyKeys::Scope)
                        .col(IdempotencyKeys::Key)
                        .unique(),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            IdempotencyKeys::Table.into_iden(),
            AuditLog::Table.into_iden(),
            ServiceAccounts::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Users::Table.into_iden(),
            Units::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

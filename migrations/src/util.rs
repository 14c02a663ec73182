//! What several migrations share.

use sea_orm_migration::prelude::*;

/// A foreign key from `from.col` to `table.id`, named `name`.
pub(crate) fn fk<T: IntoIden + 'static>(
    name: &str,
    from: T,
    col: impl IntoIden,
    table: &str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from, col)
        .to(Alias::new(table), Alias::new("id"))
        .on_delete(on_delete)
        .to_owned()
}

/// Runs `statements` in order (SQL written for both databases, or chosen for one by the caller).
pub(crate) async fn run_all(
    conn: &SchemaManagerConnection<'_>,
    statements: &[&str],
) -> Result<(), DbErr> {
    for sql in statements {
        conn.execute_unprepared(sql).await?;
    }
    Ok(())
}

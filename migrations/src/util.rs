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

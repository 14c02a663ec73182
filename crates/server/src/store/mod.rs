//! Data access, one module per table (or index): what reads and writes rows, shared by the
//! workflow services so that they need not call each other. No rules here beyond the guards that
//! every change passes (a meeting visible to the caller and not locked).

pub mod agenda;
pub mod audit_chain;
pub mod briefings;
pub mod case_stats;
pub mod changes;
pub mod conclusions;
pub mod escalations;
pub mod meetings;
pub mod names;
pub mod notify;
pub mod search_index;
pub mod supervision;
pub mod webhooks;

/// The sizes to split `len` rows into for multi-row statements: as many of `max` as fit, then
/// the rest in powers of two. Each statement's text depends on its row count, and every
/// connection keeps the statements it prepared: with sizes from a small fixed set a connection
/// keeps a few, where one size per batch would fill its cache with large, never reused ones.
pub fn chunk_sizes(len: usize, max: usize) -> Vec<usize> {
    let max = max.max(1);
    let mut out = vec![max; len / max];
    let mut rest = len % max;
    while rest > 0 {
        let p = 1usize << (usize::BITS - 1 - rest.leading_zeros());
        out.push(p);
        rest -= p;
    }
    out
}

/// Splits `items` into owned chunks of `chunk_sizes`.
pub fn shaped_chunks<T>(mut items: Vec<T>, max: usize) -> Vec<Vec<T>> {
    let mut out = Vec::new();
    for n in chunk_sizes(items.len(), max) {
        let rest = items.split_off(n);
        out.push(std::mem::replace(&mut items, rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_split_into_a_few_fixed_sizes() {
        assert_eq!(chunk_sizes(1000, 500), vec![500, 500]);
        assert_eq!(chunk_sizes(1234, 500), vec![500, 500, 128, 64, 32, 8, 2]);
        assert_eq!(chunk_sizes(0, 500), Vec::<usize>::new());
        let chunks = shaped_chunks((0..13).collect::<Vec<_>>(), 4);
        assert_eq!(
            chunks.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![4, 4, 4, 1]
        );
        assert_eq!(chunks.concat(), (0..13).collect::<Vec<_>>());
    }
}

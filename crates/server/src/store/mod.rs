//! Data access, one module per table (or index): what reads and writes rows, shared by the
//! workflow services so that they need not call each other. No rules here beyond the guards that
//! every change passes (a meeting visible to the caller and not locked).

pub mod agenda;
pub mod audit_chain;
pub mod case_stats;
pub mod conclusions;
pub mod escalations;
pub mod meetings;
pub mod search_index;

//! Reading git objects for the indexer: tree diffs that skip identical subtrees, blob loading
//! with a size cap and binary detection, rename detection (also blame's, across a merge), and
//! line diffs.

pub mod blob;
pub mod line_diff;
pub mod merge_rename;
pub mod rename;
pub mod tree_diff;

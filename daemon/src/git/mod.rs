//! Reading git objects for the indexer: an object reader with a delta-base cache, tree diffs that skip identical subtrees, blob loading
//! with a size cap and binary detection, rename detection (also blame's, across a merge), and
//! line diffs.

pub mod blob;
pub mod delta_bases;
pub mod line_diff;
pub mod line_tokens;
pub mod merge_rename;
pub mod object_reader;
pub mod pack_delta;
pub mod packs;
pub mod rename;
pub mod tree_diff;

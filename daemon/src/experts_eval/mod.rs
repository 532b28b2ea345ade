//! Checking who `aexy owners` names as a file's experts: against developers' own answers to "do
//! you maintain this file?" (`survey`), and against what a repository's history did next
//! (`future`: did the people named go on to change the file?), with the survey paper's measures
//! (`score`).

pub mod csv;
pub mod future;
pub mod score;
pub mod survey;

pub use score::Rates;

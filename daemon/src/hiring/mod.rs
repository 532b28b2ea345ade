//! Hiring from evidence: what the team lacks (`gaps`, ranked by risk with the evidence for each)
//! and what to hire for it (`plan`: role profiles, a job description and an interview rubric
//! from Markdown templates, and a written scorecard formula). Plain data in and out; `load`
//! reads templates and manifests.

mod gap;
pub mod gaps;
pub mod load;
pub mod plan;
pub mod render;

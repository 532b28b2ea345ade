//! Identities: bot and AI-agent detection, commit trailers, name normalisation, and the
//! query-time resolver that groups raw identities into developers.

//! Credentials on the wire: `Authorization` values marked sensitive (never printed by reqwest
//! or hyper), and a redactor that knows a request's own credentials so no error body can echo
//! them back.

use reqwest::header::{HeaderValue, AUTHORIZATION};
use reqwest::Request;

use super::redact::Redactor;
use super::{NetError, Secret};

/// `Authorization: Bearer <token>`, marked sensitive (never printed by reqwest/hyper).
pub fn bearer(secret: &Secret) -> Result<HeaderValue, NetError> {
    sensitive(&format!("Bearer {}", secret.expose()))
}

/// A header value marked sensitive; an invalid value's error never shows it.
pub fn sensitive(value: &str) -> Result<HeaderValue, NetError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| NetError::Invalid {
        detail: "the token contains characters not allowed in an HTTP header".into(),
    })?;
    v.set_sensitive(true);
    Ok(v)
}

/// A redactor that knows the request's credentials (every sensitive header value, and the
/// token part of an `Authorization` value), so no error body can echo them back.
pub(super) fn redactor_for(req: &Request) -> Redactor {
    let mut secrets = Vec::new();
    for (name, value) in req.headers() {
        let sensitive = value.is_sensitive()
            || name == AUTHORIZATION
            || name.as_str().contains("token")
            || name.as_str().contains("key");
        if !sensitive {
            continue;
        }
        if let Ok(text) = value.to_str() {
            secrets.push(Secret::new(text));
            if let Some((_, token)) = text.split_once(' ') {
                secrets.push(Secret::new(token));
            }
        }
    }
    let refs: Vec<&Secret> = secrets.iter().collect();
    Redactor::new(&refs)
}

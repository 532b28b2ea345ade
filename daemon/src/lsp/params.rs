//! Lenient params for custom methods whose params are optional: absent, `null`, `{}` or a
//! full object all parse (tower-lsp-server's own `()` rejects `{}` and `(P,)` rejects absence).

use std::future::Future;

use serde::de::DeserializeOwned;
use tower_lsp_server::jsonrpc::{self, FromParams, Method};
use tower_lsp_server::ls_types::LSPAny;

/// Optional params: `None` when absent or `null`.
pub struct Lenient<T>(pub Option<T>);

impl<T: DeserializeOwned + Send + 'static> FromParams for Lenient<T> {
    fn from_params(params: Option<LSPAny>) -> jsonrpc::Result<Self> {
        match params {
            None | Some(LSPAny::Null) => Ok(Lenient(None)),
            Some(p) => serde_json::from_value(p)
                .map(|p| Lenient(Some(p)))
                .map_err(|e| jsonrpc::Error::invalid_params(e.to_string())),
        }
    }
}

/// Adapts `async fn(&Server, Option<T>) -> R` to a custom method taking [`Lenient`] params.
#[derive(Clone)]
pub struct WithLenient<F>(pub F);

impl<S, T, R, F, Fut> Method<S, Lenient<T>, R> for WithLenient<F>
where
    F: Fn(S, Option<T>) -> Fut,
    Fut: Future<Output = R> + Send,
{
    type Future = Fut;

    fn invoke(&self, server: S, params: Lenient<T>) -> Self::Future {
        (self.0)(server, params.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_null_empty_and_full_params_parse() {
        #[derive(serde::Deserialize, Default)]
        struct P {
            #[serde(default)]
            x: u32,
        }
        assert!(Lenient::<P>::from_params(None).unwrap().0.is_none());
        assert!(Lenient::<P>::from_params(Some(LSPAny::Null))
            .unwrap()
            .0
            .is_none());
        assert_eq!(
            Lenient::<P>::from_params(Some(serde_json::json!({})))
                .unwrap()
                .0
                .unwrap()
                .x,
            0
        );
        assert_eq!(
            Lenient::<P>::from_params(Some(serde_json::json!({"x": 3})))
                .unwrap()
                .0
                .unwrap()
                .x,
            3
        );
        assert!(Lenient::<P>::from_params(Some(serde_json::json!({"x": "no"}))).is_err());
    }
}

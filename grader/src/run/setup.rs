//! What the grader prepares for a run before the program starts, on the run plan's request:
//! files in its scratch directory (whose contents the checks know, so they can compute exact
//! expectations) and a loopback HTTP server that answers after a delay and logs every request
//! (the observer of an I/O-bound program). The supervisor does both, inside the run's
//! namespaces, and stops the server when the run ends.

use serde::{Deserialize, Serialize};

pub mod files;
pub mod http;

pub use files::{Content, FileSpec};
pub use http::{HttpLog, HttpRequest, HttpSpec};

/// Everything a run plan may ask to have ready before its program starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    /// Files written into the run's scratch directory (the program's working directory).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileSpec>,
    /// A server on 127.0.0.1; the program learns its port from the arguments, where `{port}`
    /// stands for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpSpec>,
}

impl Setup {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.http.is_none()
    }
}

/// The placeholder, in a run plan's argument values, for the loopback server's port.
pub const PORT: &str = "{port}";

/// `args` with every [`PORT`] replaced by `port`.
pub fn with_port(args: &[String], port: u16) -> Vec<String> {
    args.iter()
        .map(|a| a.replace(PORT, &port.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_placeholder_is_filled_in() {
        let args = vec!["--url".to_string(), "http://127.0.0.1:{port}/a".to_string()];
        assert_eq!(with_port(&args, 8080)[1], "http://127.0.0.1:8080/a");
        assert_eq!(with_port(&args, 8080)[0], "--url");
    }

    #[test]
    fn an_empty_setup_is_left_out_of_a_plan() {
        assert!(Setup::default().is_empty());
        let json = serde_json::to_string(&Setup::default()).unwrap();
        assert_eq!(json, "{}");
        let back: Setup = serde_json::from_str("{}").unwrap();
        assert!(back.is_empty());
    }
}

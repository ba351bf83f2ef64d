//! The JSON report: the result model as it is, versioned by [`super::SCHEMA_VERSION`].

use super::Report;

pub fn render(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("the report model always serializes")
}

//! grade: drives the pipeline.

//! report: the result model.

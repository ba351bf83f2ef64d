//! mutant-of: 01
//! must-fail: summary_last
//!
//! "The parent's own work is done once both children are started": `parent done` is printed
//! right after the forks, before the children are waited for and reported.
//!
//! ```find
//!     ];
//! ```
//! ```replace
//!     ];
//!     println!("parent done");
//! ```
//! ```find
//!     }
//!     println!("parent done");
//! }
//! ```
//! ```replace
//!     }
//! }
//! ```
include!(concat!(env!("OUT_DIR"), "/", env!("CARGO_BIN_NAME"), ".rs"));

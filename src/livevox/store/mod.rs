//! LiveVox's SQL, and only here.

pub mod export;

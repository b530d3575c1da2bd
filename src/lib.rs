//! video-extend: one client for the video-extension APIs of Legnext (Midjourney video) and
//! APIFrame (Luma), written in Rust and compiled to WebAssembly for every JS runtime.
//!
//! Data flows one way: JS value -> [`input::Input`] -> validated request -> [`http::HttpRequest`]
//! -> [`transport::Runtime`] -> [`http::HttpResponse`] -> [`task::Task`] -> JS value. Only `js`
//! and `transport::fetch` know they run in WebAssembly; everything else is tested on the host.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]
// Errors are the cold path and carry what users need (field, status, ids); boxing them would
// add code to every call site for no gain in a module of this size.
#![allow(clippy::result_large_err)]

pub mod client;
pub mod error;
pub mod http;
pub mod input;
pub mod json;
pub mod lifecycle;
pub mod options;
pub mod policy;
pub mod provider;
pub mod redact;
pub mod rules;
pub mod task;
pub mod transport;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod js;

pub use client::Client;
pub use error::{Error, ErrorCode, Result};
pub use provider::Provider;
pub use task::{Task, TaskStatus};

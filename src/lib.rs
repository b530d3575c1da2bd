//! video-extend: one client for the video-extension APIs of Legnext (Midjourney video) and
//! APIFrame (Luma), written in Rust and compiled to WebAssembly for every JS runtime.
//!
//! Data flows one way: JS value -> [`input::Input`] -> validated request -> [`http::HttpRequest`]
//! -> [`transport::Runtime`] -> [`http::HttpResponse`] -> [`task::Task`] -> JS value. Only `js`
//! and `transport::fetch` know they run in WebAssembly; everything else is tested on the host.

// no_std on wasm32: std's panic handler formats the panic message (core::fmt, ~6 KB of wasm)
// even with panic = "abort"; the one below traps instead. The host keeps std (tests, serde_json),
// and so do wasm32 builds with the `std` feature (wasm-bindgen-test, which links std anyway).
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]
// Errors are the cold path and carry what users need (field, status, ids); boxing them would
// add code to every call site for no gain in a module of this size.
#![allow(clippy::result_large_err)]

extern crate alloc;

// The no_std build's f64 rounding; also compiled for the host tests, which check it against std.
#[cfg(any(test, all(target_arch = "wasm32", not(feature = "std"))))]
pub(crate) mod float;
mod prelude;

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

/// Traps on a panic, without formatting its message (which would keep core::fmt in the module).
/// Library code has no `unwrap`, `expect` or `panic!`; what remains is what the compiler cannot
/// rule out (bounds checks, `RefCell` borrows, arithmetic overflow). The JS side sees a
/// `RuntimeError: unreachable`. Not with the `std` feature, where std's handler is linked
/// (the wasm-bindgen-test build).
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

//! What std's prelude adds to core's, from alloc: the library is no_std on wasm32, so each module
//! that builds strings, vectors or boxes takes them from here (`use crate::prelude::*`). On the
//! host the same names are std's own re-exports of these.

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
pub(crate) use crate::float::F64Math;
pub(crate) use alloc::boxed::Box;
pub(crate) use alloc::string::{String, ToString};
pub(crate) use alloc::vec;
pub(crate) use alloc::vec::Vec;

//! What `#[derive(Tsify)]` (the tsify-macros crate) names as `tsify::…`: the derive itself, its
//! trait and its config struct. The tsify crate that normally holds them links std; the derive's
//! output, a TypeScript declaration section per struct, is the same either way.

// The derive's trait items and config fields exist for the derive's output; nothing reads them.
#![allow(dead_code)]

pub(crate) use tsify_macros::Tsify;

/// A type with a TypeScript declaration (the trait the derive implements; never called here).
pub(crate) trait Tsify {
    /// The extern JS type the derive declares for the type.
    type JsType;
    /// The TypeScript declaration.
    const DECL: &'static str;
    /// How values would be (de)serialised; unused: values cross as plain JS objects.
    const SERIALIZATION_CONFIG: SerializationConfig;
}

/// The derive's serialisation options (as in tsify 0.5.8).
pub(crate) struct SerializationConfig {
    pub missing_as_null: bool,
    pub hashmap_as_object: bool,
    pub large_number_types_as_bigints: bool,
}

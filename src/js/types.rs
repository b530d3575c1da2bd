//! TypeScript declarations that combine the generated types: the request union that refuses
//! one provider's fields on the other's request, and the `VideoExtendError` class.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Keys of `U` that `T` lacks, forbidden (so a union member refuses the other's fields). */
type Forbid<T, U> = T & { [K in Exclude<keyof U, keyof T>]?: never };

/** An extension request: Legnext's or APIFrame's, never a mix of both. */
export type ExtendRequest =
  | Forbid<LegnextExtendRequest, ApiframeExtendRequest>
  | Forbid<ApiframeExtendRequest, LegnextExtendRequest>;

/** Every rejection of this package: an `Error` with a stable `code` and the facts of the failure. */
export interface VideoExtendError extends VideoExtendErrorData {}
export declare class VideoExtendError extends Error {
  private constructor(data: VideoExtendErrorData);
  readonly name: "VideoExtendError";
}
"#;

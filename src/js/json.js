// JSON.parse that returns undefined instead of throwing. An exception caught across the wasm
// boundary costs an externref slot that wasm-bindgen 0.2.130 does not give back, and a provider
// answering with an HTML error page is an ordinary event, not an exceptional one.
export function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch (_) {
    return undefined;
  }
}

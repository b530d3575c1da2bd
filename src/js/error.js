// The error class every rejection of video-extend is an instance of. A thin shim: Rust decides
// every property; this only gives the object a real Error prototype and a stable name.
export class VideoExtendError extends Error {
  constructor(data) {
    super(data && typeof data.message === "string" ? data.message : "video-extend error");
    Object.defineProperty(this, "name", {
      value: "VideoExtendError",
      enumerable: false,
      configurable: true,
      writable: true,
    });
    if (data && typeof data === "object") {
      for (const key of Object.keys(data)) {
        if (key !== "message" && key !== "__proto__") this[key] = data[key];
      }
    }
  }
}

//! Static files for demos: `--www` at `/`, `--pkg` at `/pkg/`, guarded against path traversal.

use crate::reply::Reply;
use hyper::header::CACHE_CONTROL;
use hyper::StatusCode;
use std::path::{Path, PathBuf};

/// The content type for a file name.
pub fn content_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".d.ts") || lower.ends_with(".ts") {
        return "text/typescript; charset=utf-8";
    }
    match lower.rsplit_once('.').map(|(_, e)| e).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "mp4" => "video/mp4",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for malformed escapes or non-UTF-8 results.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A safe relative path from a URL path, or `None` if it tries to leave the root.
pub fn safe_relative(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut rel = PathBuf::new();
    for seg in decoded.split('/') {
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.contains('\\') || seg.contains('\0') || seg.contains(':') {
            return None;
        }
        rel.push(seg);
    }
    Some(rel)
}

fn not_found() -> Reply {
    Reply::raw(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        "not found\n",
    )
}

/// Serves `url_path` (already stripped of any mount prefix) from `root`.
pub fn serve_from(root: &Path, url_path: &str) -> Reply {
    let Some(rel) = safe_relative(url_path) else {
        return not_found();
    };
    let Ok(root) = root.canonicalize() else {
        return not_found();
    };
    let mut file = root.join(rel);
    if file.is_dir() {
        file.push("index.html");
    }
    let Ok(file) = file.canonicalize() else {
        return not_found();
    };
    if !file.starts_with(&root) || !file.is_file() {
        return not_found();
    }
    match std::fs::read(&file) {
        Ok(data) => {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            Reply::raw(StatusCode::OK, content_type(name), data).header(CACHE_CONTROL, "no-cache")
        }
        Err(_) => not_found(),
    }
}

const BUILTIN_INDEX: &str = "<!DOCTYPE html>
<html><head><meta charset=\"utf-8\"><title>video-extend-emulator</title></head>
<body><h1>video-extend-emulator</h1>
<p>Local emulator of the Legnext and APIFrame video-extension APIs.</p>
<ul>
<li>Legnext: <code>POST /api/v1/extend-video</code>, <code>GET /api/v1/job/{id}</code> (header <code>x-api-key</code>)</li>
<li>APIFrame: <code>POST /luma-extend</code>, <code>POST /fetch</code>, <code>POST /fetch-many</code> (header <code>Authorization</code>)</li>
<li>Control: <a href=\"/__emulator/jobs\">/__emulator/jobs</a>, <a href=\"/__emulator/requests\">/__emulator/requests</a>,
<a href=\"/__emulator/webhooks\">/__emulator/webhooks</a>, <a href=\"/__emulator/faults\">/__emulator/faults</a></li>
</ul>
<p>Start with <code>--www DIR</code> to serve your own page here.</p>
</body></html>
";

/// Serves a GET for a static path, using `www` for `/` and `pkg` for `/pkg/`.
pub fn serve(www: Option<&Path>, pkg: Option<&Path>, path: &str) -> Reply {
    if let Some(rest) = path.strip_prefix("/pkg/") {
        return match pkg {
            Some(root) => serve_from(root, rest),
            None => not_found(),
        };
    }
    match www {
        Some(root) => serve_from(root, path),
        None if path == "/" || path == "/index.html" => {
            Reply::raw(StatusCode::OK, "text/html; charset=utf-8", BUILTIN_INDEX)
        }
        None => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert!(safe_relative("/a/b.js").is_some());
        assert!(safe_relative("/../etc/passwd").is_none());
        assert!(safe_relative("/a/%2e%2e/%2e%2e/x").is_none());
        assert!(safe_relative("/a/..%5c..%5cx").is_none());
        assert!(safe_relative("/%zz").is_none());
        assert_eq!(content_type("x.wasm"), "application/wasm");
        assert!(content_type("video_extend.d.ts").starts_with("text/typescript"));
        assert!(content_type("a.mjs").starts_with("text/javascript"));
    }
}

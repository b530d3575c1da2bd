//! The embedded MP4 clips served at `/media/*.mp4`, with `Range` support for browsers.

use crate::reply::Reply;
use hyper::header::{ACCEPT_RANGES, CACHE_CONTROL, CONTENT_RANGE, RANGE};
use hyper::{HeaderMap, StatusCode};

static CLIPS: [&[u8]; 4] = [
    include_bytes!("../media/clip-0.mp4"),
    include_bytes!("../media/clip-1.mp4"),
    include_bytes!("../media/clip-2.mp4"),
    include_bytes!("../media/clip-3.mp4"),
];

/// The clip for a media file name: any `<name>-<n>.mp4` with n in 0..=3.
pub fn clip_for(name: &str) -> Option<&'static [u8]> {
    let stem = name.strip_suffix(".mp4")?;
    if stem.contains('/') {
        return None;
    }
    let (_, n) = stem.rsplit_once('-')?;
    let n: usize = n.parse().ok().filter(|n| *n < CLIPS.len())?;
    Some(CLIPS[n])
}

/// Parses a single `bytes=` range against a length; `Err` when unsatisfiable, `Ok(None)` when ignored.
pub fn parse_range(header: &str, len: usize) -> Result<Option<(usize, usize)>, ()> {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None); // several ranges: answer with the whole file
    }
    let (a, b) = spec.split_once('-').ok_or(())?;
    let (a, b) = (a.trim(), b.trim());
    let range = if a.is_empty() {
        let n: usize = b.parse().map_err(|_| ())?;
        if n == 0 || len == 0 {
            return Err(());
        }
        (len.saturating_sub(n), len - 1)
    } else {
        let start: usize = a.parse().map_err(|_| ())?;
        let end = if b.is_empty() {
            len.saturating_sub(1)
        } else {
            b.parse::<usize>()
                .map_err(|_| ())?
                .min(len.saturating_sub(1))
        };
        if start >= len || end < start {
            return Err(());
        }
        (start, end)
    };
    Ok(Some(range))
}

/// Serves `/media/<name>`: 200 full, 206 partial, 416 unsatisfiable, 404 unknown.
pub fn serve(name: &str, headers: &HeaderMap) -> Reply {
    let Some(data) = clip_for(name) else {
        return Reply::raw(StatusCode::NOT_FOUND, "text/plain", "no such media file\n");
    };
    let full = Reply::raw(StatusCode::OK, "video/mp4", data)
        .header(ACCEPT_RANGES, "bytes")
        .header(CACHE_CONTROL, "public, max-age=3600");
    let Some(range) = headers.get(RANGE).and_then(|v| v.to_str().ok()) else {
        return full;
    };
    match parse_range(range, data.len()) {
        Ok(None) => full,
        Ok(Some((start, end))) => {
            let mut r = full.header(
                CONTENT_RANGE,
                &format!("bytes {start}-{end}/{}", data.len()),
            );
            r.status = StatusCode::PARTIAL_CONTENT;
            r.body = bytes::Bytes::from_static(&data[start..=end]);
            r
        }
        Err(()) => Reply::empty(StatusCode::RANGE_NOT_SATISFIABLE)
            .header(CONTENT_RANGE, &format!("bytes */{}", data.len()))
            .header(ACCEPT_RANGES, "bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_and_ranges() {
        assert!(clip_for("b24ffa07-7b76-49a2-963e-f6c527f7cec7-3.mp4").is_some());
        assert!(clip_for("clip-0.mp4").is_some());
        assert!(clip_for("clip-4.mp4").is_none());
        assert!(clip_for("clip-0.webm").is_none());
        for c in CLIPS {
            assert_eq!(&c[4..8], b"ftyp");
        }
        assert_eq!(parse_range("bytes=0-99", 1000), Ok(Some((0, 99))));
        assert_eq!(parse_range("bytes=900-", 1000), Ok(Some((900, 999))));
        assert_eq!(parse_range("bytes=-100", 1000), Ok(Some((900, 999))));
        assert_eq!(parse_range("bytes=0-5000", 1000), Ok(Some((0, 999))));
        assert_eq!(parse_range("bytes=2000-", 1000), Err(()));
        assert_eq!(parse_range("bytes=0-1,5-6", 1000), Ok(None));
    }
}

//! Absolute http(s) URL checks used by request validation and by the webhook loopback guard.

use hyper::Uri;
use std::net::IpAddr;

/// The parts of an absolute http(s) URL that a delivery needs.
#[derive(Debug, Clone)]
pub struct Target {
    pub https: bool,
    /// Host as written, IPv6 without brackets.
    pub host: String,
    pub port: u16,
    /// `host[:port]` as it should appear in a `Host` header.
    pub authority: String,
    pub path_and_query: String,
}

/// Parses `s` as an absolute `http://` or `https://` URL with a host; `None` otherwise.
pub fn parse_http_url(s: &str) -> Option<Target> {
    if s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let uri: Uri = s.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let https = match scheme.as_str() {
        "http" => false,
        "https" => true,
        _ => return None,
    };
    let authority = uri.authority()?;
    let raw_host = authority.host();
    if raw_host.is_empty() {
        return None;
    }
    let host = raw_host.trim_start_matches('[').trim_end_matches(']');
    let port = authority.port_u16().unwrap_or(if https { 443 } else { 80 });
    Some(Target {
        https,
        host: host.to_string(),
        port,
        authority: authority
            .as_str()
            .rsplit('@')
            .next()
            .unwrap_or("")
            .to_string(),
        path_and_query: uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".to_string()),
    })
}

/// True for `localhost`, 127.0.0.0/8 and `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_absolute_http_urls() {
        let t = parse_http_url("http://127.0.0.1:9000/hook?x=1").expect("valid");
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 9000));
        assert_eq!(t.path_and_query, "/hook?x=1");
        assert!(parse_http_url("https://example.com").is_some());
        assert!(parse_http_url("ftp://example.com/x").is_none());
        assert!(parse_http_url("/relative").is_none());
        assert!(parse_http_url("not a url").is_none());
        assert!(parse_http_url("").is_none());
        let v6 = parse_http_url("http://[::1]:81/").expect("v6");
        assert_eq!(v6.host, "::1");
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("127.9.8.7"));
        assert!(is_loopback_host("::1"));
        assert!(is_loopback_host("LOCALHOST"));
        assert!(!is_loopback_host("10.0.0.1"));
        assert!(!is_loopback_host("example.com"));
    }
}

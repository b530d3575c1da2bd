//! Command-line flags of the emulator and their parsing.

use std::path::PathBuf;

/// The API key accepted when no `--api-key` is given.
pub const DEFAULT_API_KEY: &str = "ve-emulator-key";

pub const USAGE: &str = "\
usage: video-extend-emulator [options]

  --host HOST               address to bind (default 127.0.0.1)
  --port PORT               port to bind, 0 picks a free one (default 8787)
  --job-seconds SECS        how long a created job runs, float (default 8)
  --api-key KEY             an accepted API key; repeat for several (default ve-emulator-key)
  --fail-word WORD          a prompt containing WORD makes the job fail (default \"[fail]\")
  --allow-remote-webhooks   deliver callbacks/webhooks to non-loopback hosts too
  --www DIR                 static files served at / (default ./www if it exists)
  --pkg DIR                 static files served at /pkg/ (default ./pkg if it exists)
  --quiet                   do not log requests to stderr
  -h, --help                show this help
";

/// Runtime configuration built from the flags.
#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub job_seconds: f64,
    pub api_keys: Vec<String>,
    pub fail_word: String,
    pub allow_remote_webhooks: bool,
    pub www: Option<PathBuf>,
    pub pkg: Option<PathBuf>,
    pub quiet: bool,
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Parsed {
    Run(Config),
    Help,
}

/// Parses the arguments (without the program name).
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Parsed, String> {
    let mut cfg = Config {
        host: "127.0.0.1".to_string(),
        port: 8787,
        job_seconds: 8.0,
        api_keys: Vec::new(),
        fail_word: "[fail]".to_string(),
        allow_remote_webhooks: false,
        www: None,
        pkg: None,
        quiet: false,
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |flag: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it.next().ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--host" => cfg.host = value("--host")?,
            "--port" => {
                let v = value("--port")?;
                cfg.port = v.parse().map_err(|_| format!("invalid --port {v:?}"))?;
            }
            "--job-seconds" => {
                let v = value("--job-seconds")?;
                let secs: f64 = v
                    .parse()
                    .map_err(|_| format!("invalid --job-seconds {v:?}"))?;
                if !secs.is_finite() || !(0.0..=86_400.0).contains(&secs) {
                    return Err(format!(
                        "--job-seconds must be between 0 and 86400, got {v}"
                    ));
                }
                cfg.job_seconds = secs;
            }
            "--api-key" => {
                let v = value("--api-key")?;
                if v.is_empty() {
                    return Err("--api-key must not be empty".to_string());
                }
                cfg.api_keys.push(v);
            }
            "--fail-word" => {
                let v = value("--fail-word")?;
                if v.is_empty() {
                    return Err("--fail-word must not be empty".to_string());
                }
                cfg.fail_word = v;
            }
            "--allow-remote-webhooks" => cfg.allow_remote_webhooks = true,
            "--www" => cfg.www = Some(PathBuf::from(value("--www")?)),
            "--pkg" => cfg.pkg = Some(PathBuf::from(value("--pkg")?)),
            "--quiet" => cfg.quiet = true,
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    if cfg.api_keys.is_empty() {
        cfg.api_keys.push(DEFAULT_API_KEY.to_string());
    }
    if cfg.www.is_none() && PathBuf::from("www").is_dir() {
        cfg.www = Some(PathBuf::from("www"));
    }
    if cfg.pkg.is_none() && PathBuf::from("pkg").is_dir() {
        cfg.pkg = Some(PathBuf::from("pkg"));
    }
    Ok(Parsed::Run(cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Parsed::Run(c) => Ok(c),
            Parsed::Help => Err("help".to_string()),
        }
    }

    #[test]
    fn defaults_and_flags() {
        let c = run(&[]).expect("defaults");
        assert_eq!(c.host, "127.0.0.1");
        assert_eq!(c.port, 8787);
        assert_eq!(c.api_keys, vec![DEFAULT_API_KEY.to_string()]);
        let c = run(&[
            "--port=0",
            "--job-seconds",
            "0.5",
            "--api-key",
            "a",
            "--api-key=b",
            "--quiet",
        ])
        .expect("flags");
        assert_eq!(c.port, 0);
        assert!((c.job_seconds - 0.5).abs() < 1e-9);
        assert_eq!(c.api_keys, vec!["a".to_string(), "b".to_string()]);
        assert!(c.quiet);
        assert!(run(&["--job-seconds", "-1"]).is_err());
        assert!(run(&["--bogus"]).is_err());
        assert!(run(&["--port"]).is_err());
    }
}

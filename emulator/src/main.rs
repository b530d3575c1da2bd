//! video-extend-emulator: a local stand-in for the Legnext and APIFrame video-extension APIs.

mod apiframe;
mod cli;
mod control;
mod faults;
mod ids;
mod jobs;
mod legnext;
mod media;
mod reply;
mod router;
mod server;
mod state;
mod statics;
mod timefmt;
mod urls;
mod webhooks;

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn banner(cfg: &cli::Config, addr: std::net::SocketAddr) -> String {
    let mut s = format!("video-extend-emulator listening on http://{addr}\n");
    for k in &cfg.api_keys {
        s.push_str(&format!("accepted API key: {k}\n"));
    }
    s.push_str(&format!(
        "seeded legnext job: {} (completed original video, depth 0)\n",
        jobs::SEED_LEGNEXT_ORIGINAL
    ));
    s.push_str(&format!(
        "seeded legnext job: {} (completed, depth 4: cannot be extended)\n",
        jobs::SEED_LEGNEXT_DEPTH4
    ));
    s.push_str(&format!(
        "seeded legnext job: {} (failed)\n",
        jobs::SEED_LEGNEXT_FAILED
    ));
    s.push_str(&format!(
        "seeded apiframe task: {} (completed Luma generation)\n",
        jobs::SEED_APIFRAME_ORIGINAL
    ));
    s.push_str(&format!(
        "job time: {} s, fail word: {:?}, remote webhooks: {}\n",
        cfg.job_seconds,
        cfg.fail_word,
        if cfg.allow_remote_webhooks {
            "allowed"
        } else {
            "refused"
        }
    ));
    s
}

#[tokio::main]
async fn main() -> ExitCode {
    let cfg = match cli::parse(std::env::args().skip(1)) {
        Ok(cli::Parsed::Run(c)) => c,
        Ok(cli::Parsed::Help) => {
            print!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("video-extend-emulator: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((cfg.host.as_str(), cfg.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "video-extend-emulator: cannot bind {}:{}: {e}",
                cfg.host, cfg.port
            );
            return ExitCode::from(1);
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("video-extend-emulator: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(banner(&cfg, addr).as_bytes());
    let _ = out.flush();
    drop(out);
    let state = Arc::new(state::State::new(cfg, addr));
    server::run(listener, state.clone(), shutdown_signal()).await;
    state.log("video-extend-emulator: shutting down");
    ExitCode::SUCCESS
}

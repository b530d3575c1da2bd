//! The accept loop: one hyper HTTP/1 connection per TCP stream, which a handler can have reset.

use crate::router;
use crate::state::State;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// Accepts connections until `shutdown` completes.
pub async fn run(listener: TcpListener, state: Arc<State>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve(stream, state.clone()));
                }
                Err(e) => {
                    state.log(&format!("accept failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
}

/// A second handle on the socket, so that a reset can be forced after hyper owns the stream.
#[cfg(unix)]
struct ResetHandle(std::os::fd::OwnedFd);

#[cfg(unix)]
impl ResetHandle {
    fn new(stream: &TcpStream) -> Option<ResetHandle> {
        use std::os::fd::AsFd;
        stream.as_fd().try_clone_to_owned().ok().map(ResetHandle)
    }

    /// SO_LINGER 0: closing the last descriptor sends RST instead of FIN.
    fn arm(&self) {
        let _ = socket2::SockRef::from(&self.0).set_linger(Some(Duration::ZERO));
    }
}

#[cfg(not(unix))]
struct ResetHandle;

#[cfg(not(unix))]
impl ResetHandle {
    fn new(_: &TcpStream) -> Option<ResetHandle> {
        Some(ResetHandle)
    }
    fn arm(&self) {}
}

async fn serve(stream: TcpStream, state: Arc<State>) {
    let _ = stream.set_nodelay(true);
    let reset = ResetHandle::new(&stream);
    let drop_conn = Arc::new(Notify::new());
    let signal = drop_conn.clone();
    let svc = service_fn(move |req| router::handle(state.clone(), signal.clone(), req));
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = drop_conn.notified() => {
            if let Some(r) = &reset {
                r.arm();
            }
        }
    }
    // `conn` (and with it the stream) is dropped here, then `reset`: the socket closes with RST if armed.
}

//! A TCP stream that speaks one MTProto transport.

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::env::os_random;
use super::error::NetError;
use crate::mtproto::transport::{Frame, Role, Transport, TransportKind, detect, new_transport};

/// Read this many bytes at a time at least; frames larger than this grow the buffer.
const READ_CHUNK: usize = 64 * 1024;

/// One connection, one transport: [`send`](Self::send) frames a payload and writes it,
/// [`recv`](Self::recv) returns the next payload.
pub struct FramedStream {
    stream: TcpStream,
    transport: Box<dyn Transport + Send>,
    inbuf: BytesMut,
    outbuf: BytesMut,
}

impl std::fmt::Debug for FramedStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FramedStream")
            .field("transport", &self.transport.kind())
            .field("peer", &self.stream.peer_addr().ok())
            .finish()
    }
}

impl FramedStream {
    /// Client side: the transport's tag goes out with the first frame.
    pub fn client(stream: TcpStream, kind: TransportKind) -> Self {
        Self::new(stream, new_transport(kind, Role::Client, os_random))
    }

    /// Server side: reads until the client's first bytes name its transport.
    pub async fn accept(mut stream: TcpStream) -> Result<Self, NetError> {
        let mut inbuf = BytesMut::with_capacity(READ_CHUNK);
        let kind = loop {
            if let Some(kind) = detect(&inbuf)? {
                break kind;
            }
            if stream.read_buf(&mut inbuf).await? == 0 {
                return Err(NetError::Closed);
            }
        };
        let mut framed = Self::new(stream, new_transport(kind, Role::Server, os_random));
        framed.inbuf = inbuf;
        Ok(framed)
    }

    fn new(stream: TcpStream, transport: Box<dyn Transport + Send>) -> Self {
        // Small request/answer frames: waiting to coalesce them only adds latency.
        let _ = stream.set_nodelay(true);
        Self {
            stream,
            transport,
            inbuf: BytesMut::with_capacity(READ_CHUNK),
            outbuf: BytesMut::new(),
        }
    }

    /// The transport in use.
    pub fn kind(&self) -> TransportKind {
        self.transport.kind()
    }

    /// Frames `payload` into the output buffer without writing it; see [`flush`](Self::flush).
    pub fn queue(&mut self, payload: &[u8]) -> Result<(), NetError> {
        self.transport.encode(payload, &mut self.outbuf)?;
        Ok(())
    }

    /// Writes everything queued.
    pub async fn flush(&mut self) -> Result<(), NetError> {
        if !self.outbuf.is_empty() {
            self.stream.write_all(&self.outbuf).await?;
            self.outbuf.clear();
        }
        Ok(())
    }

    /// Frames and writes one payload.
    pub async fn send(&mut self, payload: &[u8]) -> Result<(), NetError> {
        self.queue(payload)?;
        self.flush().await
    }

    /// Writes a transport error code (`-404`, `-429`, ...) as a bare 4-byte payload, the
    /// way Telegram tells a client its auth key is unknown before closing.
    pub async fn send_transport_error(&mut self, code: i32) -> Result<(), NetError> {
        self.send(&code.to_le_bytes()).await
    }

    /// The next payload already buffered, without reading from the socket: lets a
    /// server serve a burst of frames before writing one batch of answers.
    pub fn try_recv_buffered(&mut self) -> Result<Option<BytesMut>, NetError> {
        while let Some(frame) = self.transport.decode(&mut self.inbuf)? {
            if let Frame::Payload { data, .. } = frame {
                return Ok(Some(data));
            }
        }
        Ok(None)
    }

    /// The next payload. Cancel-safe: bytes already read stay buffered, so this can sit
    /// in a `tokio::select!` beside other work.
    pub async fn recv(&mut self) -> Result<BytesMut, NetError> {
        loop {
            while let Some(frame) = self.transport.decode(&mut self.inbuf)? {
                match frame {
                    Frame::Payload { data, .. } => return Ok(data),
                    // Quick acks are an optimisation we do not request; skip them.
                    Frame::QuickAck(_) => {}
                }
            }
            self.inbuf.reserve(READ_CHUNK);
            if self.stream.read_buf(&mut self.inbuf).await? == 0 {
                return Err(NetError::Closed);
            }
        }
    }
}

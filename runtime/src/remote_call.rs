use crate::{Deserialize, RpcError, Serialize};

/// A TL constructor or function with a fixed 32-bit id.
pub trait Identifiable {
    /// The id written before the value's fields in its boxed form.
    const CONSTRUCTOR_ID: u32;
}

/// A TL function: a request that can be sent and whose answer has a known type.
pub trait RemoteCall: Serialize {
    /// What a successful call returns.
    type Return: Deserialize;
    /// The call's typed error; every such type can wrap an unknown [`RpcError`].
    type Error: From<RpcError> + std::error::Error + Send + Sync + 'static;
}

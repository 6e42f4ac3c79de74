//! The MTProto session layer, sans-IO (placeholder; being written).

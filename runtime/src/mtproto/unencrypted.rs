//! Unencrypted (auth_key_id = 0) messages of the key exchange (placeholder; being written).

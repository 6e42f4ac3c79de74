//! Tests of the encoding core, one concern per module.

mod common;
mod depth;
mod golden;
mod primitives;
mod reader;
mod rpc_error;
mod strings;
mod truncation;
mod vectors;

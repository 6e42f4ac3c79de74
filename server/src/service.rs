//! The [`Handler`] of [`CallService`]: each RPC the test server serves, routed to the
//! module that implements it. Methods not listed get Telegram's answer for a method a
//! server does not serve.

use tl_runtime::RpcError;

use crate::calls::CallService;
use crate::keys::Caller;
use crate::tl::{enums, functions, server::Handler};

impl Handler for CallService {
    type Context = Caller;

    fn phone_request_call(
        &self,
        ctx: &Caller,
        req: functions::phone::RequestCall,
    ) -> Result<enums::phone::PhoneCall, RpcError> {
        self.request_call(ctx, req)
    }
}

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

    fn phone_received_call(
        &self,
        ctx: &Caller,
        req: functions::phone::ReceivedCall,
    ) -> Result<bool, RpcError> {
        self.received_call(ctx, req)
    }

    fn phone_accept_call(
        &self,
        ctx: &Caller,
        req: functions::phone::AcceptCall,
    ) -> Result<enums::phone::PhoneCall, RpcError> {
        self.accept_call(ctx, req)
    }

    fn phone_confirm_call(
        &self,
        ctx: &Caller,
        req: functions::phone::ConfirmCall,
    ) -> Result<enums::phone::PhoneCall, RpcError> {
        self.confirm_call(ctx, req)
    }

    fn phone_discard_call(
        &self,
        ctx: &Caller,
        req: functions::phone::DiscardCall,
    ) -> Result<enums::Updates, RpcError> {
        self.discard_call(ctx, req)
    }

    fn messages_get_dh_config(
        &self,
        ctx: &Caller,
        req: functions::messages::GetDhConfig,
    ) -> Result<enums::messages::DhConfig, RpcError> {
        self.get_dh_config(ctx, req)
    }

    fn help_get_config(
        &self,
        _ctx: &Caller,
        _req: functions::help::GetConfig,
    ) -> Result<enums::Config, RpcError> {
        Ok(crate::config::current())
    }

    fn users_get_users(
        &self,
        ctx: &Caller,
        req: functions::users::GetUsers,
    ) -> Result<Vec<enums::User>, RpcError> {
        crate::config::get_users_on_connect(ctx.user_id, req)
    }
}

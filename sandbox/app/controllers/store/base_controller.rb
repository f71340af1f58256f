# frozen_string_literal: true

module Store
  # Base for the customer-facing shop (modelled on solidus_starter_frontend's StoreController).
  class BaseController < ApplicationController
    layout "store"

    rescue_from CanCan::AccessDenied, with: :render_not_found

    private

    # Serialise changes to one order (Solidus's OrderMutex), as the starter storefront does.
    def lock_order
      Spree::OrderMutex.with_lock!(@order) { yield }
    rescue Spree::OrderMutex::LockFailed
      flash[:error] = t("spree.order_mutex_error")
      redirect_to cart_path
    end

    def guest_token
      cookies.signed[:guest_token]
    end
  end
end

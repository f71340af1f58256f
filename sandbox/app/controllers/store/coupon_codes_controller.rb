# frozen_string_literal: true

module Store
  # Applies a coupon code to the guest's order with Solidus's coupon code handler.
  class CouponCodesController < BaseController
    before_action :load_order
    around_action :lock_order

    def create
      authorize! :update, @order, guest_token

      if params[:coupon_code].present?
        @order.coupon_code = params[:coupon_code].to_s.strip
        handler = Spree::Config.promotions.coupon_code_handler_class.new(@order).apply
        if handler.successful?
          flash[:success] = handler.success
        else
          flash[:error] = handler.error
        end
      else
        flash[:error] = t("store.cart.coupon_code_blank")
      end

      redirect_back fallback_location: cart_path
    end

    private

    def load_order
      @order = current_order
      return if @order

      flash[:error] = t("store.cart.coupon_code_empty_cart")
      redirect_to cart_path
    end
  end
end

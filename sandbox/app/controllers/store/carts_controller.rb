# frozen_string_literal: true

module Store
  # The guest's cart: line items, quantities, coupon form and order summary.
  class CartsController < BaseController
    before_action :assign_order, only: :update
    around_action :lock_order, only: :update

    def show
      @order = current_order(build_order_if_necessary: true)
      authorize! :show, @order, guest_token if @order.persisted?
      @line_items = @order.line_items.includes(variant: [:product, :option_values]).order(:id).to_a
    end

    # Updates quantities (0 removes the line); with `checkout` it then moves on to checkout.
    def update
      authorize! :update, @order, guest_token
      if @order.contents.update_cart(order_params)
        if params.key?(:checkout)
          @order.next if @order.cart?
          redirect_to checkout_path
        else
          flash[:success] = t("store.cart.updated")
          redirect_to cart_path
        end
      else
        flash[:error] = @order.errors.full_messages.join(", ")
        redirect_to cart_path
      end
    end

    private

    def order_params
      return {} unless params[:order]

      params.require(:order).permit(line_items_attributes: [:id, :quantity])
    end

    def assign_order
      @order = current_order
      return if @order

      flash[:error] = t("spree.order_not_found")
      redirect_to cart_path
    end
  end
end

# frozen_string_literal: true

module Store
  # A completed order, shown to the guest who placed it (same guest_token cookie).
  class OrdersController < BaseController
    def show
      @order = Spree::Order.complete.find_by!(number: params[:id])
      authorize! :show, @order, guest_token
      @line_items = @order.line_items.includes(variant: [:product, :option_values]).order(:id).to_a
    end
  end
end

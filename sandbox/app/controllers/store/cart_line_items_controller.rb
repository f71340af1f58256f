# frozen_string_literal: true

module Store
  # Adds a variant to the guest's cart (creating the order when needed) and removes line items.
  class CartLineItemsController < BaseController
    def create
      @order = current_order(create_order_if_necessary: true)
      authorize! :update, @order, guest_token

      variant = Spree::Variant.find(params.require(:variant_id))
      quantity = params[:quantity].present? ? params[:quantity].to_i : 1
      in_cart = @order.find_line_item_by_variant(variant)&.quantity.to_i

      if !quantity.between?(1, 2_147_483_647)
        @order.errors.add(:base, t("spree.please_enter_reasonable_quantity"))
      elsif !Spree::Stock::Quantifier.new(variant).can_supply?(in_cart + quantity)
        @order.errors.add(:base, t("store.cart.not_enough_stock", name: variant.name))
      else
        begin
          @order.contents.add(variant, quantity)
        rescue ActiveRecord::RecordInvalid => e
          @order.errors.add(:base, e.record.errors.full_messages.join(", "))
        end
      end

      if @order.errors.any?
        flash[:error] = @order.errors.full_messages.join(", ")
        redirect_back fallback_location: root_path
      else
        flash[:success] = t("store.cart.added", name: variant.name, count: quantity)
        redirect_to cart_path
      end
    end

    def destroy
      @order = current_order
      raise ActiveRecord::RecordNotFound unless @order

      authorize! :update, @order, guest_token
      line_item = @order.line_items.find(params[:id])
      @order.contents.remove_line_item(line_item)
      flash[:success] = t("store.cart.removed", name: line_item.name)
      redirect_to cart_path
    end
  end
end

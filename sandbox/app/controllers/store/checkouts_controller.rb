# frozen_string_literal: true

module Store
  # Guest checkout along Solidus's order state machine: address -> delivery -> payment -> confirm -> complete.
  # Modelled on solidus_starter_frontend's CheckoutBaseController / CheckoutsController.
  class CheckoutsController < BaseController
    before_action :load_order
    around_action :lock_order
    before_action :ensure_order_not_completed
    before_action :ensure_checkout_allowed
    before_action :ensure_sufficient_stock_lines
    before_action :check_authorization
    before_action :ensure_valid_state
    before_action :ensure_order_is_not_skipping_states
    before_action :ensure_payment_before_confirm
    before_action :setup_for_current_state

    rescue_from Spree::Core::GatewayError, with: :rescue_from_spree_gateway_error
    rescue_from Spree::Order::InsufficientStock, with: :insufficient_stock_error

    # GET /checkout redirects to the order's current step; GET /checkout/:state shows a step.
    def edit
      redirect_to checkout_state_path(current_step) unless params[:state]
    end

    # PATCH /checkout/:state saves the step and moves the order forward.
    def update
      if update_order
        unless transition_forward
          redirect_on_failure
          return
        end

        if @order.completed?
          finalize_order
        else
          redirect_to checkout_state_path(@order.state)
        end
      else
        flash.now[:error] = error_messages
        setup_for_current_state
        render :edit, status: :unprocessable_entity
      end
    end

    private

    def load_order
      @order = current_order
      redirect_to(cart_path) && return unless @order
    end

    def ensure_order_not_completed
      redirect_to cart_path if @order.completed?
    end

    def ensure_checkout_allowed
      return if @order.checkout_allowed?

      redirect_to cart_path
    end

    def ensure_sufficient_stock_lines
      return if @order.insufficient_stock_lines.blank?

      names = @order.insufficient_stock_lines.map(&:name).to_sentence
      flash[:error] = t("spree.inventory_error_flash_for_insufficient_quantity", names:)
      redirect_to cart_path
    end

    def check_authorization
      authorize! :update, @order, guest_token
    end

    # The step a customer is on: a cart that has not started checkout starts at the first step.
    def current_step
      @order.has_checkout_step?(@order.state) ? @order.state : @order.checkout_steps.first
    end

    # Unknown or non-editable steps (e.g. "complete") go to the current step.
    def ensure_valid_state
      return unless params[:state]
      return if params[:state] != "complete" && @order.has_checkout_step?(params[:state])

      redirect_to checkout_state_path(current_step)
    end

    # Confirming needs a valid payment (solidus_starter_frontend, spree#4117): back to the payment step.
    def ensure_payment_before_confirm
      return unless params[:state] == "confirm" && @order.payment_required? && @order.payments.valid.empty?

      flash.keep
      redirect_to checkout_state_path("payment")
    end

    # Customers may go back to a step they passed or stay on the current one, never skip ahead.
    def ensure_order_is_not_skipping_states
      return unless params[:state]

      if @order.checkout_step_index(params[:state]) > @order.checkout_step_index(current_step)
        redirect_to checkout_state_path(current_step)
      else
        @order.state = params[:state]
      end
    end

    def setup_for_current_state
      method_name = :"before_#{@order.state}"
      send(method_name) if respond_to?(method_name, true)
    end

    def before_address
      @order.bill_address ||= Spree::Address.build_default
      @states = Spree::Country.default.states.order(:name).to_a
    end

    def before_delivery
      @shipments = @order.shipments.includes(shipping_rates: :shipping_method).order(:id).to_a
    end

    def before_payment
      @payment_methods = @order.available_payment_methods.reject(&:store_credit?)
    end

    def update_order
      Spree::Config.order_update_attributes_class.new(@order, update_params, request_env: request.headers.env).call
    end

    def transition_forward
      if @order.can_complete?
        @order.complete
      else
        @order.next
      end
    end

    def redirect_on_failure
      flash[:error] = error_messages.presence || t("store.checkout.could_not_continue")
      redirect_to checkout_state_path(current_step)
    end

    # The address form edits one address that Solidus copies to billing and shipping (use_billing):
    # report its problems once.
    def error_messages
      errors = @order.errors.errors
      if errors.any? { |error| error.attribute.to_s.start_with?("ship_address") }
        errors = errors.reject { |error| error.attribute.to_s.start_with?("bill_address") }
      end
      errors.map(&:full_message).uniq.join(". ")
    end

    def finalize_order
      @current_order = nil
      flash[:success] = t("spree.order_processed_successfully")
      redirect_to order_path(@order)
    end

    def update_params
      case params[:state].to_sym
      when :address
        attributes = massaged_params.fetch(:order, {}).permit(permitted_checkout_address_attributes)
        # One address, used for billing and shipping; the shop sells to the United States only.
        attributes[:use_billing] = "1"
        attributes[:bill_address_attributes]&.merge!(country_id: Spree::Country.default.id)
        attributes
      when :delivery
        attributes = massaged_params.fetch(:order, {}).permit(permitted_checkout_delivery_attributes)
        # A shipment without a chosen rate keeps the rate Solidus selected (the cheapest).
        attributes[:shipments_attributes]&.each_value { |shipment| shipment.delete(:selected_shipping_rate_id) if shipment[:selected_shipping_rate_id].blank? }
        attributes
      when :payment
        massaged_params.fetch(:order, {}).permit(permitted_checkout_payment_attributes)
      else
        massaged_params.fetch(:order, {}).permit(permitted_checkout_confirm_attributes)
      end
    end

    def massaged_params
      massaged = params.deep_dup
      move_payment_source_into_payments_attributes(massaged)
      set_payment_parameters_amount(massaged, @order)
      massaged
    end

    def rescue_from_spree_gateway_error(exception)
      flash[:error] = [t("spree.spree_gateway_error_flash_for_checkout"), exception.message].join(" ")
      redirect_to checkout_state_path("payment")
    end

    def insufficient_stock_error
      unavailable = @order.line_items.reject { |item| Spree::Stock::AvailabilityValidator.new.validate(item) }
      names = (unavailable.presence || @order.line_items).map(&:name).to_sentence
      flash[:error] = t("spree.inventory_error_flash_for_insufficient_quantity", names:)
      @order.restart_checkout_flow
      redirect_to cart_path
    end
  end
end

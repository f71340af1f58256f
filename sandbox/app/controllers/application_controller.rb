class ApplicationController < ActionController::Base
  # Only allow modern browsers supporting webp images, web push, badges, import maps, CSS nesting, and CSS :has.
  allow_browser versions: :modern

  protect_from_forgery with: :exception

  # Solidus's storefront helpers: the signed guest_token cookie and current_ability (Auth), the current
  # store (Store), pricing options (Pricing), the guest's incomplete order (Order), permitted checkout
  # attributes (StrongParameters) and the payment params massaging used by checkouts (PaymentParameters).
  include Spree::Core::ControllerHelpers::Auth
  include Spree::Core::ControllerHelpers::Store
  include Spree::Core::ControllerHelpers::Pricing
  include Spree::Core::ControllerHelpers::Order
  include Spree::Core::ControllerHelpers::StrongParameters
  include Spree::Core::ControllerHelpers::PaymentParameters

  rescue_from ActiveRecord::RecordNotFound, with: :render_not_found

  # The shop has no login: every customer is a guest identified by the guest_token cookie.
  def spree_current_user
    nil
  end
  helper_method :spree_current_user

  private

  def render_not_found
    render "store/errors/not_found", layout: "store", status: :not_found, formats: [:html]
  end
end

# frozen_string_literal: true

module SolidusHolidayReady
  # GET /api/holiday_ready/inventory?page=1&per_page=100: one page of the store's promotion
  # inventory (Inventory.document; extension/openapi/inventory.oas.yml), for an admin API key only.
  #
  # Read-only by construction: routed for GET (and HEAD) only, and the whole request, the key's
  # lookup included, runs with Active Record refusing every write (while_preventing_writes).
  # Authenticated like solidus_api (`Authorization: Bearer <spree_api_key>`), but the key is never
  # read from the query string, where logs and proxies keep it: no key or an unknown one is a 401,
  # a key whose user is not an admin a 403.
  class InventoryController < ActionController::API
    around_action :preventing_writes
    before_action :require_admin_key

    def show
      response.headers['Cache-Control'] = 'no-store'
      render json: Inventory.document(store: current_store, page: params[:page], per_page: params[:per_page])
    rescue Inventory::BadRequest => e
      render json: { error: e.message }, status: :bad_request
    rescue Inventory::Unsupported => e
      render json: { error: e.message, engine: e.engine }, status: :not_implemented
    end

    private

    def preventing_writes(&)
      ::ActiveRecord::Base.while_preventing_writes(&)
    end

    def require_admin_key
      key = request.authorization.to_s[/\ABearer\s+(\S+)\s*\z/i, 1]
      if key.nil?
        response.headers['WWW-Authenticate'] = 'Bearer'
        render json: { error: 'An admin API key is required: send it as Authorization: Bearer <key>.' }, status: :unauthorized
        return
      end

      user = ::Spree.user_class.find_by(spree_api_key: key)
      if user.nil?
        response.headers['WWW-Authenticate'] = 'Bearer error="invalid_token"'
        render json: { error: 'The API key is not valid.' }, status: :unauthorized
      elsif !user.has_spree_role?(:admin)
        render json: { error: "The promotion inventory is for admins only: this API key's user is not an admin." }, status: :forbidden
      end
    end

    def current_store
      ::Spree::Config.current_store_selector_class.new(request).store
    end
  end
end

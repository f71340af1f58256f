# frozen_string_literal: true

# The promotion inventory as the harness reads it, and the records its specs make for themselves.
module InventoryHelpers
  INVENTORY = '/api/holiday_ready/inventory'
  WRITE = /\A\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|CREATE|DROP|ALTER|TRUNCATE)\b/i

  def admin_key
    Spree.user_class.find_by!(email: 'admin@acme-outfitters.test').spree_api_key
  end

  # GET the inventory with `key` as the Bearer token; the query as a string, a Hash or keywords.
  def inventory(query = nil, key: admin_key, headers: {}, **params)
    query = (query || params).then { _1.is_a?(Hash) ? _1.to_query : _1 }
    store_request(:get, [INVENTORY, query.presence].compact.join('?'),
                  headers: (key ? { 'Authorization' => "Bearer #{key}" } : {}).merge(headers))
  end

  def inventory_json(query = nil, **options)
    response = inventory(query, **options)
    raise "GET #{INVENTORY}: #{response.status} #{response.body}" unless response.status == 200

    JSON.parse(response.body)
  end

  # Every SQL statement the block sends (Rails's own schema and transaction statements aside).
  def sql_of
    statements = []
    callback = ->(*, payload) { statements << payload[:sql] unless %w[SCHEMA TRANSACTION].include?(payload[:name]) }
    ActiveSupport::Notifications.subscribed(callback, 'sql.active_record') { yield }
    statements
  end

  # Rows in every table of the store's database.
  def row_counts
    connection = ActiveRecord::Base.connection
    connection.tables.sort.to_h { |table| [table, connection.select_value("SELECT COUNT(*) FROM #{connection.quote_table_name(table)}")] }
  end

  def create_user(admin: false)
    user = Spree.user_class.create!(email: "inventory-#{SecureRandom.hex(4)}@acme-outfitters.test")
    user.spree_roles << Spree::Role.find_or_create_by!(name: 'admin') if admin
    user.generate_spree_api_key!
    user
  end

  # A completed order (or one in `state`) that used `promotion` (through `code`): an adjustment
  # from its first action, `eligible` or not, and the order connected to the promotion.
  def order_using(promotion, code: nil, state: 'complete', eligible: true)
    order = Spree::Order.create!(email: 'inventory@acme-outfitters.test', store: Spree::Store.default)
    order.update_columns(state:, completed_at: state == 'cart' ? nil : Time.current)
    order.adjustments.create!(order:, source: promotion.actions.first, amount: -5, label: 'Promotion (spec)',
                              eligible:, promotion_code: code)
    Spree::OrderPromotion.create!(order:, promotion:, promotion_code: code)
    order
  end
end

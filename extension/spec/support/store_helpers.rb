# frozen_string_literal: true

require 'json'
require 'securerandom'

# Requests through the whole store (every middleware, Solidus's API controllers) without a server,
# and the promotions the specs create for themselves.
module StoreHelpers
  SECRET = "spec-clock-secret-#{SecureRandom.hex(16)}".freeze

  # A JSON request to the store; `headers` by their HTTP names.
  def store_request(method, path, body: nil, headers: {})
    env = { 'CONTENT_TYPE' => 'application/json', 'HTTP_ACCEPT' => 'application/json', 'REMOTE_ADDR' => '127.0.0.1' }
    headers.each { |name, value| env["HTTP_#{name.upcase.tr('-', '_')}"] = value }
    env[:input] = body.to_json if body
    Rack::MockRequest.new(Rails.application).request(method.to_s.upcase, path, env)
  end

  # The two clock headers the harness sends, signed now (or at `signed_at`) with `secret`.
  def clock_headers(moment, secret: SECRET, signed_at: Time.now.to_i)
    at = moment.in_time_zone('America/New_York').iso8601
    { 'Holiday-Ready-At' => at, 'Holiday-Ready-Signature' => SolidusHolidayReady::Signature.sign(at, secret:, signed_at:) }
  end

  # Runs the block with the store's environment holding `secret` (nil: unset), as its operator would.
  def with_clock_secret(secret = SECRET)
    previous = ENV.fetch(SolidusHolidayReady::SECRET_ENV, nil)
    ENV[SolidusHolidayReady::SECRET_ENV] = secret
    yield
  ensure
    ENV[SolidusHolidayReady::SECRET_ENV] = previous
  end

  # A promotion of its own for each example: a unique name and code, a flat amount off the order
  # (no rules), live over `window` (a Range of times).
  def create_promotion(window:, code: nil, amount: 7)
    name = "Spec #{code || 'automatic'} #{SecureRandom.hex(4)}"
    promotion = Spree::Promotion.new(name:, description: name, apply_automatically: code.nil?,
                                     starts_at: window.begin, expires_at: window.end)
    promotion.actions << Spree::Promotion::Actions::CreateAdjustment.new(
      calculator: Spree::Calculator::FlatRate.new(preferred_amount: amount)
    )
    promotion.save!
    promotion.codes.create!(value: code.downcase) if code
    promotion
  end

  def unique_code(prefix)
    "#{prefix}#{SecureRandom.hex(3).upcase}"
  end

  # A guest cart with one in-stock promotionable item, created through the API the way the harness
  # does (the items go in with the order); returns { number:, token: }. Headers (e.g. the clock)
  # go with the request.
  def create_cart(headers: {})
    body = { order: { email: 'spec@acme-outfitters.test', line_items_attributes: [{ variant_id: purchasable_variant.id, quantity: 1 }] } }
    response = store_request(:post, '/api/orders', body:, headers:)
    raise "POST /api/orders: #{response.status} #{response.body}" unless response.status == 201

    order = JSON.parse(response.body)
    { number: order.fetch('number'), token: order.fetch('token') }
  end

  def apply_code(cart, code, headers: {})
    store_request(:post, "/api/orders/#{cart[:number]}/coupon_codes", body: { coupon_code: code },
                                                                     headers: headers.merge('X-Spree-Order-Token' => cart[:token]))
  end

  # The labels of the eligible promotion adjustments on the order ("Promotion (<name>)").
  def promotion_labels(cart)
    order = Spree::Order.find_by!(number: cart[:number])
    order.all_adjustments.promotion.eligible.map(&:label)
  end

  def purchasable_variant
    @purchasable_variant ||= Spree::Variant.joins(:product, :stock_items)
                                           .where(spree_products: { promotionable: true })
                                           .where(spree_stock_items: { count_on_hand: 20.. })
                                           .detect { |v| (!v.is_master? || !v.product.has_variants?) && v.price.to_d.positive? }
  end
end

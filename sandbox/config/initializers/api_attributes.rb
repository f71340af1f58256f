# frozen_string_literal: true

# Two fields Solidus keeps out of its API by default, which the readiness audits read when a store
# shows them (a one-line setting on a real store):
# - a promotion's per-code usage limit (the usage-limits audit compares it with the expected redemptions);
# - whether a product is promotionable (the catalog audit calls out non-promotionable items in
#   promoted carts: one makes Solidus refuse every promotion on the whole order).
Rails.application.config.to_prepare do
  promotions = Spree::Config.promotions
  # solidus_promotions 4.6's configuration has no promotion_api_attributes (the promotions store):
  # its promotions are not shown by Solidus's API (GET /api/promotions/{id} fails on it).
  if promotions.respond_to?(:promotion_api_attributes) && !promotions.promotion_api_attributes.include?(:per_code_usage_limit)
    promotions.promotion_api_attributes = promotions.promotion_api_attributes + [:per_code_usage_limit]
  end
  unless Spree::Api::Config.product_attributes.include?(:promotionable)
    Spree::Api::Config.product_attributes = Spree::Api::Config.product_attributes + [:promotionable]
  end
end

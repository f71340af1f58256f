# frozen_string_literal: true

# Acme Outfitters: the seeded staging store that holiday-ready dry-runs by default.
#
# SANDBOX_STORE=staging (default) or production (the read-only "production" store): both stores'
# planned promotions carry the campaigns' real windows, read from sites/acme.yml (SiteSchedule in
# db/seeds/catalog.rb), so staging differs from production in nothing the planned dry-run checks; the
# harness tests each campaign at its own moment through the signed clock (extension/, staging only).
#
# Beside them, both stores hold promotions the site file does not mention (db/seeds/inventory.rb,
# each commented with what it is for): automatic ones live over the holiday, a code with no actions,
# a per-code limit of 0, a window typed in UTC, an amount in CAD, contradictory rules, a test
# promotion, last year's copy of the free-shipping promotion; production alone holds a code created
# there only (LASTCALL30) and three completed orders with OUTERWEAR20 (its uses so far). The
# inventory audit finds each of them once; the API dry-run tries the ones on staging as unplanned.

require_relative "seeds/catalog"
require_relative "seeds/inventory"
require_relative "seeds/promotion_engine"

store_kind = ENV.fetch("SANDBOX_STORE", "staging")
say = ->(msg) { puts "  seed  #{msg}" }

# Solidus's own defaults first (countries, states, zones, roles, stock location, ...), but our store
# must exist before them or they would create a "Sample Store".
store = Spree::Store.find_or_initialize_by(code: "acme")
store.update!(
  name: "Acme Outfitters",
  url: { "production" => "127.0.0.1:3001", "promotions" => "127.0.0.1:3003" }.fetch(store_kind, "127.0.0.1:3000"),
  mail_from_address: "orders@acme-outfitters.test",
  default_currency: "USD",
  cart_tax_country_iso: "US",
  default: true,
  seo_title: "Acme Outfitters",
  meta_description: "Outdoor clothing and goods"
)
say.("store #{store.name} (#{store_kind})")

Spree::Core::Engine.load_seed
say.("solidus defaults")

AcmeSeeds::Catalog.new(store:, say:).call
if defined?(SolidusPromotions)
  # The promotions store: the campaigns of sites/acme-promotions.yml on the new engine.
  AcmeSeeds::PromotionEngine.new(say:).call
else
  AcmeSeeds::Promotions.new(say:).call
  AcmeSeeds::Inventory.new(say:, store_kind:).call
  AcmeSeeds::ProductionOrders.new(say:).call if store_kind == "production"
end

admin = Spree::LegacyUser.find_or_initialize_by(email: "admin@acme-outfitters.test")
admin.save!
admin.spree_roles << Spree::Role.find_by!(name: "admin") unless admin.has_spree_role?(:admin)
admin.generate_spree_api_key! if admin.spree_api_key.blank?
say.("admin user #{admin.email} with an API key (print it with sandbox/bin/api-key)")

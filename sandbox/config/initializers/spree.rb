# Solidus configuration for the Acme Outfitters sandbox.
Spree.load_defaults "4.6.4"

Spree.config do |config|
  config.currency = "USD"
  config.image_attachment_module = "Spree::Image::ActiveStorageAttachment"
  config.taxon_attachment_module = "Spree::Taxon::ActiveStorageAttachment"

  # The promotions store (Gemfile.promotions) runs Solidus's new promotion engine, as its installer
  # sets it up: its configuration as the store's promotions, and the order contents that leave
  # promotions to its order adjuster.
  if defined?(SolidusPromotions)
    config.order_contents_class = "Spree::SimpleOrderContents"
    config.promotions = SolidusPromotions.configuration
  end
end

Spree::Api::Config.configure do |config|
  # Guest checkout through the API: with authentication required (Solidus's default), POST /api/orders
  # without an API key is a 401 and there is no guest flow. A staging store that the harness dry-runs
  # as a customer needs this off; admin endpoints (promotions, stock) still require an admin key.
  config.requires_authentication = false
end

Rails.application.config.to_prepare do
  # "Site exclusive" is not a Solidus feature: stores implement it as a promotion rule (legacy
  # promotions) or, on the new engine, as an order condition.
  if defined?(SolidusPromotions)
    conditions = SolidusPromotions.config.order_conditions
    conditions << "SolidusPromotions::Conditions::SiteExclusive" unless conditions.include?(SolidusPromotions::Conditions::SiteExclusive)
  else
    rules = Spree::Config.promotions.rules
    rules << "Spree::Promotion::Rules::SiteExclusive" unless rules.include?(Spree::Promotion::Rules::SiteExclusive)
  end
end

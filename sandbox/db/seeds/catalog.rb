# frozen_string_literal: true

require "yaml"

module AcmeSeeds
  # name, SKU, price, taxon, stock on hand (nil: one variant per size with `sizes` stock each)
  PRODUCTS = [
    # Outerwear
    ["Alpine Down Jacket", "JKT-001", 120, "Outerwear", 200],
    ["Harbor Rain Shell", "JKT-002", 95, "Outerwear", { sizes: 40 }],
    ["Summit Parka", "JKT-003", 240, "Outerwear", 0], # promoted by OUTERWEAR20, sold out
    ["Quilted Liner Jacket", "JKT-004", 88, "Outerwear", 12],
    ["Kids' Puffer Jacket", "JKT-005", 70, "Outerwear", 60],
    ["Campfire Fleece Vest", "FLC-001", 45, "Outerwear", 80],
    ["Trailhead Fleece", "FLC-002", 60, "Outerwear", 150],
    # Tops
    ["Classic Oxford Shirt", "TOP-001", 55, "Tops", 120],
    ["Merino Crew Sweater", "TOP-002", 85, "Tops", 70],
    ["Flannel Overshirt", "TOP-003", 48, "Tops", { sizes: 30 }],
    ["Waffle Henley", "TOP-004", 38, "Tops", 90],
    ["Organic Cotton Tee", "TOP-005", 22, "Tops", 300],
    ["Cable Knit Cardigan", "TOP-006", 98, "Tops", 8],
    ["Chambray Work Shirt", "TOP-007", 52, "Tops", 45],
    # Accessories
    ["Wool Beanie", "ACC-001", 20, "Accessories", 250],
    ["Leather Gloves", "ACC-002", 45, "Accessories", 60],
    ["Plaid Scarf", "ACC-003", 35, "Accessories", 110],
    ["Canvas Tote", "ACC-004", 28, "Accessories", 140],
    ["Hiking Socks (3 pack)", "ACC-005", 18, "Accessories", 400],
    ["Insulated Bottle", "ACC-006", 30, "Accessories", 5],
    ["Trail Cap", "ACC-007", 24, "Accessories", 75],
    ["Sticker Pack", "ACC-008", 3, "Accessories", 999],
    # Home
    ["Wool Throw Blanket", "HOM-001", 110, "Home", 35],
    ["Enamel Camp Mug", "HOM-002", 16, "Home", 200],
    ["Cedar Candle", "HOM-003", 26, "Home", 90],
    ["Flannel Pillow Cover", "HOM-004", 32, "Home", 50],
    ["Cast Iron Skillet", "HOM-005", 45, "Home", 40],
    ["Camp Lantern", "HOM-006", 38, "Home", 3]
  ].freeze

  SIZES = %w[S M L].freeze

  # Zone, tax, shipping, payment, taxonomy and products.
  class Catalog
    def initialize(store:, say:)
      @store = store
      @say = say
    end

    def call
      us = Spree::Country.find_by!(iso: "US")
      ny = us.states.find_by!(abbr: "NY")
      zone = Spree::Zone.find_or_create_by!(name: "United States", description: "Contiguous United States")
      zone.zone_members.find_or_create_by!(zoneable: us)

      clothing = Spree::TaxCategory.find_or_create_by!(name: "Taxable goods") { _1.is_default = true }
      gifts = Spree::TaxCategory.find_or_create_by!(name: "Gift cards")
      tax = Spree::TaxRate.find_or_initialize_by(name: "Sales tax")
      tax.update!(amount: 0.06, zone:, tax_categories: [clothing], included_in_price: false,
                  show_rate_in_label: true, calculator: tax.calculator || Spree::Calculator::DefaultTax.new)
      @say.("zone United States, 6% sales tax")

      shipping_category = Spree::ShippingCategory.find_or_create_by!(name: "Default")
      [["Ground", "GRND", 7.95], ["Express", "EXPR", 19.95]].each do |name, code, cost|
        method = Spree::ShippingMethod.find_or_initialize_by(name:)
        method.update!(code:, admin_name: name, carrier: "UPS", service_level: name.downcase,
                       available_to_users: true, available_to_all: true,
                       shipping_categories: [shipping_category], zones: [zone],
                       calculator: method.calculator || Spree::Calculator::Shipping::FlatRate.new(preferred_amount: cost,
                                                                                                 preferred_currency: "USD"))
      end
      @say.("shipping: Ground $7.95, Express $19.95")

      location = Spree::StockLocation.find_by!(name: "default")
      location.update!(name: "default", admin_name: "Acme warehouse", backorderable_default: false,
                       address1: "1 Warehouse Way", city: "Albany", zipcode: "12207", country: us, state: ny)

      payment = Spree::PaymentMethod::Check.find_or_initialize_by(name: "Check (staging)")
      payment.update!(description: "Pay by check. Staging only: no money moves.", active: true,
                      available_to_users: true, available_to_admin: true, stores: [@store])
      @say.("payment method: check")

      taxonomy = Spree::Taxonomy.find_or_create_by!(name: "Categories")
      taxons = %w[Outerwear Tops Accessories Home].to_h do |name|
        [name, Spree::Taxon.find_or_create_by!(name:, taxonomy:, parent: taxonomy.root)]
      end

      size = Spree::OptionType.find_or_create_by!(name: "size") { _1.presentation = "Size" }
      size_values = SIZES.each_with_index.map do |value, position|
        Spree::OptionValue.find_or_create_by!(option_type: size, name: value.downcase) do |v|
          v.presentation = value
          v.position = position
        end
      end

      PRODUCTS.each do |name, sku, price, taxon, stock|
        product = product_for(name:, sku:, price:, taxon: taxons.fetch(taxon), tax_category: clothing,
                              shipping_category:)
        if stock.is_a?(Hash)
          product.option_types = [size]
          size_values.each do |value|
            variant = product.variants.find_or_initialize_by(sku: "#{sku}-#{value.presentation}")
            variant.update!(price:, option_values: [value], track_inventory: true)
            count_on_hand(location, variant, stock[:sizes])
          end
        else
          count_on_hand(location, product.master, stock)
        end
      end

      gift = product_for(name: "Acme Gift Card $50", sku: "GIFT-050", price: 50, taxon: taxons.fetch("Accessories"),
                         tax_category: gifts, shipping_category:, promotionable: false)
      count_on_hand(location, gift.master, 1000)
      @say.("#{PRODUCTS.size + 1} products in #{taxons.size} taxons (Summit Parka sold out, gift card not promotionable)")
    end

    private

    def product_for(name:, sku:, price:, taxon:, tax_category:, shipping_category:, promotionable: true)
      product = Spree::Variant.find_by(sku:, is_master: true)&.product || Spree::Product.new
      product.update!(name:, slug: name.parameterize, price:, sku:, tax_category:, shipping_category:,
                      promotionable:, available_on: 1.year.ago, taxons: [taxon],
                      description: "#{name} from Acme Outfitters.")
      product
    end

    def count_on_hand(location, variant, count)
      item = location.stock_item_or_create(variant)
      item.update!(backorderable: false)
      item.set_count_on_hand(count)
    end
  end

  # The promotions that reproduce the canonical Black Friday failure, plus campaigns that work.
  class Promotions
    def initialize(say:)
      @say = say
    end

    def call
      schedule = SiteSchedule.new
      outerwear = Spree::Taxon.find_by!(name: "Outerwear")

      promotion("Free Shipping on All Orders over $85", nil, schedule.window(nil)) do |promo|
        promo.rules << Spree::Promotion::Rules::ItemTotal.new(preferred_amount: 85, preferred_operator: "gte")
        promo.actions << Spree::Promotion::Actions::FreeShipping.new
      end

      promotion("Black Friday 50% off", "BLACKFRIDAY50", schedule.window("BLACKFRIDAY50")) do |promo|
        promo.rules << Spree::Promotion::Rules::SiteExclusive.new
        promo.actions << Spree::Promotion::Actions::CreateItemAdjustments.new(
          calculator: Spree::Calculator::PercentOnLineItem.new(preferred_percent: 50)
        )
      end

      # A usage limit of exactly the expected redemptions (5,000 in sites/acme.yml): enough on paper,
      # but production has already used some (ProductionOrders in seeds/inventory.rb).
      promotion("Outerwear 20% off", "OUTERWEAR20", schedule.window("OUTERWEAR20"), usage_limit: 5000) do |promo|
        rule = Spree::Promotion::Rules::Taxon.new(preferred_match_policy: "any")
        rule.taxons = [outerwear]
        promo.rules << rule
        promo.actions << Spree::Promotion::Actions::CreateItemAdjustments.new(
          calculator: Spree::Calculator::PercentOnLineItem.new(preferred_percent: 20)
        )
      end

      promotion("$10 off orders over $100", "TAKE10", schedule.window("TAKE10")) do |promo|
        promo.rules << Spree::Promotion::Rules::ItemTotal.new(preferred_amount: 100, preferred_operator: "gt")
        promo.actions << Spree::Promotion::Actions::CreateAdjustment.new(
          calculator: Spree::Calculator::FlatRate.new(preferred_amount: 10)
        )
      end
      @say.("promotions: free shipping over $85 (automatic), BLACKFRIDAY50 (site exclusive), OUTERWEAR20, TAKE10")
    end

    private

    def promotion(name, code, window, usage_limit: nil)
      Spree::Promotion.where(name:).destroy_all
      promo = Spree::Promotion.new(name:, description: name, apply_automatically: code.nil?,
                                   starts_at: window[0], expires_at: window[1], usage_limit:)
      yield promo
      promo.save!
      promo.codes.create!(value: code.downcase) if code
      promo
    end
  end

  # Both stores: the real schedule, from the campaign windows in sites/acme.yml, read as local times
  # in the site's holiday.timezone (as the schedule audit reads them); an end like 23:59 lasts
  # through 23:59:59. Promotions without a window have been live since a year before the holiday
  # (local midnight, the same instant in both stores) and never end.
  # Staging holds what production will run, as a real staging store does: the harness dry-runs a
  # campaign at its own moment through the signed clock (extension/) instead of moved dates.
  class SiteSchedule
    SITE_FILE = File.expand_path("../../../sites/acme.yml", __dir__)

    attr_reader :zone

    def initialize(site_file = SITE_FILE)
      site = YAML.safe_load_file(site_file, permitted_classes: [Date, Time])
      @campaigns = site.fetch("campaigns")
      @zone = ActiveSupport::TimeZone[site.dig("holiday", "timezone") || "America/New_York"] or
        raise "#{File.basename(site_file)}: holiday.timezone #{site.dig('holiday', 'timezone').inspect} is not a time zone"
      @first_day = Date.parse(site.dig("holiday", "offices_closed", 0).to_s)
    end

    def window(code)
      campaign = @campaigns.find { |c| (c["code"] == "automatic" ? nil : c["code"]) == code }
      return [@zone.local(@first_day.year - 1, @first_day.month, @first_day.day), nil] unless campaign && campaign["window"]

      starts, ends = campaign["window"].map { |t| @zone.parse(t.to_s) }
      [starts, ends + 59.seconds]
    end
  end
end

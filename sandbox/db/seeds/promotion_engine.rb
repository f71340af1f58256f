# frozen_string_literal: true

module AcmeSeeds
  # The promotions store (Gemfile.promotions, bin/serve promotions, :3003): the campaigns of
  # sites/acme-promotions.yml built the way a store on Solidus's new promotion engine
  # (solidus_promotions 4.6) builds them: conditions and benefits instead of rules and actions,
  # every promotion in a lane (pre, default, post: lanes apply one after another, and within a
  # lane the best discount per item wins), free shipping as a shipment benefit of 100%, an amount
  # off the order as a distributed amount over its items (the engine keeps no order adjustments).
  #
  # Two conflicts, for the harness to find:
  # - the "site exclusive" Black Friday code is a custom order condition
  #   (app/models/solidus_promotions/conditions/site_exclusive.rb) in the post lane, where codes go
  #   after the automatic sales: once the order has a shipment, the automatic free shipping (default
  #   lane) discounts it and the condition fails, so the code gives nothing on carts of $85 or more;
  # - one only lanes produce: HOME30, meant as the Home holiday price that replaces the automatic
  #   Home sale (20%), is in the post lane, so it is applied after the sale, on what the sale left,
  #   and the customer gets both (44% off instead of 30%).
  class PromotionEngine
    SITE_FILE = File.expand_path("../../../sites/acme-promotions.yml", __dir__)

    def initialize(say:)
      @say = say
      @schedule = SiteSchedule.new(SITE_FILE)
    end

    def call
      outerwear = Spree::Taxon.find_by!(name: "Outerwear")
      home = Spree::Taxon.find_by!(name: "Home")

      promotion("Free Shipping on All Orders over $85", nil, lane: :default) do
        [shipment_benefit(percent(100), item_total(85, "gte"))]
      end

      promotion("Black Friday 50% off", "BLACKFRIDAY50", lane: :post) do
        [line_item_benefit(percent(50), SolidusPromotions::Conditions::SiteExclusive.new)]
      end

      promotion("Outerwear 20% off", "OUTERWEAR20", lane: :default, usage_limit: 5000) do
        [line_item_benefit(percent(20), taxon(outerwear))]
      end

      promotion("$10 off orders over $100", "TAKE10", lane: :default) do
        [line_item_benefit(SolidusPromotions::Calculators::DistributedAmount.new(preferred_amount: 10, preferred_currency: "USD"),
                           item_total(100, "gt"))]
      end

      promotion("Home sale 20% off", nil, lane: :default) do
        [line_item_benefit(percent(20), taxon(home))]
      end

      promotion("Home 30% off: the holiday price", "HOME30", lane: :post) do
        [line_item_benefit(percent(30), taxon(home))]
      end
      @say.("promotions (solidus_promotions): free shipping over $85 (automatic, default lane), BLACKFRIDAY50 (site exclusive, post lane), " \
            "OUTERWEAR20, TAKE10 (default lane), Home sale 20% (automatic, default lane), HOME30 (post lane)")
    end

    private

    def promotion(name, code, lane:, usage_limit: nil)
      SolidusPromotions::Promotion.where(name:).find_each { |p| p.benefits.each(&:destroy!) && p.destroy! }
      starts, ends = @schedule.window(code)
      promo = SolidusPromotions::Promotion.new(name:, customer_label: name, description: name, lane:,
                                               apply_automatically: code.nil?, starts_at: starts, expires_at: ends,
                                               usage_limit:)
      promo.benefits = yield
      promo.save!
      promo.codes.create!(value: code.downcase) if code
      promo
    end

    def line_item_benefit(calculator, *conditions)
      SolidusPromotions::Benefits::AdjustLineItem.new(calculator:, conditions:)
    end

    def shipment_benefit(calculator, *conditions)
      SolidusPromotions::Benefits::AdjustShipment.new(calculator:, conditions:)
    end

    def percent(value)
      SolidusPromotions::Calculators::Percent.new(preferred_percent: value)
    end

    def item_total(amount, operator)
      SolidusPromotions::Conditions::ItemTotal.new(preferred_amount: amount, preferred_operator: operator, preferred_currency: "USD")
    end

    def taxon(taxon)
      condition = SolidusPromotions::Conditions::Taxon.new(preferred_match_policy: "any")
      condition.taxons = [taxon]
      condition
    end
  end
end

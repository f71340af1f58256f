# frozen_string_literal: true

require "active_support/testing/time_helpers"

module AcmeSeeds
  # What the site file does not say: the promotions a real store holds beside the planned campaigns,
  # for the harness's promotion inventory (extension/, GET /api/holiday_ready/inventory) to find.
  # Each one is there for one configuration check of the inventory audit (src/inventory/checks.ts,
  # C1-C10, D1) to fire exactly once on the acme audit, and the ones live on staging are dry-run as
  # unplanned promotions (src/inventory/unplanned.ts), at their first live minute of the holiday,
  # on carts built from their own rules.
  #
  # Both stores hold the same copy of each (so staging/production differences, D1, stay one), except
  # LASTCALL30, created in production only. None of them may change what the planned carts get on
  # staging: the automatic ones name only the Wool Throw Blanket (HOM-001, $110), which no acme cart,
  # code pair or threshold-search cart (all under $90 or made of the planned carts' items) holds, or
  # start at $300, above the biggest pair cart ($250). Codes are never entered on planned carts.
  #
  # Times are written in the holiday's zone (America/New_York, the store's too), at local midnight,
  # except CYBER25, typed as midnight UTC.
  class Inventory
    # [name, code or nil (automatic), [starts, ends] (local to the holiday zone, or Time), options]
    def initialize(say:, store_kind:)
      @say = say
      @store_kind = store_kind
      @zone = SiteSchedule.new.zone
    end

    def call
      home = ->(sku) { Spree::Variant.find_by!(sku:, is_master: true).product }
      tops = Spree::Taxon.find_by!(name: "Tops")
      local = ->(text) { @zone.parse(text) }
      all_season = [local.("2026-11-01T00:00"), local.("2027-01-01T00:00")]

      # Automatic, live over the whole holiday: 15% off the Wool Throw Blanket. With the next one it
      # competes for the same item (C10): Solidus keeps the bigger discount per line item, so its
      # dry-run finds $20.00 off, not 15%.
      promotion("Cozy Home 15% off the Wool Throw", nil, all_season) do |promo|
        promo.rules << product_rule(home.("HOM-001"))
        promo.actions << item_percent(15)
      end

      # Automatic, the same item: $20 off each Wool Throw Blanket (C10 with the one above).
      promotion("Wool Throw Blanket $20 off", nil, all_season) do |promo|
        promo.rules << product_rule(home.("HOM-001"))
        promo.actions << Spree::Promotion::Actions::CreateItemAdjustments.new(
          calculator: Spree::Calculator::FlatRate.new(preferred_amount: 20, preferred_currency: "USD")
        )
      end

      # Automatic, starts at midnight on Black Friday, in the middle of the holiday (C9): carts in
      # checkout at that minute change total. $25 off orders of $300 or more.
      promotion("Doorbuster $25 off orders of $300 or more", nil, [local.("2026-11-27T00:00"), local.("2026-12-01T00:00")]) do |promo|
        promo.rules << item_total(300, "gte")
        promo.actions << order_amount(25)
      end

      # A code whose action was never added (C1): Solidus says the code does not exist.
      promotion("Free mug with orders of $75 or more", "FREEMUG", [local.("2026-11-26T00:00"), local.("2026-12-01T00:00")]) do |promo|
        promo.rules << item_total(75, "gte")
      end

      # A per-code usage limit of 0 (C2): every code is refused from the first order.
      promotion("Thank-you 10% off", "THANKYOU10", [local.("2026-11-26T00:00"), local.("2026-11-30T00:00")], per_code_usage_limit: 0) do |promo|
        promo.actions << item_percent(10)
      end

      # Typed as midnight UTC (C5): it starts at 7:00 PM Eastern on the holiday's last day and ends
      # at 7:00 PM on Cyber Monday, not at midnight Eastern. Tops only, item total $75 or more: the
      # dry-run tries it on carts just under and just over $75.
      promotion("Cyber Monday 25% off tops", "CYBER25", [Time.utc(2026, 11, 30), Time.utc(2026, 12, 1)]) do |promo|
        rule = Spree::Promotion::Rules::Taxon.new(preferred_match_policy: "any")
        rule.taxons = [tops]
        promo.rules << rule
        promo.rules << item_total(75, "gte")
        promo.actions << item_percent(25)
      end

      # An amount in another currency than the store's (C6): Solidus's FlatRate gives its amount only
      # to orders in its own currency, so a USD order gets $0 off.
      promotion("$15 off orders over $100", "MAPLE15", [local.("2026-11-26T00:00"), local.("2026-12-01T00:00")]) do |promo|
        promo.rules << item_total(100, "gt")
        promo.actions << order_amount(15, currency: "CAD")
      end

      # Rules that cannot both hold (C7): a customer's first order is never their second.
      promotion("Welcome back 15% off your second order", "WELCOMEBACK15", all_season) do |promo|
        promo.rules << Spree::Promotion::Rules::FirstOrder.new
        promo.rules << Spree::Promotion::Rules::NthOrder.new(preferred_nth_order: 2)
        promo.actions << item_percent(15)
      end

      # An internal promotion left live over the holiday (C8).
      promotion("TEST staff discount 40% (do not use)", "STAFF40", all_season) do |promo|
        promo.actions << item_percent(40)
      end

      # Last year's copy of the planned free-shipping promotion, under the same name, long over (C4:
      # the inventory finds two promotions with the planned automatic campaign's name, and this one
      # does not cover the holiday).
      promotion("Free Shipping on All Orders over $85", nil, [local.("2025-11-26T00:00"), local.("2026-01-02T00:00")], replace: false) do |promo|
        promo.rules << item_total(85, "gte")
        promo.actions << Spree::Promotion::Actions::FreeShipping.new
      end

      extra = "Cozy Home, Wool Throw $20 (automatic), Doorbuster (automatic, starts Black Friday), FREEMUG (no actions), " \
              "THANKYOU10 (per-code limit 0), CYBER25 (midnight UTC), MAPLE15 (CAD), WELCOMEBACK15 (contradictory rules), " \
              "STAFF40 (test-looking), last year's free shipping"
      if @store_kind == "production"
        # Created in production only, "last night" (D1): staging has no copy, so nothing dry-ran it.
        promotion("Last call 30% off", "LASTCALL30", [local.("2026-11-28T00:00"), local.("2026-11-30T00:00")]) do |promo|
          promo.actions << item_percent(30)
        end
        extra += ", LASTCALL30 (production only)"
      end
      @say.("promotions nobody planned: #{extra}")
    end

    private

    def promotion(name, code, window, per_code_usage_limit: nil, replace: true)
      Spree::Promotion.where(name:).destroy_all if replace
      promo = Spree::Promotion.new(name:, description: name, apply_automatically: code.nil?,
                                   starts_at: window[0], expires_at: window[1], per_code_usage_limit:)
      yield promo
      promo.save!
      promo.codes.create!(value: code.downcase) if code
      promo
    end

    def product_rule(*products)
      rule = Spree::Promotion::Rules::Product.new(preferred_match_policy: "any")
      rule.products = products
      rule
    end

    def item_total(amount, operator)
      Spree::Promotion::Rules::ItemTotal.new(preferred_amount: amount, preferred_operator: operator, preferred_currency: "USD")
    end

    def item_percent(percent)
      Spree::Promotion::Actions::CreateItemAdjustments.new(calculator: Spree::Calculator::PercentOnLineItem.new(preferred_percent: percent))
    end

    def order_amount(amount, currency: "USD")
      Spree::Promotion::Actions::CreateAdjustment.new(
        calculator: Spree::Calculator::FlatRate.new(preferred_amount: amount, preferred_currency: currency)
      )
    end
  end

  # Production only: orders customers completed with OUTERWEAR20 since it started (November 20),
  # which count against its usage limit (C3: a limit of 5,000, the expected redemptions, less the 3
  # already used, leaves fewer than expected). Completed as Solidus counts a use (a completed order
  # with the promotion's eligible adjustment); no stock moves and no payment is made.
  class ProductionOrders
    include ActiveSupport::Testing::TimeHelpers

    def initialize(say:)
      @say = say
      @zone = SiteSchedule.new.zone
    end

    def call(code: "outerwear20", sku: "JKT-001", count: 3)
      variant = Spree::Variant.find_by!(sku:)
      store = Spree::Store.default
      count.times do |i|
        travel_to(@zone.parse("2026-11-21T10:00") + i.hours) do
          order = Spree::Order.create!(email: "customer#{i + 1}@acme-outfitters.test", store:, currency: store.default_currency)
          order.contents.add(variant, 1)
          order.coupon_code = code
          handler = Spree::PromotionHandler::Coupon.new(order).apply
          raise "seeding an order with #{code}: #{handler.error}" unless handler.successful?

          order.recalculate
          order.update_columns(state: "complete", completed_at: Time.current)
        end
      end
      @say.("#{count} completed orders with #{code.upcase} (production's uses so far)")
    end
  end
end

# frozen_string_literal: true

module SolidusHolidayReady
  # Legacy promotions (solidus_legacy_promotions, Solidus 4.6): every place that reads the clock to
  # decide whether a promotion applies runs at the request's moment.
  #
  # Read from solidus_legacy_promotions 4.6.4 (app/models/spree/promotion.rb and its callers):
  # - the `active` scope is `has_actions.started_and_unexpired`, and `started_and_unexpired` reads
  #   Time.current: automatic promotions (PromotionHandler::Cart, ::Shipping), a cart's connected
  #   promotions, PromotionHandler::Page;
  # - `started?` and `expired?` read Time.current; `not_started?`, `not_expired?`, `active?` and
  #   `inactive?` are built on them: the coupon handler (not found / expired), `eligible?`;
  # - `eligible?`, `eligible_rules` and `line_item_actionable?` run the rules, some of which read the
  #   clock (FirstRepeatPurchaseSince: `days_ago.days.ago`; NthOrder: `Time.current`), as may a
  #   store's own rules.
  # Writes that read Time.current (`updated_at:` after a recalculation) happen outside these
  # methods and stay real.
  module SpreePromotionPatch
    extend AtMoment

    at_moment :started?, :not_started?, :expired?, :not_expired?, :active?, :inactive?,
              :eligible?, :eligible_rules, :line_item_actionable?

    # The class-level scope behind `Spree::Promotion.active` and `order.promotions.active`.
    module ClassMethods
      extend AtMoment

      at_moment :started_and_unexpired
    end

    Spree::Promotion.prepend self
    Spree::Promotion.singleton_class.prepend ClassMethods
  end
end

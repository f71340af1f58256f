# frozen_string_literal: true

module SolidusHolidayReady
  # Solidus's new promotion engine (solidus_promotions 4.6): every place that reads the clock to
  # decide whether a promotion applies runs at the request's moment. This file is loaded only when
  # the store loads SolidusPromotions::Promotion (a store on that engine).
  #
  # Read from solidus_promotions 4.6.4 (app/models/solidus_promotions/promotion.rb and its callers):
  # - the scopes `active(time = Time.current)` (`has_benefits.started_and_unexpired(time)`) and
  #   `started_and_unexpired(time = Time.current)` take the time as an argument whose default is
  #   evaluated inside them: both are wrapped (the promotion pages, a store's own callers);
  # - `started?`, `not_started?`, `expired?`, `not_expired?`, `active?`, `inactive?` likewise: the
  #   coupon handler (PromotionHandler::Coupon: `active?` finds the code's promotion, `expired?`
  #   tells "expired" from "not found").
  # The order adjuster's promotions (LoadPromotions, which passes its own `Time.current`) and the
  # conditions that read the clock are in solidus_promotions_load_promotions_patch.rb and
  # solidus_promotions_benefit_patch.rb.
  module SolidusPromotionsPromotionPatch
    extend AtMoment

    at_moment :started?, :not_started?, :expired?, :not_expired?, :active?, :inactive?

    # The class-level scopes behind `SolidusPromotions::Promotion.active` and `order.solidus_promotions.active`.
    module ClassMethods
      extend AtMoment

      at_moment :active, :started_and_unexpired
    end

    SolidusPromotions::Promotion.prepend self
    SolidusPromotions::Promotion.singleton_class.prepend ClassMethods
  end
end

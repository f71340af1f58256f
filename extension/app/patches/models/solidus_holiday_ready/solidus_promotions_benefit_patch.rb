# frozen_string_literal: true

module SolidusHolidayReady
  # solidus_promotions 4.6: a benefit's conditions are checked in
  # Benefit#eligible_by_applicable_conditions? (by the order adjuster in every lane, and by the
  # coupon handler's dry run). Some read the clock (NthOrder: `Time.current`;
  # FirstRepeatPurchaseSince: `preferred_days_ago.days.ago`), as may a store's own conditions: they
  # run at the request's moment.
  module SolidusPromotionsBenefitPatch
    extend AtMoment

    at_moment :eligible_by_applicable_conditions?

    SolidusPromotions::Benefit.prepend self
  end
end

# frozen_string_literal: true

module SolidusHolidayReady
  # solidus_promotions 4.6: the order adjuster's promotions come from LoadPromotions#call, which
  # reads `order.completed_at || Time.current` itself (`reference_time`) and passes it to the
  # `active` scope: the automatic (sale) promotions and the order's connected (code) promotions live
  # at the request's moment. Wrapping `call` keeps Solidus's own choice (a completed order keeps its
  # completion time).
  module SolidusPromotionsLoadPromotionsPatch
    extend AtMoment

    at_moment :call

    SolidusPromotions::LoadPromotions.prepend self
  end
end

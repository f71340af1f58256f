# frozen_string_literal: true

module Spree
  class Promotion < Spree::Base
    module Rules
      # "Site exclusive": the promotion is eligible only while no other promotion applies to the order
      # (SiteExclusivity, app/models/site_exclusivity.rb, shared with the new engine's condition).
      #
      # This is how a store gives a code the "site exclusive" flag that Solidus does not have. It is
      # applicable to the order (checked when the code is entered) and to its line items (checked every
      # time the order is recalculated), so when another promotion attaches later in checkout, such as
      # free shipping when the order leaves the delivery step, this promotion's adjustments become
      # ineligible and the customer loses the discount.
      class SiteExclusive < PromotionRule
        include SiteExclusivity

        def applicable?(promotable)
          promotable.is_a?(Spree::Order) || promotable.is_a?(Spree::LineItem)
        end

        private

        # Another promotion with an eligible adjustment anywhere on the order.
        def other_promotion_on(order)
          order.all_adjustments.promotion.eligible
            .includes(source: :promotion)
            .map { |adjustment| adjustment.source&.promotion }
            .compact
            .find { |promo| promo.id != promotion_id }
        end
      end
    end
  end
end

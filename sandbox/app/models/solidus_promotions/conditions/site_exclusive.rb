# frozen_string_literal: true

module SolidusPromotions
  module Conditions
    # "Site exclusive" on Solidus's new promotion engine (solidus_promotions, the promotions store):
    # the benefit is eligible only while no other promotion discounts the order (SiteExclusivity,
    # app/models/site_exclusivity.rb, shared with the legacy engine's rule).
    #
    # The store builds it the way the engine allows: an order-level condition, checked once per lane
    # while the order adjuster walks the lanes. What it can see are the discounts already chosen for
    # the order's items and shipments (`current_discounts`), that is, the earlier lanes' (pre, then
    # default); promotions in its own lane are not decided yet. The Black Friday code sits in the post
    # lane (codes after the automatic sales), so once the order has a shipment and the automatic free
    # shipping (default lane) discounts it, this condition fails and the engine keeps no adjustment for
    # the code: the customer loses the discount. Registered in config/initializers/spree.rb.
    class SiteExclusive < Condition
      include OrderLevelCondition
      include SiteExclusivity

      private

      # Another promotion's discount already chosen in an earlier lane, on an item or a shipment.
      def other_promotion_on(order)
        (order.line_items.to_a + order.shipments.to_a)
          .flat_map(&:current_discounts)
          .filter_map { |discount| discount.source&.promotion }
          .find { |promo| promo.id != benefit&.promotion_id }
      end
    end
  end
end

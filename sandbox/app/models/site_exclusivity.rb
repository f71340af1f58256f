# frozen_string_literal: true

# "Site exclusive", the flag Solidus does not have, as this store builds it on either promotion
# engine: a promotion is eligible only while no other promotion discounts the order, and when one
# does, the code is refused with the `site_exclusive` error that names it.
#
# Included by the legacy engine's rule (Spree::Promotion::Rules::SiteExclusive) and the new
# engine's condition (SolidusPromotions::Conditions::SiteExclusive); each says only what its engine
# lets it see of the other promotions on the order, in `other_promotion_on(order)`.
module SiteExclusivity
  def eligible?(promotable, _options = {})
    order = promotable.is_a?(Spree::Order) ? promotable : promotable.order
    other = other_promotion_on(order)
    if other
      eligibility_errors.add(
        :base,
        eligibility_error_message(:site_exclusive, other: other.name),
        error_code: :site_exclusive
      )
    end
    eligibility_errors.empty?
  end
end

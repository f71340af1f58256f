# frozen_string_literal: true

module SolidusHolidayReady
  # Tax rates with a validity window (solidus_core 4.6: `starts_at`/`expires_at`), read with
  # Time.current in the `active` scope (Spree::TaxCalculator::Default, order-level rates) and in
  # `active?` (Spree::Tax::TaxHelpers, the DefaultTax and FlatFee calculators).
  module SpreeTaxRatePatch
    extend AtMoment

    at_moment :active?

    # `Spree::TaxRate.active`.
    module ClassMethods
      extend AtMoment

      at_moment :active
    end

    Spree::TaxRate.prepend self
    Spree::TaxRate.singleton_class.prepend ClassMethods
  end
end

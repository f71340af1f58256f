# frozen_string_literal: true

require 'solidus_core'
require 'solidus_support'

require 'solidus_holiday_ready/version'
require 'solidus_holiday_ready/signature'
require 'solidus_holiday_ready/clock'
require 'solidus_holiday_ready/at_moment'
require 'solidus_holiday_ready/middleware'
require 'solidus_holiday_ready/inventory'
require 'solidus_holiday_ready/inventory/legacy_promotions'
require 'solidus_holiday_ready/inventory/solidus_promotions_engine'
require 'solidus_holiday_ready/engine'

# A signed clock for Solidus staging stores, and a read-only promotion inventory: see README.md.
module SolidusHolidayReady
  # The shared secret from the store's environment, read when a request asks for a moment (so the
  # operator's environment is the only switch), or nil.
  def self.clock_secret
    ENV[SECRET_ENV].presence
  end
end

# frozen_string_literal: true

module SolidusHolidayReady
  # Installs the clock middleware and the Time readers, and (through Flickwerk, via
  # SolidusSupport::EngineExtensions) the patches in app/patches/models/solidus_holiday_ready/.
  # Each patch file names one Solidus class and is loaded only when the store loads that class,
  # so a store without solidus_legacy_promotions never loads the legacy patches: supporting
  # another promotion engine is one more patch file for its classes.
  class Engine < ::Rails::Engine
    include SolidusSupport::EngineExtensions

    engine_name 'solidus_holiday_ready'

    initializer 'solidus_holiday_ready.clock' do |app|
      Clock::TimeShift.install
      app.middleware.use Middleware
    end

    config.after_initialize do
      state =
        if SolidusHolidayReady.clock_secret.nil?
          "inert: #{SECRET_ENV} is not set"
        elsif SolidusHolidayReady.clock_secret.length < Signature::MIN_SECRET_LENGTH
          "inert: #{SECRET_ENV} is shorter than #{Signature::MIN_SECRET_LENGTH} characters"
        else
          'on: signed Holiday-Ready-At headers are honoured'
        end
      Rails.logger.info("[solidus_holiday_ready] #{VERSION}, signed clock #{state}")
    end
  end
end

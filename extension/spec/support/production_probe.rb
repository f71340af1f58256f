# frozen_string_literal: true

# Run by spec/production_store_spec.rb with `bin/rails runner` in the sandbox's production store
# environment (bin/_env `store production`), on a throwaway copy of its database: creates a code
# whose window starts tomorrow, applies it to a guest cart with a correctly signed clock header for
# a moment inside the window, and prints what the store answered as JSON. The signing secret comes
# in EXTENSION_SPEC_SIGNING_SECRET; HOLIDAY_READY_CLOCK_SECRET is whatever the store's environment
# holds (it must hold nothing).
require_relative 'store_helpers'
include StoreHelpers # rubocop:disable Style/MixinUsage

secret = ENV.fetch('EXTENSION_SPEC_SIGNING_SECRET')
tomorrow = 1.day.from_now.change(usec: 0)
code = unique_code('PRODUCTION')
create_promotion(window: tomorrow..(tomorrow + 2.days), code:)
response = apply_code(create_cart, code, headers: clock_headers(tomorrow + 1.hour, secret:))
puts JSON.generate(
  store: ENV.fetch('SANDBOX_STORE', nil),
  secret_in_environment: ENV.key?(SolidusHolidayReady::SECRET_ENV),
  status: response.status,
  status_code: JSON.parse(response.body)['status_code'],
  clock: response.headers['Holiday-Ready-Clock'],
  ignored: response.headers['Holiday-Ready-Clock-Ignored']
)

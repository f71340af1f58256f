# frozen_string_literal: true

# The specs boot the real sandbox store (sandbox/, Solidus 4.6 with legacy promotions) with this
# gem installed, on the throwaway copy of its pristine staging database that bin/spec prepares; with
# EXTENSION_SPEC_STORE=promotions, the promotions store (Solidus's new engine, solidus_promotions).
# Specs of one engine are tagged `engine: :solidus_promotions` (untagged ones are the legacy
# engine's): each run holds the examples of the engine it booted, and only those.
unless ENV['EXTENSION_SPEC_WORK']
  abort 'Run the extension specs with extension/bin/spec: they write to a throwaway copy of the staging store.'
end

ENV['RAILS_ENV'] ||= 'staging'
require File.expand_path('../../sandbox/config/environment', __dir__)
require 'rspec'

Dir[File.join(__dir__, 'support', '*_helpers.rb')].sort.each { |file| require file }

RSpec.configure do |config|
  config.disable_monkey_patching!
  config.include StoreHelpers
  config.include InventoryHelpers
  config.order = :random
  if ENV.fetch('EXTENSION_SPEC_ENGINE', 'legacy') == 'solidus_promotions'
    config.filter_run_including(engine: :solidus_promotions)
  else
    config.filter_run_excluding(engine: :solidus_promotions)
  end
  Kernel.srand config.seed
  config.expect_with(:rspec) { |c| c.max_formatted_output_length = 2000 }
end

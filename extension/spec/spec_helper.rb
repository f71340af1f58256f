# frozen_string_literal: true

# The specs boot the real sandbox store (sandbox/, Solidus 4.6 with legacy promotions) with this
# gem installed, on the throwaway copy of its pristine staging database that bin/spec prepares.
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
  Kernel.srand config.seed
  config.expect_with(:rspec) { |c| c.max_formatted_output_length = 2000 }
end

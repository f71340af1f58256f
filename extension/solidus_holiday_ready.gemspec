# frozen_string_literal: true

require_relative 'lib/solidus_holiday_ready/version'

Gem::Specification.new do |spec|
  spec.name = 'solidus_holiday_ready'
  spec.version = SolidusHolidayReady::VERSION
  spec.authors = ['holiday-ready']
  spec.summary = 'A signed clock for dry-running holiday promotions on a Solidus staging store at their own moment, and a read-only promotion inventory.'
  spec.description = <<~TEXT
    Lets the holiday-ready harness ask a Solidus staging store to answer one request as if it were
    another moment (Holiday-Ready-At, signed with a shared secret and valid for five minutes), for
    every decision that depends on the date: promotion windows for codes and automatic promotions,
    and tax rate validity. Inert unless HOLIDAY_READY_CLOCK_SECRET is set in the store's environment.
    Also lists every promotion with its codes, window, limits, uses, rules and actions to an admin API
    key (GET /api/holiday_ready/inventory, read-only, paginated).
  TEXT
  spec.license = 'BSD-3-Clause'
  spec.required_ruby_version = '>= 3.1'

  spec.files = Dir['{app,config,lib}/**/*.rb'] + Dir['openapi/*.yml'] + %w[README.md solidus_holiday_ready.gemspec]
  spec.require_paths = ['lib']

  spec.add_dependency 'solidus_core', '>= 4.6', '< 5'
  spec.add_dependency 'solidus_support', '>= 0.13', '< 1'

  spec.add_development_dependency 'rspec', '~> 3.13'
end

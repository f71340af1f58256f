require_relative "boot"

require "rails"
require "active_model/railtie"
require "active_job/railtie"
require "active_record/railtie"
require "active_storage/engine"
require "action_controller/railtie"
require "action_mailer/railtie"
require "action_view/railtie"
require "sprockets/railtie"

Bundler.require(*Rails.groups)

module AcmeSandbox
  # The Acme Outfitters staging store: Solidus 4.6 with legacy promotions, an API at /api
  # and a small storefront rendered by this app (the starter storefront cannot be downloaded here).
  class Application < Rails::Application
    config.load_defaults 7.2
    config.autoload_lib(ignore: %w[assets tasks])

    # The store's time zone: promotion windows are read and written in Eastern time.
    config.time_zone = "America/New_York"
    config.active_record.default_timezone = :utc

    config.generators.system_tests = nil
    config.active_job.queue_adapter = :inline
    config.action_mailer.delivery_method = :test
    config.action_mailer.perform_deliveries = false
    config.active_storage.service = :local

    # Each promotion engine's custom classes (the "site exclusive" rule or condition) load only in
    # the store that runs that engine (the promotions store: Gemfile.promotions).
    if defined?(SolidusPromotions)
      Rails.autoloaders.main.ignore(root.join("app/models/spree/promotion"))
    else
      Rails.autoloaders.main.ignore(root.join("app/models/solidus_promotions"))
    end
  end
end

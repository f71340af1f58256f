require "active_support/core_ext/integer/time"

# Production-like settings for the sandbox store: eager loading, caching, no reloading,
# several Puma threads (config/puma.rb), logs to log/<store>.log. No TLS: it listens on loopback.
Rails.application.configure do
  config.enable_reloading = false
  config.eager_load = true
  config.consider_all_requests_local = false
  config.action_controller.perform_caching = true
  # Shared by the Puma workers; sandbox/bin/reset clears it.
  config.cache_store = :file_store, Rails.root.join("tmp", "cache", ENV.fetch("SANDBOX_STORE", "staging"))
  config.public_file_server.enabled = true
  config.public_file_server.headers = { "Cache-Control" => "public, max-age=3600" }

  # Solidus ships a few sprockets assets; compile them on first use (no precompile step).
  config.assets.compile = true
  config.assets.debug = false

  config.force_ssl = false
  config.hosts.clear

  config.secret_key_base = ENV["SECRET_KEY_BASE"].presence || begin
    file = Rails.root.join("tmp", "secret_key_base")
    unless file.exist?
      file.dirname.mkpath
      file.write(SecureRandom.hex(64))
    end
    file.read.strip
  end

  store = ENV.fetch("SANDBOX_STORE", "staging")
  Rails.root.join("log").mkpath
  config.logger = ActiveSupport::Logger.new(Rails.root.join("log", "#{store}.log"))
    .tap { |logger| logger.formatter = ::Logger::Formatter.new }
    .then { |logger| ActiveSupport::TaggedLogging.new(logger) }
  config.log_tags = [:request_id]
  config.log_level = ENV.fetch("RAILS_LOG_LEVEL", "info")

  config.i18n.fallbacks = true
  config.active_support.report_deprecations = false
  config.active_record.dump_schema_after_migration = false
  config.active_record.attributes_for_inspect = [:id]
end

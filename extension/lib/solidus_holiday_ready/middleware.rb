# frozen_string_literal: true

module SolidusHolidayReady
  # Rack middleware: a request with a well-signed Holiday-Ready-At runs at that moment (Clock.at)
  # and its response says so in Holiday-Ready-Clock (the same instant, in the store's time zone).
  # Any other Holiday-Ready-At (unsigned, forged, stale, malformed, or no secret configured) is
  # ignored: the request runs on the real clock as if the header were absent, the response says
  # why in Holiday-Ready-Clock-Ignored, and the store logs a warning without the signature or the
  # secret. Never an error page.
  class Middleware
    AT = 'HTTP_HOLIDAY_READY_AT'
    SIGNATURE = 'HTTP_HOLIDAY_READY_SIGNATURE'
    CLOCK_HEADER = 'holiday-ready-clock'
    IGNORED_HEADER = 'holiday-ready-clock-ignored'

    def initialize(app, secret: -> { SolidusHolidayReady.clock_secret }, real_time: -> { Time.now.to_i })
      @app = app
      @secret = secret
      @real_time = real_time
    end

    def call(env)
      at = env[AT]
      return @app.call(env) if at.nil?

      result = check(at.strip, env[SIGNATURE])
      if result.is_a?(Signature::Rejection)
        logger&.warn("[solidus_holiday_ready] Holiday-Ready-At ignored (#{result.code}): #{result.detail}")
        return with_header(@app.call(env), IGNORED_HEADER, result.code)
      end

      logger&.info("[solidus_holiday_ready] answering as on #{result.iso8601}")
      with_header(Clock.at(result) { @app.call(env) }, CLOCK_HEADER, result.in_time_zone(Time.zone || 'UTC').iso8601)
    end

    private

    def check(at, signature)
      Signature.verify(at:, signature: signature&.strip, secret: @secret.call, now: @real_time.call)
    rescue StandardError => e
      Signature::Rejection.new('error', "#{e.class} while checking the header")
    end

    def with_header(response, name, value)
      response[1][name] = value
      response
    end

    def logger
      defined?(Rails) && Rails.logger
    end
  end
end

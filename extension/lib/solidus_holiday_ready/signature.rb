# frozen_string_literal: true

require 'openssl'
require 'time'

module SolidusHolidayReady
  # The environment variable that holds the shared secret. Unset (or shorter than
  # Signature::MIN_SECRET_LENGTH): the clock is inert.
  SECRET_ENV = 'HOLIDAY_READY_CLOCK_SECRET'

  # The clock's two request headers and how they are checked. Pure Ruby, no Rails:
  #
  #   Holiday-Ready-At: 2026-11-27T00:01:00-05:00
  #   Holiday-Ready-Signature: t=1795755600,v1=<hex HMAC-SHA256 of "1795755600.2026-11-27T00:01:00-05:00">
  #
  # t is the real time of signing in Unix seconds; the signed text is t, a dot and the
  # Holiday-Ready-At value exactly as sent. A signature is good for VALIDITY seconds either side of
  # the store's real clock, so a header captured from a log stops working within minutes.
  # The harness's signer (src/solidus/clock.ts) computes the same; spec/fixtures/clock-vector.json
  # is the vector both sides test against.
  module Signature
    VALIDITY = 300
    MIN_SECRET_LENGTH = 32
    MAX_HEADER_LENGTH = 128
    # An ISO 8601 date-time with its offset: a moment without one would depend on the store's zone.
    MOMENT = /\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})\z/
    SIGNATURE = /\At=(\d{1,12}),v1=([0-9a-f]{64})\z/

    # Why a header was ignored: a stable code (sent back in Holiday-Ready-Clock-Ignored) and what the
    # store logs. Never holds the secret or the signature.
    Rejection = Struct.new(:code, :detail)

    module_function

    # The Holiday-Ready-Signature value for a moment, signed at `signed_at` (Unix seconds).
    def sign(at, secret:, signed_at:)
      "t=#{Integer(signed_at)},v1=#{digest(secret, "#{Integer(signed_at)}.#{at}")}"
    end

    # The moment (a UTC Time) a request asks for, or a Rejection.
    # `now` is the store's real time in Unix seconds.
    def verify(at:, signature:, secret:, now:)
      return Rejection.new('not-configured', "#{SECRET_ENV} is not set") if secret.nil? || secret.empty?
      if secret.length < MIN_SECRET_LENGTH
        return Rejection.new('weak-secret', "#{SECRET_ENV} is shorter than #{MIN_SECRET_LENGTH} characters")
      end
      return Rejection.new('unsigned', 'no Holiday-Ready-Signature header') if signature.nil? || signature.empty?
      if at.length > MAX_HEADER_LENGTH || signature.length > MAX_HEADER_LENGTH || !(m = SIGNATURE.match(signature.strip))
        return Rejection.new('malformed-signature', 'Holiday-Ready-Signature is not t=<unix seconds>,v1=<64 hex digits>')
      end

      signed_at = Integer(m[1], 10)
      expected = digest(secret, "#{signed_at}.#{at}")
      return Rejection.new('bad-signature', 'the signature does not match') unless OpenSSL.fixed_length_secure_compare(expected, m[2])

      age = Integer(now) - signed_at
      if age.abs > VALIDITY
        return Rejection.new('stale', "signed #{age.abs} s #{age.negative? ? 'ahead of' : 'before'} the store's clock (valid for #{VALIDITY} s)")
      end

      parse_moment(at) || Rejection.new('bad-moment', "#{at.inspect} is not an ISO 8601 time with an offset")
    end

    def parse_moment(at)
      return nil unless MOMENT.match?(at)

      Time.iso8601(at).utc
    rescue ArgumentError
      nil
    end

    def digest(secret, text)
      OpenSSL::HMAC.hexdigest('SHA256', secret, text)
    end
  end
end

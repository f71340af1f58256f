# frozen_string_literal: true

require 'active_support'
require 'active_support/core_ext/time/calculations'
require 'active_support/values/time_zone'

module SolidusHolidayReady
  # The moment a request asked for, and the only way it reaches Solidus.
  #
  # Two fiber-local values (Thread.current[]; a Puma thread runs one request at a time, a fiber
  # server one request per fiber), so requests at different moments never see each other's:
  # - the request's moment, set by the Middleware around the request and cleared after it;
  # - "deciding": set only while one of the decorated date decisions runs (AtMoment, the patches
  #   in app/patches), and only then do Time.current, Time.zone.now, Time.zone.today and
  #   Date.current answer the moment.
  # Everything else in the request keeps the real clock: created_at/updated_at (Time.now) and the
  # `updated_at: Time.current` that Solidus writes after recalculating an order.
  module Clock
    MOMENT = :solidus_holiday_ready_moment
    DECIDING = :solidus_holiday_ready_deciding
    private_constant :MOMENT, :DECIDING

    module_function

    # Runs the block with `moment` (a Time) as the request's moment; restores the previous one after.
    def at(moment)
      previous = Thread.current[MOMENT]
      Thread.current[MOMENT] = moment
      yield
    ensure
      Thread.current[MOMENT] = previous
    end

    # The request's moment, or nil when it runs on the real clock.
    def moment
      Thread.current[MOMENT]
    end

    # Runs a date decision: with the request's moment as Time.current when there is one.
    def deciding
      moment = Thread.current[MOMENT]
      return yield if moment.nil?

      previous = Thread.current[DECIDING]
      Thread.current[DECIDING] = moment
      begin
        yield
      ensure
        Thread.current[DECIDING] = previous
      end
    end

    # What Time.current answers right now, when it is not the real time.
    def shifted_now
      Thread.current[DECIDING]
    end

    # Makes ActiveSupport's "now" readers answer the moment while a decision runs. Prepended once
    # at boot; with no decision running each reader costs one fiber-local lookup more.
    module TimeShift
      # Time.current (when Time.zone is nil; otherwise it reads Time.zone.now below).
      module TimeClassMethods
        def current
          (moment = Clock.shifted_now) ? (::Time.zone ? moment.in_time_zone(::Time.zone) : moment.getlocal) : super
        end
      end

      # Time.zone.now and Time.zone.today (Date.current, 1.day.ago, 2.days.from_now...).
      module TimeZone
        def now
          (moment = Clock.shifted_now) ? moment.in_time_zone(self) : super
        end

        def today
          (moment = Clock.shifted_now) ? moment.in_time_zone(self).to_date : super
        end
      end

      def self.install
        ::Time.singleton_class.prepend(TimeClassMethods)
        ::ActiveSupport::TimeZone.prepend(TimeZone)
      end
    end
  end
end

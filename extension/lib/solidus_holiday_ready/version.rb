# frozen_string_literal: true

module SolidusHolidayReady
  VERSION = '0.1.0'
end

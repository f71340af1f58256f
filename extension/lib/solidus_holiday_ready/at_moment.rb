# frozen_string_literal: true

module SolidusHolidayReady
  # `at_moment :active?, :expired?` in a patch module: each named method runs the original as a
  # date decision (Clock.deciding), so whatever it reads from Time.current is the request's moment.
  # Wrapping the original rather than rewriting it keeps Solidus's own rules (strict comparisons,
  # nil windows) and whatever a store has layered on them.
  module AtMoment
    def at_moment(*names)
      names.each do |name|
        module_eval(<<~RUBY, __FILE__, __LINE__ + 1)
          def #{name}(...)                                        # def active?(...)
            ::SolidusHolidayReady::Clock.deciding { super }       #   ::SolidusHolidayReady::Clock.deciding { super }
          end                                                     # end
        RUBY
      end
    end
  end
end

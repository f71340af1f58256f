# frozen_string_literal: true

module SolidusHolidayReady
  # The promotion inventory: every promotion of the store with its codes, window, limits, uses,
  # rules and actions, one page at a time (GET /api/holiday_ready/inventory, InventoryController;
  # the document is extension/openapi/inventory.oas.yml).
  #
  # Engine-neutral: the store's promotion engine is read from Spree::Config.promotions by class
  # name, so loading this never loads an engine's classes. Each engine's reading is one adapter
  # (Inventory::LegacyPromotions for solidus_legacy_promotions, Inventory::SolidusPromotionsEngine
  # for solidus_promotions); an engine without one answers
  # `unsupported` and the controller says so instead of guessing.
  module Inventory
    SCHEMA_VERSION = 1
    DEFAULT_PER_PAGE = 100
    MAX_PER_PAGE = 500
    # Code values listed per promotion (a batch can hold tens of thousands); `codes.count` is always the full count.
    CODE_VALUES_PER_PROMOTION = 100

    # The engines a store can run, by the class of Spree::Config.promotions (a subclass counts).
    ENGINES = {
      'legacy' => 'SolidusLegacyPromotions::Configuration',
      'solidus_promotions' => 'SolidusPromotions::Configuration'
    }.freeze

    # The adapter of each engine the inventory can read, by name (constantized when used).
    ADAPTERS = {
      'legacy' => 'SolidusHolidayReady::Inventory::LegacyPromotions',
      'solidus_promotions' => 'SolidusHolidayReady::Inventory::SolidusPromotionsEngine',
      'none' => 'SolidusHolidayReady::Inventory::NoPromotions'
    }.freeze

    # A page the caller asked for that cannot be read (not a whole number, out of bounds).
    class BadRequest < StandardError; end

    # The store runs an engine the inventory has no adapter for yet.
    class Unsupported < StandardError
      attr_reader :engine

      def initialize(engine)
        @engine = engine
        super("the inventory cannot read the #{engine} promotion engine yet")
      end
    end

    module_function

    # 'legacy', 'solidus_promotions' or 'none' (Solidus's NullPromotionConfiguration: no promotions).
    def engine(configuration = ::Spree::Config.promotions)
      ancestors = configuration.class.ancestors.filter_map(&:name)
      ENGINES.find { |_name, class_name| ancestors.include?(class_name) }&.first || 'none'
    end

    # The document for one page: { schema_version, engine, store, promotions, pagination }.
    #
    # Pages are positions in the id order, so a promotion deleted while a reader is between pages
    # shifts the later ones back a place. `pagination.snapshot` (count and sum of the ids) changes
    # whenever a promotion is created or deleted (ids only grow: any change of the set moves one or
    # the other), so a reader that sees it change between pages knows to read again. Each adapter
    # answers `ids_summary` ([count, sum of ids]) and `page(offset:, limit:)`.
    def document(store:, page: nil, per_page: nil, engine: self.engine)
      page = whole_number(page, 'page', default: 1, min: 1)
      per_page = whole_number(per_page, 'per_page', default: DEFAULT_PER_PAGE, min: 1, max: MAX_PER_PAGE)
      adapter = ADAPTERS[engine]&.constantize or raise Unsupported, engine
      reader = adapter.new(codes_per_promotion: CODE_VALUES_PER_PROMOTION)
      total, id_sum = reader.ids_summary
      {
        schema_version: SCHEMA_VERSION,
        extension_version: VERSION,
        engine:,
        store: store_facts(store),
        promotions: reader.page(offset: (page - 1) * per_page, limit: per_page),
        pagination: { page:, per_page:, total_count: total, total_pages: (total.to_f / per_page).ceil,
                      snapshot: "#{total}-#{id_sum}" }
      }
    end

    # The store as its settings say: URL as configured (no scheme unless the operator wrote one),
    # currency, and the time zone every time in the document is written in.
    def store_facts(store)
      {
        name: store.name,
        code: store.code,
        url: store.url,
        currency: store.default_currency.presence || ::Spree::Config.currency,
        time_zone: time_zone
      }
    end

    # The IANA name of the store's time zone (Rails's config.time_zone), e.g. America/New_York.
    def time_zone
      (::Time.zone || ::ActiveSupport::TimeZone['UTC']).tzinfo.name
    end

    # A time in the store's time zone, ISO 8601 with its offset; nil stays nil.
    def time(value)
      value&.in_time_zone(::Time.zone || 'UTC')&.iso8601
    end

    def whole_number(value, name, default:, min:, max: nil)
      return default if value.nil? || value == ''

      number = Integer(value.to_s, 10)
      raise ArgumentError if number < min || (max && number > max)

      number
    rescue ArgumentError, TypeError
      raise BadRequest, "#{name} must be a whole number from #{min}#{" to #{max}" if max}, not #{value.to_s.inspect}"
    end

    # Preference values as JSON can carry them: decimals as strings (no float rounding of money;
    # a decimal preference still at its default, often an Integer 0, too), hash keys as strings,
    # times in the store's zone; secret preferences (password, encrypted) never leave the store.
    def preferences(record)
      return {} unless record.respond_to?(:defined_preferences)

      record.defined_preferences.each_with_object({}) do |name, out|
        type = record.preference_type(name)
        next if %i[password encrypted_string].include?(type)

        value = record.get_preference(name)
        value = BigDecimal(value.to_s) if type == :decimal && value.is_a?(Numeric)
        out[name.to_s] = plain(value)
      end
    end

    def plain(value)
      case value
      when BigDecimal then value.to_s('F')
      when Hash then value.to_h { |key, inner| [plain(key).to_s, plain(inner)] }
      when Array then value.map { |inner| plain(inner) }
      when Time, DateTime, ActiveSupport::TimeWithZone then time(value)
      when Date then value.iso8601
      when Symbol then value.to_s
      else value
      end
    end

    # A store whose Spree::Config.promotions is Solidus's NullPromotionConfiguration has no promotions.
    class NoPromotions
      def initialize(**); end

      def ids_summary
        [0, 0]
      end

      def page(**)
        []
      end
    end
  end
end

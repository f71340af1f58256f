# frozen_string_literal: true

module SolidusHolidayReady
  module Inventory
    # What the adapters of the two promotion engines (LegacyPromotions, SolidusPromotionsEngine)
    # read alike: the promotions' count and ids, their codes, and their uses as the engine counts
    # them (completed, non-canceled orders with an adjustment from one of the promotion's actions
    # or benefits). An adapter names its engine's models in three small methods, `promotion_class`,
    # `code_class` and `action_class` (the model whose records are the adjustments' source), and
    # describes its promotions itself (`page`).
    #
    # Names no engine's model itself (only Solidus core's orders and adjustments), so loading it
    # loads no engine's classes.
    class EngineAdapter
      def initialize(codes_per_promotion:)
        @codes_per_promotion = codes_per_promotion
      end

      # [number of promotions, sum of their ids], in one query.
      def ids_summary
        promotion_class.unscope(:order).pick(Arel.sql('COUNT(*)'), Arel.sql('COALESCE(SUM(id), 0)')).map(&:to_i)
      end

      private

      # The promotion's `codes` in the document, from its entry in `codes` (nil: it has none) and
      # the listed codes' uses ({ code_id => orders }).
      def describe_codes(codes, code_uses)
        codes ||= { count: 0, listed: [] }
        {
          count: codes[:count],
          values: codes[:listed].map { |id, value| { value:, uses: code_uses.fetch(id, 0) } },
          truncated: codes[:count] > codes[:listed].size
        }
      end

      # Each promotion's code count and its first codes (by id), in one windowed query:
      # { promotion_id => { count:, listed: [[code_id, value], ...] } }.
      def codes(promotion_ids)
        codes = code_class
        ranked = codes.where(promotion_id: promotion_ids).select(
          :id, :promotion_id, :value,
          'ROW_NUMBER() OVER (PARTITION BY promotion_id ORDER BY id) AS rank_in_promotion',
          'COUNT(*) OVER (PARTITION BY promotion_id) AS codes_in_promotion'
        )
        rows = codes.unscoped.from(ranked, :ranked_codes).where('ranked_codes.rank_in_promotion <= ?', @codes_per_promotion)
                    .order('ranked_codes.promotion_id', 'ranked_codes.rank_in_promotion')
                    .pluck('ranked_codes.id', 'ranked_codes.promotion_id', 'ranked_codes.value', 'ranked_codes.codes_in_promotion')
        rows.each_with_object({}) do |(id, promotion_id, value, count), out|
          (out[promotion_id] ||= { count: count.to_i, listed: [] })[:listed] << [id, value]
        end
      end

      # The promotion's usage_count for every promotion at once: { promotion_id => orders }.
      def uses(promotion_ids)
        discounted_orders(promotion_ids).group("#{action_class.table_name}.promotion_id")
                                        .distinct.count("#{::Spree::Order.table_name}.id")
      end

      # The promotions' discounted orders, complete and not canceled.
      def discounted_orders(promotion_ids)
        orders_discounted.where(action_class.table_name => { promotion_id: promotion_ids })
      end

      # Complete, non-canceled orders with an adjustment from an action of any promotion, joined to
      # that action (as the action class's table), with the engine's conditions on both.
      def orders_discounted
        actions = action_class.table_name
        adjustments = ::Spree::Adjustment.table_name
        orders = ::Spree::Order.complete.where.not(state: 'canceled')
                               .joins(:all_adjustments)
                               .where(adjustments => { source_type: action_class.polymorphic_name, **counted_adjustments })
                               .joins("INNER JOIN #{actions} ON #{actions}.id = #{adjustments}.source_id")
        counted_actions.empty? ? orders : orders.where(actions => counted_actions)
      end

      # What an adjustment and its action must also be to count a use (columns and values): none
      # unless the engine says so.
      def counted_adjustments
        {}
      end

      def counted_actions
        {}
      end
    end
  end
end

# frozen_string_literal: true

require 'solidus_holiday_ready/inventory/engine_adapter'

module SolidusHolidayReady
  module Inventory
    # The inventory of a store that runs Solidus's new promotion engine, solidus_promotions (4.6),
    # in the same document as the legacy engine's (Inventory::LegacyPromotions), read the way the
    # engine reads its promotions (solidus_promotions 4.6: app/models/solidus_promotions/):
    #
    # - a promotion has benefits (`actions`: type, settings, calculator), each with its own
    #   conditions; the conditions of every benefit are also the promotion's `rules`, so a reader
    #   of the legacy document sees them where it looks for rules, and each action lists its own
    #   (`conditions`) with its `id` (the source_id of the adjustments it makes on orders);
    # - `lane` (pre, default, post): lanes apply one after another, a later lane on what the
    #   earlier ones left, and within a lane the best discount per item or shipment wins;
    # - uses as SolidusPromotions::Promotion#usage_count counts them (completed, non-canceled
    #   orders with an adjustment from one of its benefits), a code's as PromotionCode#usage_count.
    #
    # The only file of the extension that names SolidusPromotions' models, and only inside methods.
    class SolidusPromotionsEngine < EngineAdapter
      # A benefit applies when every one of its conditions holds (Benefit#eligible_by_applicable_conditions?).
      MATCH_POLICY = 'all'

      def page(offset:, limit:)
        promotions = ::SolidusPromotions::Promotion.order(:id).offset(offset).limit(limit)
                                                   .includes(:category, benefits: %i[calculator conditions]).to_a
        return [] if promotions.empty?

        ids = promotions.map(&:id)
        codes = codes(ids)
        uses = uses(ids)
        code_uses = code_uses(codes.values.flat_map { _1[:listed] }.map(&:first))
        promotions.map { |promotion| describe(promotion, codes[promotion.id], uses, code_uses) }
      end

      private

      def promotion_class
        ::SolidusPromotions::Promotion
      end

      def code_class
        ::SolidusPromotions::PromotionCode
      end

      def action_class
        ::SolidusPromotions::Benefit
      end

      def describe(promotion, codes, uses, code_uses)
        benefits = promotion.benefits.sort_by(&:id)
        {
          id: promotion.id,
          name: promotion.name,
          description: promotion.description,
          apply_automatically: promotion.apply_automatically,
          advertise: promotion.advertise,
          path: promotion.path,
          codes: describe_codes(codes, code_uses),
          starts_at: Inventory.time(promotion.starts_at),
          expires_at: Inventory.time(promotion.expires_at),
          time_zone: Inventory.time_zone,
          usage_limit: promotion.usage_limit,
          per_code_usage_limit: promotion.per_code_usage_limit,
          uses: uses.fetch(promotion.id, 0),
          match_policy: MATCH_POLICY,
          category: promotion.category&.name,
          rules: benefits.flat_map { |benefit| benefit.conditions.sort_by(&:id).map { describe_condition(_1) } },
          actions: benefits.map { |benefit| describe_benefit(benefit) },
          lane: promotion.lane,
          customer_label: promotion.customer_label,
          created_at: Inventory.time(promotion.created_at),
          updated_at: Inventory.time(promotion.updated_at)
        }
      end

      def describe_benefit(benefit)
        calculator = benefit.try(:calculator)
        {
          id: benefit.id,
          type: benefit.class.name,
          settings: Inventory.preferences(benefit),
          calculator: calculator && { type: calculator.class.name, settings: Inventory.preferences(calculator),
                                      currency: Inventory.preferences(calculator)['currency'] },
          conditions: benefit.conditions.sort_by(&:id).map { describe_condition(_1) }
        }
      end

      # The condition's preferences and the records it names by what can be looked up, as the
      # legacy document names a rule's.
      def describe_condition(condition)
        settings = Inventory.preferences(condition)
        klass = condition.class
        if klass.reflect_on_association(:products)
          settings['products'] = condition.products.map { { sku: _1.master&.sku, name: _1.name } }.sort_by { _1[:sku].to_s }
        end
        settings['taxons'] = condition.taxons.map { { permalink: _1.permalink, name: _1.name } }.sort_by { _1[:permalink].to_s } if klass.reflect_on_association(:taxons)
        settings['stores'] = condition.stores.map { { code: _1.code, name: _1.name } }.sort_by { _1[:code].to_s } if klass.reflect_on_association(:stores)
        settings['user_count'] = condition.users.count if klass.reflect_on_association(:users)
        settings['roles'] = ::Spree::Role.where(id: Array(condition.preferred_role_ids).map(&:to_i)).pluck(:name).sort if condition.respond_to?(:preferred_role_ids)
        { type: klass.name, settings: }
      end

      # SolidusPromotions::PromotionCode#usage_count for the listed codes: { code_id => orders }.
      def code_uses(code_ids)
        return {} if code_ids.empty?

        order_promotions = ::SolidusPromotions::OrderPromotion.table_name
        benefits = ::SolidusPromotions::Benefit.table_name
        orders_discounted
          .joins("INNER JOIN #{order_promotions} ON #{order_promotions}.order_id = #{::Spree::Order.table_name}.id " \
                 "AND #{order_promotions}.promotion_id = #{benefits}.promotion_id")
          .where(order_promotions => { promotion_code_id: code_ids })
          .group("#{order_promotions}.promotion_code_id")
          .distinct.count("#{::Spree::Order.table_name}.id")
      end
    end
  end
end

# frozen_string_literal: true

require 'solidus_holiday_ready/inventory/engine_adapter'

module SolidusHolidayReady
  module Inventory
    # The inventory of a store that runs solidus_legacy_promotions (Solidus 4.6's default engine),
    # read the way that engine reads its promotions (solidus_legacy_promotions 4.6:
    # app/models/spree/promotion.rb and its rules, actions and calculators):
    #
    # - every promotion, by id; rules and actions through the promotion's own associations (so a
    #   discarded action is left out, as the engine leaves it out);
    # - uses so far as Spree::Promotion#usage_count counts them: completed, non-canceled orders with
    #   an eligible adjustment from one of the promotion's actions; a code's as
    #   Spree::PromotionCode#usage_count does (those orders, connected to the order with that code);
    # - the rules' settings with the records they name (products by SKU, taxons by permalink,
    #   stores by code, roles by name), the actions' calculators with their preferences.
    #
    # The only file of the extension that names Spree::Promotion and its kin, and only inside
    # methods: loading it never loads the legacy engine's classes.
    #
    # Queries per page are a constant, whatever the number of promotions, rules or codes on it:
    # the promotions with their categories, rules and actions; one preload per kind of rule and
    # action (products and their SKUs, taxons, stores, calculators); roles; rule users counted;
    # codes listed and counted in one windowed query; uses by promotion and by code.
    class LegacyPromotions < EngineAdapter
      # The legacy engine has no promotion-level match policy any more (the column is gone): a
      # promotion applies when every rule that applies to the order or line item holds.
      MATCH_POLICY = 'all'

      def page(offset:, limit:)
        promotions = ::Spree::Promotion.order(:id).offset(offset).limit(limit)
                                       .includes(:promotion_category, :promotion_rules, :promotion_actions).to_a
        return [] if promotions.empty?

        rules = promotions.flat_map(&:promotion_rules)
        actions = promotions.flat_map(&:promotion_actions)
        preload(rules) { |rule| rule_associations(rule.class) }
        preload(actions, &:preload_relations)
        context = Context.new(
          roles: role_names(rules),
          user_counts: user_counts(rules),
          option_values: option_value_names(rules),
          codes: codes(promotions.map(&:id)),
          uses: uses(promotions.map(&:id))
        )
        context.code_uses = code_uses(promotions.map(&:id), context.codes.values.flat_map { _1[:listed] })
        promotions.map { |promotion| describe(promotion, context) }
      end

      Context = Struct.new(:roles, :user_counts, :option_values, :codes, :uses, :code_uses, keyword_init: true)

      private

      def promotion_class
        ::Spree::Promotion
      end

      def code_class
        ::Spree::PromotionCode
      end

      def action_class
        ::Spree::PromotionAction
      end

      # Spree::Promotion#usage_count counts eligible adjustments of kept (not discarded) actions.
      def counted_adjustments
        { eligible: true }
      end

      def counted_actions
        { deleted_at: nil }
      end

      def describe(promotion, context)
        {
          id: promotion.id,
          name: promotion.name,
          description: promotion.description,
          apply_automatically: promotion.apply_automatically,
          advertise: promotion.advertise,
          path: promotion.path,
          codes: describe_codes(context.codes[promotion.id], context.code_uses),
          starts_at: Inventory.time(promotion.starts_at),
          expires_at: Inventory.time(promotion.expires_at),
          time_zone: Inventory.time_zone,
          usage_limit: promotion.usage_limit,
          per_code_usage_limit: promotion.per_code_usage_limit,
          uses: context.uses.fetch(promotion.id, 0),
          match_policy: MATCH_POLICY,
          category: promotion.promotion_category&.name,
          rules: promotion.promotion_rules.sort_by(&:id).map { |rule| describe_rule(rule, context) },
          actions: promotion.promotion_actions.sort_by { [_1.position || 0, _1.id] }.map { |action| describe_action(action) },
          created_at: Inventory.time(promotion.created_at),
          updated_at: Inventory.time(promotion.updated_at)
        }
      end

      # The rule's preferences (amount, operator, currency, match_policy, ...), and the records it
      # names by what a person or the harness can look up: SKUs, permalinks, store codes, role names.
      def describe_rule(rule, context)
        settings = Inventory.preferences(rule)
        klass = rule.class
        if klass.reflect_on_association(:products)
          settings['products'] = rule.products.map { { sku: _1.master&.sku, name: _1.name } }.sort_by { _1[:sku].to_s }
        end
        settings['taxons'] = rule.taxons.map { { permalink: _1.permalink, name: _1.name } }.sort_by { _1[:permalink].to_s } if klass.reflect_on_association(:taxons)
        settings['stores'] = rule.stores.map { { code: _1.code, name: _1.name } }.sort_by { _1[:code].to_s } if klass.reflect_on_association(:stores)
        settings['user_count'] = context.user_counts.fetch(rule.id, 0) if klass.reflect_on_association(:users)
        if rule.respond_to?(:preferred_role_ids)
          settings['roles'] = Array(rule.preferred_role_ids).filter_map { context.roles[_1.to_i] }.sort
        end
        if rule.respond_to?(:preferred_eligible_values)
          settings['option_values'] = rule.preferred_eligible_values.map do |product_id, value_ids|
            product = context.option_values[:products].fetch(product_id, {})
            { sku: product[:sku], name: product[:name], values: value_ids.filter_map { context.option_values[:values][_1] } }
          end
        end
        { type: klass.name, settings: }
      end

      def describe_action(action)
        calculator = action.try(:calculator)
        {
          type: action.class.name,
          settings: Inventory.preferences(action),
          calculator: calculator && describe_calculator(calculator)
        }
      end

      def describe_calculator(calculator)
        settings = Inventory.preferences(calculator)
        { type: calculator.class.name, settings:, currency: settings['currency'] }
      end

      # Preloads what each record needs (the block names it for one record), in one pass per
      # distinct need: rules and actions are single-table-inheritance records whose associations
      # differ by class, and Active Record cannot preload an association on a class without it.
      # Classes that need the same (every calculated action: Solidus's own `preload_relations`,
      # [:calculator]) share one query.
      def preload(records)
        records.group_by { yield(_1) }.each do |associations, group|
          ::ActiveRecord::Associations::Preloader.new(records: group, associations:).call if associations.present?
        end
      end

      # What describe_rule reads of a rule class's associations. Users are only counted (user_counts).
      def rule_associations(klass)
        [
          (klass.reflect_on_association(:products) && { products: :master }),
          (klass.reflect_on_association(:taxons) && :taxons),
          (klass.reflect_on_association(:stores) && :stores)
        ].compact
      end

      def role_names(rules)
        ids = rules.select { _1.respond_to?(:preferred_role_ids) }.flat_map { Array(_1.preferred_role_ids) }.map(&:to_i).uniq
        return {} if ids.empty?

        ::Spree::Role.where(id: ids).pluck(:id, :name).to_h
      end

      def user_counts(rules)
        ids = rules.select { _1.class.reflect_on_association(:users) }.map(&:id)
        return {} if ids.empty?

        ::Spree::PromotionRuleUser.where(promotion_rule_id: ids).group(:promotion_rule_id).count
      end

      # Products (by id) and option values (by id) named in option value rules' eligible_values.
      def option_value_names(rules)
        eligible = rules.select { _1.respond_to?(:preferred_eligible_values) }.map(&:preferred_eligible_values)
        product_ids = eligible.flat_map(&:keys).uniq
        value_ids = eligible.flat_map { _1.values.flatten }.uniq
        products = product_ids.empty? ? {} : ::Spree::Variant.with_discarded.where(is_master: true, product_id: product_ids)
                                                   .joins(:product).pluck(:product_id, :sku, 'spree_products.name')
                                                   .to_h { |id, sku, name| [id, { sku:, name: }] }
        values = value_ids.empty? ? {} : ::Spree::OptionValue.where(id: value_ids).includes(:option_type)
                                                   .to_h { [_1.id, "#{_1.option_type&.presentation}: #{_1.presentation}"] }
        { products:, values: }
      end

      # Spree::PromotionCode#usage_count for the listed codes at once: { code_id => orders }.
      def code_uses(promotion_ids, listed)
        return {} if listed.empty?

        order_promotions = ::Spree::OrderPromotion.table_name
        codes = ::Spree::PromotionCode.table_name
        discounted_orders(promotion_ids)
          .joins(:order_promotions)
          .joins("INNER JOIN #{codes} ON #{codes}.id = #{order_promotions}.promotion_code_id " \
                 "AND #{codes}.promotion_id = #{::Spree::PromotionAction.table_name}.promotion_id")
          .where(order_promotions => { promotion_code_id: listed.map(&:first) })
          .group("#{order_promotions}.promotion_code_id")
          .distinct.count("#{::Spree::Order.table_name}.id")
      end
    end
  end
end

# frozen_string_literal: true

require File.expand_path('../../../sandbox/db/seeds/catalog', __dir__) # AcmeSeeds::SiteSchedule: the sandbox's windows

# The extension on a store that runs Solidus's new promotion engine, solidus_promotions 4.6 (the
# sandbox's promotions store; EXTENSION_SPEC_STORE=promotions extension/bin/spec): the signed clock
# decides what the engine's coupon handler and order adjuster see, and the inventory describes its
# promotions (lanes, conditions, benefits, calculators) in the legacy engine's document.
RSpec.describe 'The extension on solidus_promotions', type: :request, engine: :solidus_promotions do
  let(:tomorrow) { 1.day.from_now.change(usec: 0) }
  let(:window) { tomorrow..(tomorrow + 2.days) }
  let(:inside) { tomorrow + 1.hour }

  around { |example| with_clock_secret { example.run } }

  # A promotion of the new engine for each example: a distributed amount off the order (no
  # conditions), live over `window`, in `lane`.
  def create_engine_promotion(window:, code: nil, amount: 7, lane: :default)
    name = "Spec engine #{code || 'automatic'} #{SecureRandom.hex(4)}"
    promotion = SolidusPromotions::Promotion.new(name:, customer_label: name, apply_automatically: code.nil?, lane:,
                                                 starts_at: window.begin, expires_at: window.end)
    promotion.benefits << SolidusPromotions::Benefits::AdjustLineItem.new(
      calculator: SolidusPromotions::Calculators::DistributedAmount.new(preferred_amount: amount, preferred_currency: 'USD')
    )
    promotion.save!
    promotion.codes.create!(value: code.downcase) if code
    promotion
  end

  # The eligible adjustments of the new engine's benefits on the order: [label, source type].
  def benefit_adjustments(cart)
    Spree::Order.find_by!(number: cart[:number]).all_adjustments
                .where(source_type: 'SolidusPromotions::Benefit', eligible: true).map { [_1.label, _1.source_type] }.uniq
  end

  describe 'the signed clock' do
    let(:code) { unique_code('ENGINE') }

    it 'lets a code whose window starts tomorrow apply at a signed moment inside it, and names the moment' do
      promotion = create_engine_promotion(window:, code:)
      cart = create_cart
      response = apply_code(cart, code, headers: clock_headers(inside))
      expect([response.status, JSON.parse(response.body)['status_code']]).to eq([200, 'coupon_code_applied'])
      expect(response.headers['Holiday-Ready-Clock']).to eq(inside.in_time_zone('America/New_York').iso8601)
      expect(benefit_adjustments(cart)).to eq([["Promotion (#{promotion.name})", 'SolidusPromotions::Benefit']])
    end

    it 'does not know the code without the clock or a minute before its window, and calls it expired after it' do
      create_engine_promotion(window:, code:)
      cart = create_cart
      expect(JSON.parse(apply_code(cart, code).body)['status_code']).to eq('coupon_code_not_found')
      before = apply_code(cart, code, headers: clock_headers(tomorrow - 1.minute))
      expect([before.status, JSON.parse(before.body)['status_code']]).to eq([422, 'coupon_code_not_found'])
      after = apply_code(create_cart, code, headers: clock_headers(window.end + 1.minute))
      expect([after.status, JSON.parse(after.body)['status_code']]).to eq([422, 'coupon_code_expired'])
      expect(benefit_adjustments(cart)).to be_empty
    end

    it 'applies an automatic promotion to a cart built at a signed moment inside its window, not to one built now' do
      promotion = create_engine_promotion(window:)
      at_moment = create_cart(headers: clock_headers(inside))
      now = create_cart
      expect(benefit_adjustments(at_moment)).to include(["Promotion (#{promotion.name})", 'SolidusPromotions::Benefit'])
      expect(benefit_adjustments(now).map(&:first)).not_to include("Promotion (#{promotion.name})")
    end
  end

  describe 'the promotion inventory' do
    def promotion_named(document, name)
      document['promotions'].find { _1['name'] == name } or raise "no promotion #{name.inspect} in the inventory"
    end

    it 'names the engine and reads every promotion of the store' do
      document = inventory_json(per_page: 500)
      expect(document['engine']).to eq('solidus_promotions')
      expect(document.keys).to eq(%w[schema_version extension_version engine store promotions pagination])
      expect(document['pagination']['total_count']).to eq(SolidusPromotions::Promotion.count)
      expect(document['promotions'].map { _1['id'] }).to eq(SolidusPromotions::Promotion.order(:id).pluck(:id))
    end

    it "describes an amount off the order as the engine holds it: a benefit on the items with a distributed amount, its conditions, its lane" do
      take10 = promotion_named(inventory_json(per_page: 500), '$10 off orders over $100')
      starts, ends = AcmeSeeds::SiteSchedule.new(File.expand_path('../../../sites/acme-promotions.yml', __dir__)).window('TAKE10')
      benefit = SolidusPromotions::Promotion.find_by!(name: '$10 off orders over $100').benefits.sole
      expect(take10).to include(
        'apply_automatically' => false, 'lane' => 'default', 'match_policy' => 'all',
        'codes' => { 'count' => 1, 'values' => [{ 'value' => 'take10', 'uses' => 0 }], 'truncated' => false },
        'starts_at' => starts.iso8601, 'expires_at' => ends.iso8601, 'time_zone' => 'America/New_York',
        'rules' => [{ 'type' => 'SolidusPromotions::Conditions::ItemTotal',
                      'settings' => { 'amount' => '100.0', 'currency' => 'USD', 'operator' => 'gt' } }]
      )
      expect(take10['actions']).to eq([{
        'id' => benefit.id, 'type' => 'SolidusPromotions::Benefits::AdjustLineItem', 'settings' => {},
        'calculator' => { 'type' => 'SolidusPromotions::Calculators::DistributedAmount',
                          'settings' => { 'amount' => '10.0', 'currency' => 'USD' }, 'currency' => 'USD' },
        'conditions' => take10['rules']
      }])
    end

    it "lists a benefit's conditions with the records they name, the site-exclusive condition and the post lane" do
      document = inventory_json(per_page: 500)
      black_friday = promotion_named(document, 'Black Friday 50% off')
      expect(black_friday['lane']).to eq('post')
      expect(black_friday['actions'].map { [_1['type'], _1['calculator']['type'], _1['conditions'].map { |c| c['type'] }] })
        .to eq([['SolidusPromotions::Benefits::AdjustLineItem', 'SolidusPromotions::Calculators::Percent', ['SolidusPromotions::Conditions::SiteExclusive']]])
      home = promotion_named(document, 'Home sale 20% off')
      expect(home).to include('apply_automatically' => true, 'lane' => 'default', 'codes' => { 'count' => 0, 'values' => [], 'truncated' => false })
      expect(home['rules']).to eq([{ 'type' => 'SolidusPromotions::Conditions::Taxon',
                                     'settings' => { 'line_item_applicable' => true, 'match_policy' => 'any',
                                                     'taxons' => [{ 'permalink' => 'categories/home', 'name' => 'Home' }] } }])
      shipping = promotion_named(document, 'Free Shipping on All Orders over $85')
      expect(shipping['actions'].map { [_1['type'], _1['calculator']['settings']] })
        .to eq([['SolidusPromotions::Benefits::AdjustShipment', { 'percent' => '100.0' }]])
    end

    it 'counts the completed orders a promotion and its code discounted, as the engine counts them against its limits' do
      ActiveRecord::Base.transaction do
        promotion = create_engine_promotion(window: 1.day.ago..1.day.from_now, code: unique_code('USED'))
        code = promotion.codes.sole
        order = Spree::Order.create!(email: 'inventory@acme-outfitters.test', store: Spree::Store.default)
        order.update_columns(state: 'complete', completed_at: Time.current)
        order.adjustments.create!(order:, source: promotion.benefits.first, amount: -5, label: 'Promotion (spec)', eligible: true)
        SolidusPromotions::OrderPromotion.create!(order:, promotion:, promotion_code: code)
        described = promotion_named(inventory_json(per_page: 500), promotion.name)
        expect(described['uses']).to eq(promotion.usage_count)
        expect(described['uses']).to eq(1)
        expect(described['codes']['values']).to eq([{ 'value' => code.value, 'uses' => code.usage_count }])
        expect(code.usage_count).to eq(1)
        raise ActiveRecord::Rollback
      end
    end

    it 'writes nothing while it answers' do
      before = row_counts
      statements = sql_of { inventory_json(per_page: 500) }
      expect(statements.grep(InventoryHelpers::WRITE)).to be_empty
      expect(row_counts).to eq(before)
    end
  end
end

# frozen_string_literal: true

require 'open3'
require File.expand_path('../../../sandbox/db/seeds/catalog', __dir__) # AcmeSeeds::SiteSchedule: the sandbox's windows

# GET /api/holiday_ready/inventory through the whole store, as the harness calls it.
RSpec.describe 'The promotion inventory', type: :request do
  # What an example creates is rolled back after it: the examples of the clock specs, which leave
  # their promotions behind, may run before or after these, so counts are read from the store.
  def self.rolled_back
    around do |example|
      ActiveRecord::Base.transaction do
        example.run
        raise ActiveRecord::Rollback
      end
    end
  end

  def promotion_named(document, name)
    document['promotions'].find { _1['name'] == name } or raise "no promotion #{name.inspect} in the inventory"
  end

  describe 'who may read it' do
    it 'refuses a request without an API key with a 401 that says how to send one' do
      response = inventory(key: nil)
      expect(response.status).to eq(401)
      expect(response.headers['WWW-Authenticate']).to eq('Bearer')
      expect(response.content_type).to start_with('application/json')
      expect(JSON.parse(response.body)).to eq('error' => 'An admin API key is required: send it as Authorization: Bearer <key>.')
    end

    it 'refuses a key no user has with a 401' do
      response = inventory(key: "not-a-key-#{SecureRandom.hex(8)}")
      expect(response.status).to eq(401)
      expect(JSON.parse(response.body)).to eq('error' => 'The API key is not valid.')
    end

    it "refuses a customer's key with a 403" do
      response = inventory(key: create_user.spree_api_key)
      expect(response.status).to eq(403)
      expect(response.content_type).to start_with('application/json')
      expect(JSON.parse(response.body)['error']).to match(/for admins only/)
    end

    it 'never takes the key from the query string, where logs keep it' do
      expect(inventory({ token: admin_key }, key: nil).status).to eq(401)
    end

    it "answers any admin's key, with a document that is never cached" do
      response = inventory(key: create_user(admin: true).spree_api_key)
      expect(response.status).to eq(200)
      expect(response.headers['Cache-Control']).to eq('no-store')
      expect(JSON.parse(response.body).keys).to eq(%w[schema_version extension_version engine store promotions pagination])
    end
  end

  describe 'read-only' do
    it 'is routed for GET only: POST, PUT, PATCH and DELETE are not found' do
      expect(Rails.application.routes.recognize_path(InventoryHelpers::INVENTORY, method: :get))
        .to include(controller: 'solidus_holiday_ready/inventory', action: 'show')
      %i[post put patch delete].each do |method|
        expect { Rails.application.routes.recognize_path(InventoryHelpers::INVENTORY, method:) }
          .to raise_error(ActionController::RoutingError)
        response = store_request(method, InventoryHelpers::INVENTORY, headers: { 'Authorization' => "Bearer #{admin_key}" })
        expect(response.status).to eq(404), "#{method.upcase} answered #{response.status}"
      end
    end

    it 'sends the database no write and leaves every table as it was' do
      before = row_counts
      statements = sql_of { expect(inventory_json).to include('engine' => 'legacy') }
      expect(statements).not_to be_empty
      expect(statements.grep(InventoryHelpers::WRITE)).to eq([])
      expect(row_counts).to eq(before)
    end

    it 'refuses a write attempted while it answers: the request runs with writes prevented' do
      promotion = Spree::Promotion.order(:id).first
      stamped = promotion.updated_at
      adapter = SolidusHolidayReady::Inventory::LegacyPromotions
      write = Module.new do
        define_method(:ids_summary) { Spree::Promotion.where(id: promotion.id).update_all(updated_at: 1.day.from_now) && super() }
      end
      adapter.prepend(write)
      raised = []
      record = ->(*, payload) { raised << payload[:exception]&.first }
      begin
        ActiveSupport::Notifications.subscribed(record, 'process_action.action_controller') do
          expect(inventory.status).to eq(500)
        end
      ensure
        write.send(:remove_method, :ids_summary)
      end
      expect(raised).to eq(['ActiveRecord::ReadOnlyError'])
      expect(promotion.reload.updated_at).to eq(stamped)
    end
  end

  describe 'paging' do
    rolled_back

    before do
      7.times { |i| create_promotion(window: 1.day.ago..1.day.from_now, code: unique_code("PAGE#{i}")) }
    end

    let(:ids) { Spree::Promotion.order(:id).pluck(:id) }
    let(:snapshot) { "#{ids.size}-#{ids.sum}" }

    it 'pages in id order, per_page at a time, with the totals on every page' do
      total_pages = (ids.size / 3.0).ceil
      pages = (1..total_pages).map { |page| inventory_json(page:, per_page: 3) }
      expect(pages.flat_map { |doc| doc['promotions'].map { _1['id'] } }).to eq(ids)
      expect(pages.map { _1['promotions'].size }).to eq(ids.each_slice(3).map(&:size))
      expect(pages.map { _1['pagination'] }).to eq((1..total_pages).map do |page|
        { 'page' => page, 'per_page' => 3, 'total_count' => ids.size, 'total_pages' => total_pages, 'snapshot' => snapshot }
      end)
    end

    it 'starts page 2 where page 1 ended' do
      first = inventory_json(per_page: 2)
      second = inventory_json(page: 2, per_page: 2)
      expect(first['promotions'].map { _1['id'] }).to eq(ids.first(2))
      expect(second['promotions'].map { _1['id'] }).to eq(ids[2, 2])
    end

    it 'answers page 1 of up to 100 promotions when no page is asked for' do
      expect(inventory_json['pagination']).to eq('page' => 1, 'per_page' => 100, 'total_count' => ids.size,
                                                 'total_pages' => (ids.size / 100.0).ceil, 'snapshot' => snapshot)
    end

    it 'answers a page past the last with no promotions and the same totals' do
      document = inventory_json(page: 99, per_page: 5)
      expect(document['promotions']).to eq([])
      expect(document['pagination']).to eq('page' => 99, 'per_page' => 5, 'total_count' => ids.size,
                                           'total_pages' => (ids.size / 5.0).ceil, 'snapshot' => snapshot)
    end

    it 'refuses a page or a page size that is not a whole number in range with a 400 that says so' do
      {
        'page=0' => 'page must be a whole number from 1, not "0"',
        'page=two' => 'page must be a whole number from 1, not "two"',
        'page=1.5' => 'page must be a whole number from 1, not "1.5"',
        'per_page=0' => 'per_page must be a whole number from 1 to 500, not "0"',
        'per_page=501' => 'per_page must be a whole number from 1 to 500, not "501"',
        'per_page=-3' => 'per_page must be a whole number from 1 to 500, not "-3"'
      }.each do |query, message|
        response = inventory(query)
        expect([response.status, JSON.parse(response.body)]).to eq([400, { 'error' => message }]), query
      end
    end

    it 'changes the snapshot of every page when a promotion is created or deleted, so a reader between pages can tell' do
      before = inventory_json(per_page: 2)['pagination']['snapshot']
      expect(inventory_json(page: 2, per_page: 2)['pagination']['snapshot']).to eq(before)

      Spree::Promotion.find(ids.first).destroy!
      deleted = inventory_json(page: 2, per_page: 2)['pagination']['snapshot']
      expect(deleted).not_to eq(before)

      create_promotion(window: 1.day.ago..1.day.from_now)
      replaced = inventory_json(page: 2, per_page: 2)['pagination']
      expect(replaced['total_count']).to eq(ids.size)
      expect(replaced['snapshot']).not_to eq(before)
      expect(replaced['snapshot']).not_to eq(deleted)
    end

    it 'answers the largest page, 500 promotions' do
      expect(inventory_json(per_page: 500)['promotions'].size).to eq([ids.size, 500].min)
    end
  end

  describe "the sandbox store's promotions" do
    let(:document) { inventory_json(per_page: 500) }
    let(:schedule) { AcmeSeeds::SiteSchedule.new }

    # The window sites/acme.yml gives a campaign, as the seeds wrote it, in the store's zone.
    def window_of(code)
      starts, ends, = schedule.window(code)
      [starts&.iso8601, ends&.iso8601]
    end

    it 'says which engine, currency, time zone and URL the store runs with' do
      expect(document).to include('schema_version' => 1, 'extension_version' => SolidusHolidayReady::VERSION, 'engine' => 'legacy')
      expect(document['store']).to eq('name' => 'Acme Outfitters', 'code' => 'acme', 'url' => '127.0.0.1:3000',
                                      'currency' => 'USD', 'time_zone' => 'America/New_York')
    end

    it 'describes BLACKFRIDAY50: its code, its window in the store zone, the site-exclusive rule and 50% off each item' do
      promotion = promotion_named(document, 'Black Friday 50% off')
      expect(promotion).to include(
        'apply_automatically' => false,
        'codes' => { 'count' => 1, 'values' => [{ 'value' => 'blackfriday50', 'uses' => 0 }], 'truncated' => false },
        'starts_at' => window_of('BLACKFRIDAY50')[0], 'expires_at' => window_of('BLACKFRIDAY50')[1],
        'time_zone' => 'America/New_York', 'usage_limit' => nil, 'per_code_usage_limit' => nil, 'uses' => 0,
        'match_policy' => 'all', 'category' => nil
      )
      expect(promotion['starts_at']).to match(/\A2026-11-27T00:00:00-05:00\z/)
      expect(promotion['rules']).to eq([{ 'type' => 'Spree::Promotion::Rules::SiteExclusive', 'settings' => {} }])
      expect(promotion['actions']).to eq([{
                                           'type' => 'Spree::Promotion::Actions::CreateItemAdjustments', 'settings' => {},
                                           'calculator' => { 'type' => 'Spree::Calculator::PercentOnLineItem',
                                                             'settings' => { 'percent' => '50.0' }, 'currency' => nil }
                                         }])
    end

    it 'describes free shipping over $85: automatic, no codes, an item total of at least 85 USD' do
      promotion = promotion_named(document, 'Free Shipping on All Orders over $85')
      expect(promotion).to include('apply_automatically' => true, 'expires_at' => nil,
                                   'codes' => { 'count' => 0, 'values' => [], 'truncated' => false })
      expect(promotion['rules']).to eq([{ 'type' => 'Spree::Promotion::Rules::ItemTotal',
                                          'settings' => { 'amount' => '85.0', 'currency' => 'USD', 'operator' => 'gte' } }])
      expect(promotion['actions']).to eq([{ 'type' => 'Spree::Promotion::Actions::FreeShipping', 'settings' => {}, 'calculator' => nil }])
    end

    it 'describes OUTERWEAR20 by its taxon permalink and TAKE10 by its threshold and flat amount' do
      outerwear = promotion_named(document, 'Outerwear 20% off')
      expect(outerwear['rules']).to eq([{ 'type' => 'Spree::Promotion::Rules::Taxon', 'settings' => {
                                         'match_policy' => 'any', 'taxons' => [{ 'permalink' => 'categories/outerwear', 'name' => 'Outerwear' }]
                                       } }])
      expect(outerwear['actions'].map { _1.dig('calculator', 'settings') }).to eq([{ 'percent' => '20.0' }])
      expect([outerwear['starts_at'], outerwear['expires_at']]).to eq(window_of('OUTERWEAR20'))

      take10 = promotion_named(document, '$10 off orders over $100')
      expect(take10['rules'].map { _1['settings'] }).to eq([{ 'amount' => '100.0', 'currency' => 'USD', 'operator' => 'gt' }])
      expect(take10['actions']).to eq([{ 'type' => 'Spree::Promotion::Actions::CreateAdjustment', 'settings' => {},
                                         'calculator' => { 'type' => 'Spree::Calculator::FlatRate',
                                                           'settings' => { 'amount' => '10.0', 'currency' => 'USD' }, 'currency' => 'USD' } }])
    end

    it 'holds the promotions sites/acme.yml does not mention (db/seeds/inventory.rb), as production does but LASTCALL30' do
      names = document['promotions'].map { _1['name'] }
      expect(names).to include('Cozy Home 15% off the Wool Throw', 'Wool Throw Blanket $20 off', 'Doorbuster $25 off orders of $300 or more',
                               'Free mug with orders of $75 or more', 'Thank-you 10% off', 'Cyber Monday 25% off tops', '$15 off orders over $100',
                               'Welcome back 15% off your second order', 'TEST staff discount 40% (do not use)')
      expect(names.count('Free Shipping on All Orders over $85')).to eq(2) # and last year's copy, over since January
      expect(names).not_to include('Last call 30% off')
      cyber = promotion_named(document, 'Cyber Monday 25% off tops')
      expect([cyber['starts_at'], cyber['expires_at']]).to eq(['2026-11-29T19:00:00-05:00', '2026-11-30T19:00:00-05:00']) # midnight UTC
      expect(cyber['rules'].map { _1['type'].demodulize }).to eq(%w[Taxon ItemTotal])
      expect(promotion_named(document, 'Thank-you 10% off')['per_code_usage_limit']).to eq(0)
      expect(promotion_named(document, 'Free mug with orders of $75 or more')['actions']).to eq([])
      expect(promotion_named(document, '$15 off orders over $100')['actions'].map { _1.dig('calculator', 'currency') }).to eq(['CAD'])
      expect(promotion_named(document, 'Welcome back 15% off your second order')['rules'].map { _1['type'].demodulize }).to eq(%w[FirstOrder NthOrder])
      expect(promotion_named(document, 'Outerwear 20% off')).to include('usage_limit' => 5000, 'uses' => 0)
      automatic = document['promotions'].select { _1['apply_automatically'] }.map { _1['name'] }
      expect(automatic).to include('Cozy Home 15% off the Wool Throw', 'Wool Throw Blanket $20 off', 'Doorbuster $25 off orders of $300 or more')
    end
  end

  describe 'what it says of a promotion' do
    rolled_back

    let(:jacket) { Spree::Variant.find_by!(sku: 'JKT-001').product }
    let(:tee) { Spree::Variant.find_by!(sku: 'TOP-005').product }
    let(:shell) { Spree::Variant.find_by!(sku: 'JKT-002-M') }

    def described(promotion)
      page = inventory_json(per_page: 500)
      page['promotions'].find { _1['id'] == promotion.id } or raise "promotion #{promotion.id} is not in the inventory"
    end

    it 'names the records its rules name: products by SKU, taxons by permalink, roles by name, stores by code' do
      customer = create_user
      promotion = Spree::Promotion.new(name: 'VIP weekend', per_code_usage_limit: 1, usage_limit: 500,
                                       promotion_category: Spree::PromotionCategory.create!(name: 'Loyalty', code: 'loyalty'))
      products = Spree::Promotion::Rules::Product.new(preferred_match_policy: 'all')
      products.products = [tee, jacket]
      taxons = Spree::Promotion::Rules::Taxon.new(preferred_match_policy: 'none')
      taxons.taxons = [Spree::Taxon.find_by!(name: 'Home')]
      users = Spree::Promotion::Rules::User.new
      users.users = [customer]
      stores = Spree::Promotion::Rules::Store.new
      stores.stores = [Spree::Store.default]
      promotion.rules.push(products, taxons, users, stores,
                           Spree::Promotion::Rules::UserRole.new(preferred_role_ids: [Spree::Role.find_by!(name: 'admin').id],
                                                                 preferred_match_policy: 'any'),
                           Spree::Promotion::Rules::OptionValue.new(preferred_eligible_values: { shell.product_id.to_s => shell.option_value_ids.map(&:to_s).join(',') }),
                           Spree::Promotion::Rules::MinimumQuantity.new(preferred_minimum_quantity: 3),
                           Spree::Promotion::Rules::ItemTotal.new(preferred_amount: 49.99, preferred_operator: 'gt', preferred_currency: 'EUR'))
      promotion.actions << Spree::Promotion::Actions::CreateAdjustment.new(calculator: Spree::Calculator::FlatRate.new(preferred_amount: 5))
      promotion.save!

      rules = described(promotion)['rules'].to_h { [_1['type'].demodulize, _1['settings']] }
      expect(rules).to eq(
        'Product' => { 'match_policy' => 'all', 'products' => [{ 'sku' => 'JKT-001', 'name' => 'Alpine Down Jacket' },
                                                               { 'sku' => 'TOP-005', 'name' => 'Organic Cotton Tee' }] },
        'Taxon' => { 'match_policy' => 'none', 'taxons' => [{ 'permalink' => 'categories/home', 'name' => 'Home' }] },
        'User' => { 'user_count' => 1 },
        'Store' => { 'stores' => [{ 'code' => 'acme', 'name' => 'Acme Outfitters' }] },
        'UserRole' => { 'role_ids' => [Spree::Role.find_by!(name: 'admin').id], 'match_policy' => 'any', 'roles' => ['admin'] },
        'OptionValue' => { 'match_policy' => 'any', 'eligible_values' => { shell.product_id.to_s => shell.option_value_ids },
                           'option_values' => [{ 'sku' => 'JKT-002', 'name' => 'Harbor Rain Shell', 'values' => ['Size: M'] }] },
        'MinimumQuantity' => { 'minimum_quantity' => 3 },
        'ItemTotal' => { 'amount' => '49.99', 'currency' => 'EUR', 'operator' => 'gt' }
      )
      expect(described(promotion)).to include('category' => 'Loyalty', 'usage_limit' => 500, 'per_code_usage_limit' => 1)
    end

    it 'describes each action with its calculator, its settings (decimals as strings, defaults too) and its currency' do
      promotion = Spree::Promotion.new(name: 'Tiers and bundles')
      promotion.actions << Spree::Promotion::Actions::CreateAdjustment.new(
        calculator: Spree::Calculator::TieredFlatRate.new(preferred_base_amount: 5, preferred_tiers: { 100 => 15 }, preferred_currency: 'EUR')
      )
      promotion.actions << Spree::Promotion::Actions::CreateQuantityAdjustments.new(
        preferred_group_size: 2, calculator: Spree::Calculator::PercentOnLineItem.new(preferred_percent: 25)
      )
      promotion.actions << Spree::Promotion::Actions::FreeShipping.new
      promotion.actions << Spree::Promotion::Actions::CreateItemAdjustments.new(calculator: Spree::Calculator::FlexiRate.new)
      promotion.save!

      expect(described(promotion)['actions'].last['calculator']).to eq(
        'type' => 'Spree::Calculator::FlexiRate', 'currency' => 'USD',
        'settings' => { 'first_item' => '0.0', 'additional_item' => '0.0', 'max_items' => 0, 'currency' => 'USD' }
      )
      expect(described(promotion)['actions'].first(3)).to eq([
                                                      { 'type' => 'Spree::Promotion::Actions::CreateAdjustment', 'settings' => {},
                                                        'calculator' => { 'type' => 'Spree::Calculator::TieredFlatRate', 'currency' => 'EUR',
                                                                          'settings' => { 'base_amount' => '5.0', 'tiers' => { '100.0' => '15.0' }, 'currency' => 'EUR' } } },
                                                      { 'type' => 'Spree::Promotion::Actions::CreateQuantityAdjustments', 'settings' => { 'group_size' => 2 },
                                                        'calculator' => { 'type' => 'Spree::Calculator::PercentOnLineItem', 'currency' => nil,
                                                                          'settings' => { 'percent' => '25.0' } } },
                                                      { 'type' => 'Spree::Promotion::Actions::FreeShipping', 'settings' => {}, 'calculator' => nil }
                                                    ])
    end

    it 'leaves out an action the store discarded, as the engine does' do
      promotion = create_promotion(window: 1.day.ago..1.day.from_now)
      promotion.actions.first.discard!
      expect(described(promotion)['actions']).to eq([])
    end

    it 'counts all codes and lists the first 100 by creation' do
      promotion = create_promotion(window: 1.day.ago..1.day.from_now, code: unique_code('BATCH'))
      values = Array.new(120) { |i| format('batch-%<i>03d-%<r>s', i:, r: SecureRandom.hex(2)) }
      Spree::PromotionCode.insert_all!(values.map { { promotion_id: promotion.id, value: _1, created_at: Time.current, updated_at: Time.current } })

      codes = described(promotion)['codes']
      expect(codes['count']).to eq(121)
      expect(codes['truncated']).to be(true)
      expect(codes['values'].size).to eq(100)
      expect(codes['values'].map { _1['value'] }).to eq(promotion.codes.order(:id).limit(100).pluck(:value))
    end

    it 'counts as uses the completed, non-canceled orders it discounted, by promotion and by code' do
      code = unique_code('USED')
      promotion = create_promotion(window: 1.day.ago..1.day.from_now, code:)
      other = promotion.codes.create!(value: unique_code('OTHER').downcase)
      used = promotion.codes.find_by!(value: code.downcase)
      order_using(promotion, code: used)
      order_using(promotion, code: used)
      order_using(promotion, code: other)
      order_using(promotion, code: used, state: 'canceled')
      order_using(promotion, code: used, state: 'cart')
      order_using(promotion, code: used, eligible: false)

      described = described(promotion)
      expect(described['uses']).to eq(promotion.usage_count)
      expect(described['uses']).to eq(3)
      expect(described['codes']['values']).to eq([{ 'value' => code.downcase, 'uses' => used.usage_count },
                                                  { 'value' => other.value, 'uses' => other.usage_count }])
      expect(described['codes']['values'].map { _1['uses'] }).to eq([2, 1])
    end

    it 'writes times in the store zone with their offset, and their zone' do
      promotion = create_promotion(window: Time.utc(2026, 7, 4, 4)..Time.utc(2027, 1, 1, 5))
      expect(described(promotion)).to include('starts_at' => '2026-07-04T00:00:00-04:00', 'expires_at' => '2027-01-01T00:00:00-05:00',
                                              'time_zone' => 'America/New_York')
    end

    it 'asks the database as many questions for a page of 2 promotions as for a page of 40' do
      role = Spree::Role.find_by!(name: 'admin')
      40.times do |i|
        promotion = create_promotion(window: 1.day.ago..1.day.from_now, code: unique_code("N#{i}"))
        products = Spree::Promotion::Rules::Product.new
        products.products = [tee]
        taxons = Spree::Promotion::Rules::Taxon.new
        taxons.taxons = [Spree::Taxon.find_by!(name: 'Home')]
        stores = Spree::Promotion::Rules::Store.new
        stores.stores = [Spree::Store.default]
        promotion.rules.push(products, taxons, stores, Spree::Promotion::Rules::User.new,
                             Spree::Promotion::Rules::UserRole.new(preferred_role_ids: [role.id]),
                             Spree::Promotion::Rules::OptionValue.new(preferred_eligible_values: { shell.product_id.to_s => shell.option_value_ids.join(',') }))
        promotion.actions << Spree::Promotion::Actions::FreeShipping.new
        promotion.actions << Spree::Promotion::Actions::CreateQuantityAdjustments.new(calculator: Spree::Calculator::FlatRate.new(preferred_amount: 2))
        promotion.save!
        order_using(promotion, code: promotion.codes.first)
      end
      last = Spree::Promotion.count
      small = sql_of { inventory_json(page: (last / 2.0).ceil, per_page: 2) }
      large = sql_of { inventory_json(page: (last / 40.0).ceil, per_page: 40) }
      expect(large.size).to eq(small.size)
      expect(large.size).to be <= 25
    end
  end

  describe 'the promotion engine' do
    def configuration_named(name)
      Class.new { define_singleton_method(:name) { name } }.new
    end

    it "is read from the class of the store's promotion configuration, a subclass too" do
      inventory = SolidusHolidayReady::Inventory
      expect(inventory.engine).to eq('legacy')
      expect(inventory.engine(Class.new(SolidusLegacyPromotions::Configuration).new)).to eq('legacy')
      expect(inventory.engine(Spree::Core::NullPromotionConfiguration.new)).to eq('none')
      expect(inventory.engine(configuration_named('SolidusPromotions::Configuration'))).to eq('solidus_promotions')
    end

    it 'answers a store without promotions with none, and one whose engine it cannot read yet with a 501 naming it' do
      allow(SolidusHolidayReady::Inventory).to receive(:engine).and_return('none')
      expect(inventory_json).to include('engine' => 'none', 'promotions' => [],
                                        'pagination' => { 'page' => 1, 'per_page' => 100, 'total_count' => 0, 'total_pages' => 0,
                                                          'snapshot' => '0-0' })

      # An engine the extension has no adapter for (solidus_promotions has one now: spec/requests/solidus_promotions_engine_spec.rb).
      allow(SolidusHolidayReady::Inventory).to receive(:engine).and_return('solidus_promotions')
      stub_const('SolidusHolidayReady::Inventory::ADAPTERS', SolidusHolidayReady::Inventory::ADAPTERS.except('solidus_promotions'))
      response = inventory
      expect(response.status).to eq(501)
      expect(JSON.parse(response.body)).to eq('error' => 'the inventory cannot read the solidus_promotions promotion engine yet',
                                              'engine' => 'solidus_promotions')
    end

    it 'names the legacy classes in the legacy adapter and its patch only' do
      root = File.expand_path('../..', __dir__)
      naming = Dir[File.join(root, '{app,config,lib}', '**', '*.rb')]
               .select { File.read(_1).match?(/Spree::(Promotion\b|PromotionCode|PromotionAction|PromotionRule|OrderPromotion)/) }
               .map { _1.delete_prefix("#{root}/") }
      expect(naming).to contain_exactly('lib/solidus_holiday_ready/inventory/legacy_promotions.rb',
                                        'app/patches/models/solidus_holiday_ready/spree_promotion_patch.rb')
    end

    it "loads without the legacy engine's classes" do
      lib = File.expand_path('../../lib', __dir__)
      script = <<~RUBY
        require 'active_support/all'
        require 'solidus_holiday_ready/version'
        require 'solidus_holiday_ready/inventory'
        require 'solidus_holiday_ready/inventory/legacy_promotions'
        puts [defined?(Spree::Promotion).inspect, defined?(SolidusLegacyPromotions).inspect].join(' ')
      RUBY
      out, err, status = Open3.capture3('ruby', '-I', lib, '-e', script)
      expect(status).to be_success, err
      expect(out.strip).to eq('nil nil')
    end
  end
end

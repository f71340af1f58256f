# frozen_string_literal: true

# Run by spec/production_store_spec.rb with `bin/rails runner` in the sandbox's production store
# environment (bin/_env `store production`), on a throwaway copy of its database: reads every page
# of the promotion inventory with the store's admin key, as the harness does, and prints what the
# store answered, the SQL writes it sent and whether any table changed, as JSON.
require_relative 'store_helpers'
require_relative 'inventory_helpers'
include StoreHelpers # rubocop:disable Style/MixinUsage
include InventoryHelpers # rubocop:disable Style/MixinUsage

before = row_counts
pages = []
statements = sql_of do
  loop do
    response = inventory(page: pages.size + 1, per_page: 2)
    pages << { status: response.status, body: JSON.parse(response.body) }
    break if response.status != 200 || pages.size >= pages.last[:body].dig('pagination', 'total_pages')
  end
end
puts JSON.generate(
  store: ENV.fetch('SANDBOX_STORE', nil),
  statuses: pages.map { _1[:status] },
  engine: pages.first[:body]['engine'],
  url: pages.first[:body].dig('store', 'url'),
  promotions: pages.flat_map { _1[:body]['promotions'].map { |promotion| promotion['name'] } },
  writes: statements.grep(InventoryHelpers::WRITE),
  tables_unchanged: row_counts == before
)

# frozen_string_literal: true

# Checks when a transaction takes SQLite's write lock (config/initializers/sqlite_concurrency.rb).
# Run with `bundle exec rails runner script/sqlite_locking_check.rb` against a copy of a store
# (SANDBOX_DB): it writes to that database. Prints one JSON object; test/e2e/sandbox-sqlite.test.ts
# reads it. "free" means another connection could take the write lock at that moment.
require "json"

db_path = ActiveRecord::Base.connection_db_config.database
other = SQLite3::Database.new(db_path)
other.busy_timeout = 0

# Can another connection take the write lock right now, without waiting?
free = lambda do
  other.execute("BEGIN IMMEDIATE")
  other.execute("ROLLBACK")
  true
rescue SQLite3::BusyException
  false
end

result = {}
store = Spree::Store.first
stock_item = Spree::StockItem.first

ActiveRecord::Base.transaction do
  Spree::Order.count
  Spree::Product.first
  result[:readOnlyTransaction] = free.call
end

ActiveRecord::Base.transaction do
  Spree::Promotion.first
  result[:beforeFirstWrite] = free.call
  store.touch
  result[:afterFirstWrite] = free.call
end
result[:afterCommit] = free.call

stock_item.with_lock do
  result[:insideWithLock] = free.call
end

ActiveRecord::Base.transaction do
  Spree::Order.lock.first
  result[:afterRelationLock] = free.call
end

result[:journalMode] = ActiveRecord::Base.connection.select_value("PRAGMA journal_mode")
puts "SQLITE_LOCKING #{JSON.generate(result)}"
